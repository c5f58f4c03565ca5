"""The checks ``trainer lint`` adds on top of the loader, for one scenario and its test file.

Each check returns located Problems with a Chinese and an English message. Positions come from
the parsed YAML (``LocatedDict.where``), so a warning points at the key the author must change:
the node's id for an unreachable node, the branch for a shadowed branch, the variable's line for
an unused variable.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from trainer.authoring.graph import ANY_NODE, all_branches, dead_branches, reachable, without_exit
from trainer.located.problems import ERROR, WARNING, ContentError, Problem
from trainer.scoring.rubric import POLITE_KEYS
from trainer.dialogue.scenario import Condition, Scenario
from trainer.authoring.scenario_tests import load_test_file, test_file_for
from trainer.authoring.schema import allowed_keys
from trainer.located.values import LocatedDict, LocatedList
from trainer.located.yamlsource import load_yaml_file


def _at(data, key=None) -> tuple[int, int]:
    if isinstance(data, (LocatedDict, LocatedList)):
        return data.where(key)
    return (1, 1)


def _get(data, *keys):
    for key in keys:
        if isinstance(data, LocatedDict):
            data = data.get(key)
        elif isinstance(data, LocatedList) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return None
    return data


class _Out:
    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []

    def add(self, where: tuple[int, int], severity: str, zh: str, en: str, code: str) -> None:
        self.problems.append(Problem(self.filename, where[0], where[1], severity, f"{zh} / {en}", code))


# ------------------------------------------------------------------------------------ unknown fields

def _unknown(out: _Out, data, definition: str, what_zh: str, what_en: str) -> None:
    if not isinstance(data, LocatedDict):
        return
    known = allowed_keys(definition)
    for key in data:
        if key in known:
            continue
        guess = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint_zh = f",是不是 '{guess[0]}'?" if guess else ""
        hint_en = f"; did you mean '{guess[0]}'?" if guess else ""
        out.add(data.where(key), WARNING, f"{what_zh}的未知字段 '{key}' 会被忽略{hint_zh}",
                f"{what_en}: unknown field '{key}' is ignored{hint_en}", "unknown-field")


def unknown_fields(doc: LocatedDict, filename: str) -> list[Problem]:
    """Keys the loader reads nothing from (a typo such as ``refernce``): the schema's property lists."""
    out = _Out(filename)
    _unknown(out, doc, "scenario", "情景", "scenario")
    _unknown(out, doc.get("customer"), "customer", "客户", "customer")
    for section, definition, zh, en in (("nodes", "node", "节点", "node"), ("endings", "ending", "结局", "ending"),
                                        ("key_points", "keyPoint", "要点", "key point")):
        body = doc.get(section)
        if isinstance(body, LocatedDict):
            for ident, item in body.items():
                _unknown(out, item, definition, f"{zh} '{ident}' ", f"{en} '{ident}'")
                if definition == "node" and isinstance(_get(item, "key_points"), LocatedList):
                    for ref in item["key_points"]:
                        _unknown(out, ref, "keyPointRef", f"节点 '{ident}' 的要点", f"node '{ident}' key point")
    return out.problems


# ------------------------------------------------------------------------------------ scenario checks

def _branch_raw(doc: LocatedDict, owner: str, via: str, index: int):
    """The YAML mapping of one branch (1-based index), whether the list or the single-mapping form."""
    container = doc.get("always") if owner == ANY_NODE else _get(doc, "nodes", owner, via)
    if isinstance(container, LocatedDict):
        return container if index == 1 else None
    if isinstance(container, LocatedList) and index <= len(container):
        return container[index - 1]
    return None


def _branch_where(doc: LocatedDict, owner: str, via: str, index: int) -> tuple[int, int]:
    container = doc.get("always") if owner == ANY_NODE else _get(doc, "nodes", owner, via)
    if isinstance(container, LocatedList):
        return container.where(index - 1)
    if isinstance(container, LocatedDict):
        return container.where()
    return (1, 1)


def _owner(owner: str) -> tuple[str, str]:
    return ("always", "always") if owner == ANY_NODE else (f"节点 '{owner}' 的", f"node '{owner}'")


def scenario_problems(scenario: Scenario, doc: LocatedDict, forbidden_ids: set[str] | None) -> list[Problem]:
    out = _Out(scenario.file)
    nodes, endings = doc.get("nodes"), doc.get("endings")
    for ident in sorted(set(scenario.nodes) & set(scenario.endings)):
        out.add(_at(endings, ident), ERROR, f"'{ident}' 既是节点又是结局,分支去往它时只会结束",
                f"'{ident}' is both a node and an ending id; a branch to it always ends the session", "duplicate")

    dead = dead_branches(scenario)
    seen = reachable(scenario, dead)
    for ident in scenario.nodes:
        if ident not in seen:
            out.add(_at(nodes, ident), WARNING, f"节点 '{ident}' 无法到达:从 start 出发没有分支能走到这里",
                    f"node '{ident}' is unreachable from start", "unreachable")
    for ident in scenario.endings:
        if ident not in seen:
            out.add(_at(endings, ident), WARNING, f"结局 '{ident}' 永远不会出现:没有能走到它的分支",
                    f"ending '{ident}' can never be reached", "unreached-ending")
    for ident in sorted(without_exit(scenario, dead) & seen, key=list(scenario.nodes).index):
        out.add(_at(nodes, ident), ERROR,
                f"节点 '{ident}' 没有出路:不说忌语就走不到任何结局,只能等超时",
                f"node '{ident}' has no way out: no ending can be reached from it without a forbidden phrase, "
                "only the turn limit ends the session", "dead-end")

    for (owner, via, index), why in sorted(dead.items(), key=lambda kv: _branch_where(doc, *kv[0])):
        zh_owner, en_owner = _owner(owner)
        label = f"{via}[{index}]"
        if why.reason == "never":
            raw = _branch_raw(doc, owner, via, index)
            where = _at(raw, "when") if isinstance(raw, LocatedDict) and "when" in raw else _branch_where(doc, owner, via, index)
            out.add(where, WARNING, f"{zh_owner} {label} 的条件永远不会成立:{why.detail_zh}",
                    f"{en_owner} {label} can never be chosen: its condition never holds ({why.detail})", "never-holds")
        else:
            out.add(_branch_where(doc, owner, via, index), WARNING,
                    f"{zh_owner} {label} 永远不会被选中:前面的 {why.detail} 条件更宽,总是先成立",
                    f"{en_owner} {label} can never be chosen: the earlier {why.detail} always wins "
                    "(its conditions are a subset of this one's)", "shadowed")

    for node in scenario.nodes.values():
        raw = _get(doc, "nodes", node.id)
        if not node.fallback:
            out.add(_at(raw, "fallback"), WARNING,
                    f"节点 '{node.id}' 没有兜底回应:学员的回复不符合任何分支时,客户只会重复原话",
                    f"node '{node.id}' has no fallback: when no branch holds the customer just repeats the line",
                    "no-fallback")
        elif node.fallback[-1].when != Condition():
            where = _branch_where(doc, node.id, "fallback", len(node.fallback))
            out.add(where, WARNING, f"节点 '{node.id}' 的最后一个兜底回应带条件;条件不成立时客户只会重复原话",
                    f"node '{node.id}': the last fallback has a condition; when it fails the customer just repeats the line",
                    "fallback-when")

    _unknown_forbidden(out, scenario, doc, forbidden_ids)
    _unused(out, scenario, doc)
    _memory(out, scenario, doc)
    return out.problems


def _memory(out: _Out, scenario: Scenario, doc: LocatedDict) -> None:
    """Lines that depend on what the trainee did need a plain line to fall back on, and a
    vague commitment must turn a success into something less."""
    owners = [(f"节点 '{n.id}'", f"node '{n.id}'", _get(doc, "nodes", n.id), n.say) for n in scenario.nodes.values()]
    owners += [(f"结局 '{e.id}'", f"ending '{e.id}'", _get(doc, "endings", e.id), e.say) for e in scenario.endings.values()]
    for zh, en, raw, lines in owners:
        if lines and all(getattr(line, "conditional", False) for line in lines):
            out.add(_at(raw, "say"), WARNING, f"{zh} 的台词都带条件(needs/unless 或 {{when}} 之类的值);都不成立时客户只能说第一句",
                    f"{en}: every line is conditional; when none fits the customer falls back on the first", "say-conditional")
    vague = scenario.endings.get(scenario.on_vague)
    if vague is not None and vague.kind == "success":
        out.add(_at(doc, "on_vague"), ERROR, "on_vague 不能是成功结局:含糊的承诺不算做到",
                "on_vague must not be a success ending: a vague commitment is not one kept", "on-vague-kind")


def _unknown_forbidden(out: _Out, scenario: Scenario, doc: LocatedDict, forbidden_ids: set[str] | None) -> None:
    if forbidden_ids is None:
        return
    owners = [(ANY_NODE, "always", scenario.always)]
    for node in scenario.nodes.values():
        owners += [(node.id, "branches", node.branches), (node.id, "fallback", node.fallback)]
    for owner, via, branches in owners:
        for index, branch in enumerate(branches, 1):
            for ident in branch.when.forbidden_ids:
                if ident not in forbidden_ids:
                    when = _get(_branch_raw(doc, owner, via, index), "when")
                    zh_owner, en_owner = _owner(owner)
                    out.add(_at(when, "forbidden") if isinstance(when, LocatedDict) else _branch_where(doc, owner, via, index),
                            ERROR, f"{zh_owner} {via}[{index}] 的忌语 id '{ident}' 在规则库里不存在",
                            f"{en_owner} {via}[{index}]: forbidden phrase id '{ident}' is not in the rubrics", "reference")


def _unused(out: _Out, scenario: Scenario, doc: LocatedDict) -> None:
    branches = list(all_branches(scenario))
    read = {name for branch in branches for name, _ in branch.when.vars}
    variables = doc.get("variables")
    for name, _ in scenario.variables:
        if name not in read:
            out.add(_at(variables, name), WARNING, f"变量 '{name}' 从未在任何条件 (when.vars) 中使用",
                    f"variable '{name}' is never read in any condition", "unused-variable")
    used = {i for branch in branches for i in branch.when.ids()}
    used |= {ref.id for node in scenario.nodes.values() for ref in node.key_points}
    key_points = doc.get("key_points")
    for ident in scenario.key_points:
        if ident not in used:
            out.add(_at(key_points, ident), WARNING, f"要点 '{ident}' 没有被任何节点或条件使用",
                    f"key point '{ident}' is not used by any node or condition", "unused-key-point")
        if ident in POLITE_KEYS:
            out.add(_at(key_points, ident), WARNING, f"要点 '{ident}' 与礼貌用语类别同名,会和规则库的识别混在一起",
                    f"key point '{ident}' has the name of a polite category; both will count", "shadows-rubric")


# ----------------------------------------------------------------------------------------- test files

def test_file_problems(scenario: Scenario) -> list[Problem]:
    """The test file beside a scenario must exist, load, and name nodes and endings that exist."""
    path = test_file_for(scenario)
    if not path.exists():
        out = _Out(scenario.file)
        out.add((1, 1), WARNING, f"没有测试文件 {path.name}:写几条学员回复和它们应去往的节点,再运行 trainer test",
                f"no test file {path.name}: list trainee replies and where they must lead, then run trainer test",
                "no-tests")
        return out.problems
    try:
        tests = load_test_file(path)
    except ContentError as exc:
        from trainer.authoring.lint import bilingual

        return [bilingual(p) for p in exc.problems]
    out = _Out(str(path))
    doc = None

    def where(kind: str, index: int, key: str) -> tuple[int, int]:
        nonlocal doc
        if doc is None:
            doc = load_yaml_file(Path(path))
        item = _get(doc, kind, index)
        return _at(item, key) if isinstance(item, LocatedDict) and key in item else _at(item)

    if tests.scenario and tests.scenario != scenario.id:
        doc = load_yaml_file(Path(path))
        out.add(_at(doc, "scenario"), ERROR, f"测试文件写的情景是 '{tests.scenario}',应为 '{scenario.id}'",
                f"the test file names scenario '{tests.scenario}', not '{scenario.id}'", "test")
    if not tests.scripts and not tests.steps:
        out.add((1, 1), WARNING, "测试文件里没有 scripts 也没有 steps", "the test file has no scripts and no steps", "test")
    declared = {name for name, _ in scenario.variables}
    for index, step in enumerate(tests.steps):
        if step.start not in scenario.nodes:
            out.add(where("steps", index, "from"), ERROR, f"步骤 '{step.name}' 的起点 '{step.start}' 不是节点",
                    f"step '{step.name}': 'from' node '{step.start}' does not exist", "test")
        if not scenario.target_exists(step.expect):
            out.add(where("steps", index, "expect"), ERROR, f"步骤 '{step.name}' 期望的 '{step.expect}' 既不是节点也不是结局",
                    f"step '{step.name}': expected '{step.expect}' is neither a node nor an ending", "test")
        for name, _ in step.vars:
            if name not in declared:
                out.add(where("steps", index, "vars"), ERROR, f"步骤 '{step.name}' 的变量 '{name}' 没有声明",
                        f"step '{step.name}': variable '{name}' is not declared", "test")
    for index, script in enumerate(tests.scripts):
        if script.ending and script.ending not in scenario.endings:
            item = _get(doc or load_yaml_file(Path(path)), "scripts", index, "expect")
            out.add(_at(item, "ending"), ERROR, f"脚本 '{script.name}' 期望的结局 '{script.ending}' 不存在",
                    f"script '{script.name}': expected ending '{script.ending}' does not exist", "test")
    return out.problems
