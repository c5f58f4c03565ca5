"""The located YAML loader: whatever a content file holds, the result is JSON values or a located problem.

Issue 13: an impossible date, a 5 000-digit number, a FIFO or a link to ``/dev/zero`` among the scenarios
used to raise (or hang) and take every other scenario with it.
"""

import os
import shutil
from pathlib import Path

import pytest

from trainer.dialogue.scenario_loader import load_library
from trainer.located.problems import ContentError
from trainer.located.yamlsource import MAX_DEPTH, load_yaml_file, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
GOOD = "one-yuan-loop"


@pytest.mark.parametrize("text, expected", [
    ("a: 2001-02-30", "2001-02-30"),
    ("a: 2001-01-01", "2001-01-01"),
    ("a: !!timestamp 2001-01-01 10:00:00", "2001-01-01 10:00:00"),
    ("a: 12", 12),
    ("a: 1.5", 1.5),
])
def test_dates_stay_text_and_numbers_stay_numbers(text, expected):
    assert parse_yaml(text, "f.yaml")["a"] == expected


@pytest.mark.parametrize("text, line, col", [
    ("a: 1\nb: " + "9" * 5000, 2, 4),
    ("a: -0x" + "f" * 5000, 1, 4),
    ("a: !!float foo", 1, 4),
    ("a: !!int foo", 1, 4),
    ("a: .nan", 1, 4),
    ("a: -.inf", 1, 4),
    ("a: !!binary aGVsbG8=", 1, 4),
    ("a: !!set {x, y}", 1, 4),
    ("a: !!omap [x: 1]", 1, 4),
    ("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5), 1, 4 + MAX_DEPTH - 1),
    ("".join("  " * i + "k:\n" for i in range(MAX_DEPTH + 5)), MAX_DEPTH + 1, 2 * MAX_DEPTH + 1),
], ids=["huge-int", "huge-hex", "bad-float", "bad-int", "nan", "inf", "binary", "set", "omap", "deep-flow", "deep-block"])
def test_values_the_model_cannot_hold_are_located_problems(text, line, col):
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, "f.yaml")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.col) == ("f.yaml", line, col)


def _library_beside(tmp_path: Path, name: str, body: str | None = None) -> Path:
    shutil.copy(ROOT / "scenarios" / f"{GOOD}.yaml", tmp_path / f"{GOOD}.yaml")
    if body is not None:
        (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


def _variant(field: str, value: str) -> str:
    """The good scenario under another id, with one top-level field's value replaced."""
    lines = (ROOT / "scenarios" / f"{GOOD}.yaml").read_text(encoding="utf-8").splitlines()
    out = [f"{field}: {value}" if line.startswith(f"{field}: ") else line for line in lines]
    return "\n".join(out).replace(f"id: {GOOD}", "id: other", 1) + "\n"


def test_an_impossible_date_is_just_the_title_it_looks_like(tmp_path):
    library = load_library(_library_beside(tmp_path, "other.yaml", _variant("title", "2001-02-30")))
    assert not library.problems
    assert library.scenarios["other"].title == "2001-02-30"
    assert GOOD in library.scenarios


def test_a_huge_number_is_a_problem_in_that_file_and_the_others_load(tmp_path):
    body = _variant("minutes", "7" * 5000)
    library = load_library(_library_beside(tmp_path, "other.yaml", body))
    assert set(library.scenarios) == {GOOD}
    (problem,) = library.problems
    line = body.splitlines().index("minutes: " + "7" * 5000) + 1
    assert (Path(problem.file).name, problem.line, problem.col) == ("other.yaml", line, 10)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    folder = _library_beside(tmp_path, "pipe.yaml")
    os.mkfifo(folder / "pipe.yaml")
    library = load_library(folder)          # used to block here for ever
    assert GOOD in library.scenarios
    assert [(Path(p.file).name, p.message) for p in library.problems] == [("pipe.yaml", "not a regular file")]


def test_a_link_to_an_endless_device_is_refused(tmp_path):
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    with pytest.raises(ContentError) as caught:
        load_yaml_file(tmp_path / "zero.yaml")      # used to be a MemoryError: stat said 0 bytes
    assert caught.value.problems[0].message == "not a regular file"


def test_a_rubric_file_with_a_huge_number_is_named_with_its_line(tmp_path):
    from trainer.scoring.rubric import load_rubrics

    for path in (ROOT / "rubrics").glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / "techniques.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("kind: techniques", "kind: techniques\nversion: " + "1" * 5000),
                      encoding="utf-8")
    with pytest.raises(ContentError) as caught:         # used to be a bare ValueError: ":0 ValueError" in the app
        load_rubrics(tmp_path)
    (problem,) = caught.value.problems
    assert (Path(problem.file), problem.line) == (target, 2 + target.read_text(encoding="utf-8").splitlines().index(
        "kind: techniques") )


def test_equal_texts_are_one_object():
    """Ids recur hundreds of times across a library; each copy would be cached and held by every session."""
    doc = parse_yaml("has: [reassure, empathy]\nlacks: reassure\nreassure: 1\n", "x.yaml")
    key = next(k for k in doc if k == "reassure")
    assert doc["has"][0] is doc["lacks"] is key
