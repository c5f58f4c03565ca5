"""The start-up benchmark measures real processes; here only that its probe and its command work."""

from __future__ import annotations

import tempfile

from click.testing import CliRunner

from trainer.cli.group import main
from trainer.bench import startup as startup_bench


def test_the_probe_times_a_real_textual_process_on_a_pseudo_terminal():
    with tempfile.TemporaryDirectory() as home:
        interactive, catalog = startup_bench._run(startup_bench.HELLO, home)
    assert 0 < interactive <= catalog < startup_bench.TIMEOUT_S


def test_bench_startup_prints_both_figures_and_the_ratio(monkeypatch):
    fake = {name: startup_bench.Timings([0.2 * (i + 1)], [1.0]) for i, name in enumerate(startup_bench.RUNS)}
    monkeypatch.setattr(startup_bench, "measure", lambda runs: fake)
    result = CliRunner().invoke(main, ["bench", "--startup", "--runs", "1"])
    assert result.exit_code == 0, result.output
    assert "hello app" in result.output and "200 ms" in result.output
    assert "ratio 2.00" in result.output and "ratio 3.00" in result.output
    assert "scenario list filled in after 1000 ms" in result.output and "ratio 5.00 to the bare app's start" in result.output
