"""A severity has one Chinese name, the same in ``trainer score``, the app's coaching and the rubrics' keys."""

from __future__ import annotations

import subprocess
import sys

from trainer.scoring.severity import SEVERITY_LABELS, severity_label
from trainer.tui.widgets.coach import advice


def test_every_rubric_severity_has_a_name(scorer):
    used = {phrase.severity for phrase in scorer.rubrics.forbidden}
    assert used and used <= set(SEVERITY_LABELS)


def test_cli_and_app_name_a_severity_the_same(scorer):
    result = scorer.score("这是规定")
    [hit] = result.forbidden
    name = severity_label(hit.severity)
    proc = subprocess.run([sys.executable, "-m", "trainer", "score", "这是规定"],
                          capture_output=True, timeout=120)
    assert f", {name})" in proc.stdout.decode("utf-8")
    assert f"、{name}:" in advice(result, None, 3).plain
