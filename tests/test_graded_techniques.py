"""Done, vague or not there: the graded techniques read the way a bank trainer would (issue 9).

The labelled lines live in tests/data/graded_lines.yaml, at least 60 per technique; a vague
line must never be credited as done, and a concrete one never left vague.
"""

from pathlib import Path

import pytest
import yaml

from trainer.language.text import normalize_text
from trainer.scoring.concepts import DONE, VAGUE

DATA = yaml.safe_load((Path(__file__).parent / "data" / "graded_lines.yaml").read_text(encoding="utf-8"))
CASES = [(technique, label, line) for technique, labels in DATA.items() for label, lines in labels.items()
         for line in lines]


def test_every_graded_technique_has_sixty_labelled_lines():
    assert set(DATA) == {"timeframe", "callback", "ownership", "solution"}
    for technique, labels in DATA.items():
        assert sum(len(lines) for lines in labels.values()) >= 60, technique
        assert {"done", "vague", "none"} <= set(labels), technique


@pytest.mark.parametrize("technique,label,line", CASES, ids=[f"{t}-{l}-{i}" for i, (t, l, _) in enumerate(CASES)])
def test_graded_line(scorer, technique, label, line):
    grade = scorer.technique_grades(normalize_text(line)).get(technique)
    verdict = grade.verdict if grade else "none"
    assert verdict == {"done": DONE, "vague": VAGUE, "none": "none"}[label], (line, grade)
