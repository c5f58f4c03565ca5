"""Issue 13, template bomb: the wording limit holds before anything is multiplied out.

``(甲0|…|甲4999)(乙0|…|乙4999)`` is 25 million wordings; it used to take gigabytes and seconds
before the limit was checked. Now it is a located problem at once, in bounded memory, and the
other files still load.
"""

from __future__ import annotations

import shutil
import tracemalloc

import pytest

from tests.conftest import ROOT
from tests.test_rubric_loading import GOOD_ENTRY
from trainer.dialogue.catalog import load_catalog
from trainer.located.problems import ContentError
from trainer.language.templates import MAX_VARIANTS, TemplateError, check, expand
from trainer.scoring.rubric import load_rubrics

BOMB = "(" + "|".join(f"甲子{i}" for i in range(5000)) + ")(" + "|".join(f"乙丑{i}" for i in range(5000)) + ")"
PEAK_BYTES = 30_000_000


def _peak(action) -> int:
    tracemalloc.start()
    try:
        action()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def _refused(template: str) -> None:
    with pytest.raises(TemplateError, match=str(MAX_VARIANTS)):
        check(template)


@pytest.mark.parametrize("template", [
    BOMB,
    "[(a|b)]" * 13,                      # 3^13 through optional groups
    "((a|b|c)(d|e|f)(g|h|i)(j|k|l))" * 3,
    "(" + "|".join(["(x|y)" * 7] * 40) + ")",  # many small alternatives adding up
])
def test_a_bomb_is_refused_in_bounded_memory(template):
    assert _peak(lambda: _refused(template)) < PEAK_BYTES


def test_deep_nesting_is_refused_before_the_stack_runs_out():
    with pytest.raises(TemplateError, match="nested more than"):
        check("(" * 5000 + "甲" + ")" * 5000)


def test_the_limit_itself_still_expands():
    assert len(expand("(a|b|c|d|e)" * 5)) == 3125
    assert len(expand("(" + "|".join(f"甲{i}" for i in range(MAX_VARIANTS)) + ")")) == MAX_VARIANTS


def test_a_bomb_in_a_rubric_file_is_a_located_problem(tmp_path):
    text = GOOD_ENTRY.replace('forms: ["这是规定"]', f'forms:\n      - 这是规定\n      - "{BOMB}"')
    assert len(text.encode()) > 90_000
    (tmp_path / "forbidden.yaml").write_text(text, encoding="utf-8")
    caught = []

    def load():
        with pytest.raises(ContentError) as error:
            load_rubrics(tmp_path)
        caught.extend(error.value.problems)

    assert _peak(load) < PEAK_BYTES
    [problem] = caught
    assert problem.file == str(tmp_path / "forbidden.yaml") and problem.line == 12
    assert f"more than {MAX_VARIANTS} wordings" in problem.message and "'rule'" in problem.message


def test_a_bomb_in_one_scenario_leaves_the_others_playable(tmp_path):
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    victim = scenarios / "one-yuan-loop.yaml"
    text = victim.read_text(encoding="utf-8")
    marker = "\n    forms:\n"
    assert marker in text
    victim.write_text(text.replace(marker, f'{marker}      - "{BOMB}"\n', 1), encoding="utf-8")
    catalog = load_catalog(scenarios, ROOT / "rubrics")
    assert "one-yuan-loop" not in catalog.library.scenarios
    assert len(catalog.library.scenarios) == len(list(scenarios.glob("*.test.yaml"))) - 1
    [problem] = [p for p in catalog.library.problems if "wordings" in p.message]
    assert problem.file == str(victim) and problem.line > 1
