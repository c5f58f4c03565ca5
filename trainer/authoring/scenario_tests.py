"""Scenario test files (``<id>.test.yaml``): whole scripted sessions and single-step checks.

Authors cannot test free-text branching by reading YAML; these files let them state "a reply
like this, at this node, must lead there" and "this trainee must reach success with 75+",
and the runner reports which branches and nodes the tests exercised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from trainer.dialogue.engine import Session, SessionState
from trainer.scoring.fields import FieldReader
from trainer.dialogue.playback import play_replies
from trainer.located.problems import ContentError
from trainer.dialogue.scenario import ENDING_KINDS, Scenario
from trainer.dialogue.scenario_loader import TEST_SUFFIX
from trainer.scoring.scorer import Scorer
from trainer.located.values import LocatedDict
from trainer.located.yamlsource import load_yaml_file


@dataclass(frozen=True)
class Script:
    name: str
    replies: tuple[str, ...]
    kinds: tuple[str, ...]
    ending: str
    min_score: float | None
    max_score: float | None
    line: int


@dataclass(frozen=True)
class Step:
    name: str
    start: str
    reply: str
    expect: str
    mood: int | None
    vars: tuple
    line: int


@dataclass(frozen=True)
class TestFile:
    path: str
    scenario: str
    scripts: tuple[Script, ...]
    steps: tuple[Step, ...]


@dataclass
class Outcome:
    name: str
    passed: bool
    message: str
    line: int


@dataclass
class Report:
    scenario: str
    outcomes: list[Outcome] = field(default_factory=list)
    nodes_visited: set = field(default_factory=set)
    endings_reached: set = field(default_factory=set)
    branches_taken: set = field(default_factory=set)

    @property
    def passed(self) -> bool:
        return all(o.passed for o in self.outcomes)


def test_file_for(scenario: Scenario) -> Path:
    return Path(scenario.file).with_name(Path(scenario.file).name.removesuffix(".yaml") + TEST_SUFFIX)


def _kinds(reader: FieldReader, expect: LocatedDict, what: str) -> tuple[str, ...]:
    raw = expect.get("kind")
    kinds = (raw,) if isinstance(raw, str) else tuple(raw or ())
    for kind in kinds:
        if kind not in ENDING_KINDS:
            reader.error(expect.where("kind"), f"{what}: kind '{kind}' is not one of {', '.join(ENDING_KINDS)}", "choice")
    return kinds


def load_test_file(path: Path) -> TestFile:
    reader = FieldReader(str(path))
    doc = reader.mapping(load_yaml_file(path), (1, 1), "test file")
    scripts, steps = [], []
    listing = reader.items(doc, "scripts", "test file", required=False)
    for i, raw in enumerate(listing):
        data = reader.mapping(raw, listing.where(i), f"scripts[{i + 1}]")
        what = f"script '{data.get('name', i + 1)}'"
        expect = reader.mapping(data.get("expect", LocatedDict()), data.where("expect"), f"{what}: expect")
        replies = reader.items(data, "replies", what)
        scripts.append(Script(
            name=reader.text(data, "name", what),
            replies=tuple("" if r is None else str(r) for r in replies),
            kinds=_kinds(reader, expect, what),
            ending=reader.text(expect, "ending", what, required=False),
            min_score=reader.number(expect, "min_score", what, 0, 0, 100) if "min_score" in expect else None,
            max_score=reader.number(expect, "max_score", what, 100, 0, 100) if "max_score" in expect else None,
            line=data.where()[0],
        ))
    listing = reader.items(doc, "steps", "test file", required=False)
    for i, raw in enumerate(listing):
        data = reader.mapping(raw, listing.where(i), f"steps[{i + 1}]")
        what = f"step '{data.get('name', i + 1)}'"
        variables = data.get("vars") or {}
        steps.append(Step(
            name=reader.text(data, "name", what, required=False, default=f"step {i + 1}"),
            start=reader.text(data, "from", what),
            reply=reader.text(data, "reply", what, required=False),
            expect=reader.text(data, "expect", what),
            mood=int(reader.number(data, "mood", what, 50, 0, 100)) if "mood" in data else None,
            vars=tuple(variables.items()) if isinstance(variables, dict) else (),
            line=data.where()[0],
        ))
    if reader.problems:
        raise ContentError(reader.problems)
    return TestFile(str(path), reader.text(doc, "scenario", "test file", required=False), tuple(scripts), tuple(steps))


def _check_script(script: Script, scenario: Scenario, scorer: Scorer, report: Report) -> Outcome:
    result = play_replies(scenario, scorer, list(script.replies))
    for turn in result["turns"]:
        report.nodes_visited.add(turn["node"])
        report.branches_taken.add((turn["node"], turn["branch"]))
    ending = result["ending"]
    if ending:
        report.endings_reached.add(ending["id"])
    got = f"ending {ending['id'] if ending else None} ({ending['kind'] if ending else '-'}), score {result['score']}"
    problems = []
    if script.kinds and (not ending or ending["kind"] not in script.kinds):
        problems.append(f"expected kind {'/'.join(script.kinds)}")
    if script.ending and (not ending or ending["id"] != script.ending):
        problems.append(f"expected ending {script.ending}")
    if script.min_score is not None and result["score"] < script.min_score:
        problems.append(f"expected score >= {script.min_score:g}")
    if script.max_score is not None and result["score"] > script.max_score:
        problems.append(f"expected score <= {script.max_score:g}")
    path = " → ".join(f"{t['node']}:{t['branch']}" for t in result["turns"])
    message = f"{got}; path {path}" + (f"; {', '.join(problems)}" if problems else "")
    return Outcome(f"script {script.name}", not problems, message, script.line)


def _check_step(step: Step, scenario: Scenario, scorer: Scorer, report: Report) -> Outcome:
    if step.start not in scenario.nodes:
        return Outcome(f"step {step.name}", False, f"node '{step.start}' does not exist", step.line)
    node = scenario.nodes[step.start]
    state = SessionState(scenario.id, "practice", node.id,
                         scenario.customer.mood if step.mood is None else step.mood, node.say[0],
                         vars=dict(scenario.variables) | dict(step.vars), visits={node.id: 1})
    turn = Session(scenario, scorer, state=state).reply(step.reply)
    report.nodes_visited.add(node.id)
    report.branches_taken.add((node.id, turn["branch"]))
    if turn["next"] in scenario.endings:
        report.endings_reached.add(turn["next"])
    ok = turn["next"] == step.expect
    message = f"went to {turn['next']} via {turn['branch']}" + ("" if ok else f", expected {step.expect}")
    return Outcome(f"step {step.name}", ok, message, step.line)


def run_tests(scenario: Scenario, scorer: Scorer, tests: TestFile) -> Report:
    report = Report(scenario.id)
    for script in tests.scripts:
        report.outcomes.append(_check_script(script, scenario, scorer, report))
    for step in tests.steps:
        report.outcomes.append(_check_step(step, scenario, scorer, report))
    return report


def coverage(scenario: Scenario, report: Report) -> dict:
    branches = {(n.id, f"branches[{i + 1}]") for n in scenario.nodes.values() for i in range(len(n.branches))}
    return {
        "nodes": (len(report.nodes_visited & set(scenario.nodes)), len(scenario.nodes)),
        "endings": (len(report.endings_reached & set(scenario.endings)), len(scenario.endings)),
        "branches": (len(report.branches_taken & branches), len(branches)),
        "unvisited_nodes": sorted(set(scenario.nodes) - report.nodes_visited),
        "unreached_endings": sorted(set(scenario.endings) - report.endings_reached),
    }
