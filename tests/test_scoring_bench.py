"""``trainer bench`` runs and prints each figure beside its baseline or goal; speed is never asserted."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from trainer.cli.group import main


def test_bench_prints_every_figure_with_its_baseline():
    result = CliRunner().invoke(main, ["bench", "--replies", "30", "--lexicon", "50", "--runs", "1"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert 'bare python -c "import rapidfuzz, ahocorasick, opencc, yaml"' in out
    assert "trainer score (one reply, compiled rubric cached)" in out and "goal at most 2.00" in out
    assert "from YAML" in out and "from cache" in out and "scenario library" in out
    assert "shipped + 50 generated phrases" in out and "goals 100 µs / 1000 µs" in out
    assert "Served session" in out and "MiB resident" in out and "goal at most 60 MiB" in out


def test_score_imports_neither_textual_nor_click_nor_dataclasses():
    # The script leaves with os._exit (no atexit), so the probe reports from there.
    probe = ("import os, sys\n"
             "leave = os._exit\n"
             "os._exit = lambda code: (sys.stderr.write('UI ' + str(sorted({m.split('.')[0] for m in sys.modules}"
             " & {'textual', 'textual_serve', 'textual_plotext', 'click', 'dataclasses'}))), leave(code))\n"
             "sys.argv = ['trainer', 'score', '您好']\n"
             "from trainer.launch import main\n"
             "main()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "UI []" in done.stderr
