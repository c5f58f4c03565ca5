"""A broken rubric is refused with the file, the line and the entry named."""

import textwrap

import pytest

from trainer.located.problems import ContentError
from trainer.scoring.rubric import load_rubrics

GOOD_ENTRY = """\
kind: forbidden
phrases:
  - id: rule
    phrase: 这是规定
    category: 推诿
    severity: major
    reason: 推卸责任
    suggestion: 我先帮您看看
    source: "000"
    forms: ["这是规定"]
"""

BROKEN = {
    "bad yaml": (GOOD_ENTRY.replace("forms: [\"这是规定\"]", "forms: [\"这是规定\""), 11, "invalid YAML"),
    "missing field": (GOOD_ENTRY.replace("    reason: 推卸责任\n", ""), 3, "missing 'reason'"),
    "duplicate id": (GOOD_ENTRY + GOOD_ENTRY.split("phrases:\n")[1].replace("这是规定", "这是上级的规定"), 11, "duplicate id 'rule'"),
    "empty phrase": (GOOD_ENTRY.replace('forms: ["这是规定"]', 'forms: ["这是规定", ""]'), 10, "empty phrase"),
    "unbalanced brackets": (GOOD_ENTRY.replace('forms: ["这是规定"]', 'forms:\n      - 这是规定\n      - 这(是|是我们的规定'), 12, "never closed"),
    "bad severity": (GOOD_ENTRY.replace("severity: major", "severity: huge"), 6, "severity"),
    "wrong kind": (GOOD_ENTRY.replace("kind: forbidden", "kind: banned"), 1, "kind"),
    "duplicate key": (GOOD_ENTRY.replace("    source: \"000\"\n", "    source: \"000\"\n    source: \"001\"\n"), 10, "duplicate key"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_rubric_is_refused_with_location(tmp_path, name):
    text, line, message = BROKEN[name]
    path = tmp_path / "forbidden.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_rubrics(tmp_path)
    problem = next(p for p in caught.value.problems if message in p.message)
    assert problem.file == str(path)
    assert problem.line == line
    if name not in ("bad yaml", "wrong kind", "duplicate key"):
        assert "'rule'" in problem.message


def test_good_rubric_loads(tmp_path):
    (tmp_path / "forbidden.yaml").write_text(GOOD_ENTRY, encoding="utf-8")
    rubrics = load_rubrics(tmp_path)
    assert [p.id for p in rubrics.forbidden] == ["rule"]


def test_empty_folder_is_refused(tmp_path):
    with pytest.raises(ContentError, match="no rubric files"):
        load_rubrics(tmp_path)


def test_oversized_file_is_refused(tmp_path):
    (tmp_path / "big.yaml").write_text("kind: forbidden\n#" + "x" * 1_100_000, encoding="utf-8")
    with pytest.raises(ContentError, match="limit"):
        load_rubrics(tmp_path)


def test_problem_text_reads_file_line_col(tmp_path):
    (tmp_path / "forbidden.yaml").write_text(textwrap.dedent(BROKEN["missing field"][0]), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_rubrics(tmp_path)
    assert str(caught.value.problems[0]).startswith(f"{tmp_path / 'forbidden.yaml'}:3:")
