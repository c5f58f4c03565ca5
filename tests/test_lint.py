"""``trainer lint``: one broken fixture per problem type, each reported at the right file and line.

Every fixture in tests/fixtures/lint marks the lines where a problem is expected with a comment
``# LINT: code [text], code [text]``: the problem's code, and text its message must contain.
Each marker must be reported on its line, and nothing else may be reported (except the
"no test file" warning, checked on its own below).
"""

import re
from pathlib import Path

import pytest

from trainer.authoring.lint import bilingual, expand_paths, lint_paths
from trainer.located.problems import ERROR, WARNING, Problem

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lint"
RUBRICS = FIXTURES / "rubrics"
MARKER = re.compile(r"#\s*LINT:\s*(.+)$")
FILES = sorted(p for p in FIXTURES.glob("*.yaml"))
ERROR_CODES = {"yaml", "choice", "type", "missing", "field", "duplicate", "reference", "dead-end", "test"}
EVERY_CHECK = ERROR_CODES | {"unknown-field", "unreachable", "unreached-ending", "shadowed", "never-holds",
                             "no-fallback", "fallback-when", "unused-variable", "unused-key-point", "modeline",
                             "id-mismatch"}


def markers(path: Path) -> list[tuple[int, str, str]]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = MARKER.search(line)
        if match:
            for item in match.group(1).split(", "):
                code, _, text = item.strip().partition(" ")
                out.append((number, code, text.strip()))
    return out


@pytest.fixture(scope="module")
def report():
    return lint_paths([FIXTURES], rubrics_dir=RUBRICS)


def _problems(report, path: Path) -> list[Problem]:
    return [p for p in report.problems if Path(p.file).resolve() == path.resolve() and p.code != "no-tests"]


def test_every_check_has_a_fixture():
    codes = {code for path in FILES for _, code, _ in markers(path)}
    assert EVERY_CHECK <= codes, f"no fixture for {EVERY_CHECK - codes}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fixture_problems_are_reported_where_marked(report, path):
    expected = markers(path)
    found = _problems(report, path)
    for line, code, text in expected:
        hits = [p for p in found if p.line == line and p.code == code and text in p.message]
        assert hits, f"{path.name}:{line}: expected {code} {text!r}; got {[str(p) for p in found]}"
    for problem in found:
        assert any(problem.line == line and problem.code == code for line, code, _ in expected), \
            f"unexpected: {problem}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_severities(report, path):
    for problem in _problems(report, path):
        assert problem.severity == (ERROR if problem.code in ERROR_CODES else WARNING), str(problem)


def test_the_clean_fixture_is_clean(report):
    assert not [p for p in report.problems if Path(p.file).name.startswith("clean.")]


def test_messages_are_bilingual_and_formatted(report):
    for problem in report.problems:
        zh, sep, en = problem.message.partition(" / ")
        assert sep and re.search(r"[\u4e00-\u9fff]", zh) and re.search(r"[A-Za-z]{3}", en), problem.message
        assert str(problem).startswith(f"{problem.file}:{problem.line}:{problem.col}: {problem.severity}: ")
        assert problem.line >= 1 and problem.col >= 1


def test_a_scenario_without_tests_is_warned_about(report):
    unreachable = [p for p in report.problems if p.file.endswith("unreachable.yaml") and p.code == "no-tests"]
    assert len(unreachable) == 1 and (unreachable[0].line, unreachable[0].col) == (1, 1)
    assert unreachable[0].severity == WARNING


def test_test_file_problems_point_into_the_test_file(report):
    files = {Path(p.file).name for p in report.problems if p.code == "test"}
    assert files == {"bad-tests.test.yaml"}


def test_duplicate_scenario_ids_across_files(report):
    dup = [p for p in report.problems if p.code == "duplicate" and "dup-id-first" in p.message]
    assert [Path(p.file).name for p in dup] == ["dup-id-second.yaml"]
    assert "dup-id-first.yaml" in dup[0].message


def test_report_counts_and_json(report):
    data = report.to_json()
    assert data["errors"] == len(report.errors) > 0 and data["warnings"] == len(report.warnings) > 0
    assert not report.ok
    assert {"file", "line", "col", "severity", "message", "code"} <= set(data["problems"][0])
    assert "clean" in report.scenarios and "bad-fields" not in report.scenarios


def test_a_test_file_path_stands_for_its_scenario():
    assert expand_paths([FIXTURES / "clean.test.yaml"]) == [FIXTURES / "clean.yaml"]
    assert expand_paths([FIXTURES / "clean.yaml", FIXTURES / "clean.test.yaml"]) == [FIXTURES / "clean.yaml"]


def test_missing_file_is_an_error():
    report = lint_paths([FIXTURES / "no-such-file.yaml"], rubrics_dir=RUBRICS)
    assert [p.code for p in report.problems] == ["io"] and not report.ok


def test_broken_rubrics_are_reported_and_linting_goes_on(tmp_path):
    (tmp_path / "polite.yaml").write_text("kind: polite\ncategories: [{id: nope}]\n", encoding="utf-8")
    report = lint_paths([FIXTURES / "clean.yaml"], rubrics_dir=tmp_path)
    assert any(p.file.endswith("polite.yaml") for p in report.errors)
    assert "clean" in report.scenarios


def test_bilingual_keeps_location_and_adds_chinese():
    problem = bilingual(Problem("x.yaml", 3, 5, ERROR, "node 'a': missing 'say'", "missing"))
    assert (problem.file, problem.line, problem.col) == ("x.yaml", 3, 5)
    assert problem.message == "缺少必填字段 'say' / node 'a': missing 'say'"
    assert bilingual(problem) == problem
    unknown = bilingual(Problem("x.yaml", 1, 1, ERROR, "something new", "reference"))
    assert unknown.message.startswith("引用的内容不存在 / ")


def test_a_modeline_to_a_missing_schema_is_reported(tmp_path):
    text = (FIXTURES / "clean.yaml").read_text(encoding="utf-8")
    (tmp_path / "clean.yaml").write_text(text, encoding="utf-8")
    report = lint_paths([tmp_path / "clean.yaml"], rubrics_dir=RUBRICS)
    modeline = [p for p in report.problems if p.code == "modeline"]
    assert len(modeline) == 1 and modeline[0].line == 1 and modeline[0].col > 1


@pytest.fixture(scope="module")
def fixture_context():
    from trainer.authoring.lint import load_context

    context, problems = load_context(RUBRICS)
    assert not problems
    return context


@pytest.mark.parametrize("name", ["clean", "shadowed", "never-holds"])
def test_lint_never_crashes_on_damaged_files(tmp_path, fixture_context, name):
    """Delete each line, or cut the file after it: lint reports problems, it never raises."""
    lines = (FIXTURES / f"{name}.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    target = tmp_path / f"{name}.yaml"
    for index in range(len(lines)):
        for text in ("".join(lines[:index] + lines[index + 1:]), "".join(lines[:index])):
            target.write_text(text, encoding="utf-8")
            report = lint_paths([target], fixture_context)
            for problem in report.problems:
                assert problem.line >= 1 and problem.col >= 1 and " / " in problem.message


def test_lint_of_odd_documents(tmp_path, fixture_context):
    for index, text in enumerate(["", "[1, 2]\n", "just text\n", "id: x\nnodes: [a]\nendings: 3\n", "\ufeffid: y\n",
                                  "nodes:\n  a:\n    branches: {goto: b}\n"]):
        path = tmp_path / f"odd-{index}.yaml"
        path.write_text(text, encoding="utf-8")
        report = lint_paths([path], fixture_context)
        assert report.errors, text


def test_graph_checks_still_run_when_only_key_point_ids_are_unknown(tmp_path, fixture_context):
    text = (FIXTURES / "unreachable.yaml").read_text(encoding="utf-8").replace("has: [thanks]", "has: [smile]")
    path = tmp_path / "unreachable.yaml"
    path.write_text(text, encoding="utf-8")
    codes = {(p.code, p.line) for p in lint_paths([path], fixture_context).problems}
    assert ("reference", 24) in codes and ("unreachable", 20) in codes
