"""The whole shipped library: every scenario lints without errors, passes its scenario tests, and
random exploration from its sample replies visits every node.

Parametrised by globbing scenarios/*.yaml, so a new scenario is checked as soon as it is added.
"""

from pathlib import Path

import pytest

from trainer.authoring.explore import explore, sample_replies
from trainer.authoring.lint import lint_paths, load_context
from trainer.authoring.scenario_tests import coverage, load_test_file, run_tests
from trainer.authoring.scenario_tests import test_file_for as scenario_test_path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.endswith(".test.yaml"))
EXPLORE_RUNS, EXPLORE_SEED = 300, 0


@pytest.fixture(scope="module")
def lint_context():
    context, problems = load_context(ROOT / "rubrics")
    assert not problems, "\n".join(map(str, problems))
    return context


def scenario_for(catalog, path: Path):
    for scenario in catalog.library.scenarios.values():
        if Path(scenario.file).resolve() == path.resolve():
            return scenario
    problems = [str(p) for p in catalog.library.problems if Path(p.file).resolve() == path.resolve()]
    pytest.fail(f"{path.name} does not load:\n" + "\n".join(problems))


def test_the_library_is_there():
    assert len(SCENARIOS) >= 3
    ids = {p.stem for p in SCENARIOS}
    assert {"one-yuan-loop", "complain-anywhere-inspector", "coin-deposit-elder"} <= ids


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_lints_without_errors(lint_context, path):
    report = lint_paths([path], lint_context)
    assert report.errors == [], "\n".join(str(p) for p in report.errors)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_tests_pass(catalog, path):
    scenario = scenario_for(catalog, path)
    tests_path = scenario_test_path(scenario)
    assert tests_path.is_file(), f"no test file {tests_path.name}"
    report = run_tests(scenario, catalog.scorer, load_test_file(tests_path))
    failed = [f"{tests_path.name}:{o.line}: {o.name}: {o.message}" for o in report.outcomes if not o.passed]
    assert not failed, "\n".join(failed)
    assert report.outcomes, "the test file has no scripts and no steps"
    cov = coverage(scenario, report)
    assert cov["unvisited_nodes"] == [], f"nodes no test visits: {cov['unvisited_nodes']}"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_explore_visits_every_node(catalog, path):
    scenario = scenario_for(catalog, path)
    tests_path = scenario_test_path(scenario)
    tests = load_test_file(tests_path) if tests_path.is_file() else None
    report = explore(scenario, catalog.scorer, sample_replies(scenario, tests), EXPLORE_RUNS, EXPLORE_SEED)
    assert report.unvisited_nodes == [], f"never visited in {EXPLORE_RUNS} random runs: {report.unvisited_nodes}"
    assert report.unfinished == 0
