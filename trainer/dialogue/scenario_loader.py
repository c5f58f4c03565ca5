"""Building scenarios from YAML, with every mistake located by file, line and column.

A broken file is reported and skipped; the rest of the library still loads and plays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from trainer.dialogue.memory import SLOTS, Line
from trainer.scoring.concepts import Concept
from trainer.scoring.fields import FieldReader
from trainer.located.problems import ContentError, Problem
from trainer.dialogue.scenario import (
    DIFFICULTIES, ENDING_KINDS, MOOD_MAX, MOOD_MIN, ROLES, Branch, Condition, Customer, Ending,
    KeyPointRef, Node, Scenario,
)
from trainer.located.values import LocatedDict, LocatedList

TEST_SUFFIX = ".test.yaml"
FORBIDDEN_LEVELS = ("any", "critical", "major", "none")
_CONDITION_KEYS = {
    "forbidden", "has", "any", "at_least", "lacks", "vague", "mood_at_least", "mood_below", "vars",
    "visits_at_least", "misses_at_least", "turn_at_least",
}
_BRANCH_KEYS = {"when", "goto", "mood", "set", "add", "say", "because"}


_LINE_KEYS = {"text", "needs", "unless"}


def _line(reader: FieldReader, item, where, what: str) -> Line | None:
    """A line is text, or ``{text, needs, unless}`` when it depends on what the trainee did."""
    if isinstance(item, str) and item.strip():
        return Line(item.strip())
    if isinstance(item, LocatedDict):
        for key in item:
            if key not in _LINE_KEYS:
                reader.error(item.where(key), f"{what}: unknown line field '{key}' (known: needs, text, unless)", "field")
        text = reader.text(item, "text", what)
        return Line(text, _ids(reader, item, "needs", what), _ids(reader, item, "unless", what)) if text else None
    reader.error(where, f"{what} must be non-empty text or {{text, needs, unless}}", "type")
    return None


def _lines(reader: FieldReader, data: LocatedDict, key: str, what: str, required: bool = True) -> tuple[Line, ...]:
    """One line or a list of them; a required field needs at least one (the engine picks from them)."""
    value = data.get(key)
    if isinstance(value, str):
        out = (Line(value.strip()),) if value.strip() else ()
    else:
        listing = reader.items(data, key, what, required)
        lines = (_line(reader, item, listing.where(i), f"{what}: {key}[{i + 1}]") for i, item in enumerate(listing))
        out = tuple(line for line in lines if line is not None)
    if required and not out and key in data:
        reader.error(data.where(key), f"{what}: '{key}' needs at least one line of text", "missing")
    return out


def _sentences(reader: FieldReader, data: LocatedDict, key: str, what: str) -> tuple[tuple[str, str], ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, LocatedDict):
        reader.error(data.where(key), f"{what}: '{key}' must be a mapping of key point id: sentence", "type")
        return ()
    return tuple((str(ident), reader.text(value, ident, f"{what} {key}")) for ident in value)


def _ids(reader: FieldReader, data: LocatedDict, key: str, what: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, LocatedList) or not all(isinstance(v, str) for v in value):
        reader.error(data.where(key), f"{what}: '{key}' must be a list of ids", "type")
        return ()
    return tuple(value)


def _scalar_pairs(reader: FieldReader, data: LocatedDict, key: str, what: str, numbers: bool = False) -> tuple:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, LocatedDict):
        reader.error(data.where(key), f"{what}: '{key}' must be a mapping of variable: value", "type")
        return ()
    pairs = []
    for name, item in value.items():
        if isinstance(item, (LocatedDict, LocatedList)) or (numbers and (isinstance(item, bool) or not isinstance(item, int))):
            kind = "a whole number" if numbers else "a plain value"
            reader.error(value.where(name), f"{what}: '{key}.{name}' must be {kind}", "type")
            continue
        pairs.append((str(name), item))
    return tuple(pairs)


def _optional_int(reader: FieldReader, data: LocatedDict, key: str, what: str) -> int | None:
    if key not in data:
        return None
    return int(reader.number(data, key, what, 0, -1000, 1000))


def _condition(reader: FieldReader, data, where, what: str) -> Condition:
    if data is None:
        return Condition()
    data = reader.mapping(data, where, f"{what}: 'when'")
    for key in data:
        if key not in _CONDITION_KEYS:
            reader.error(data.where(key), f"{what}: unknown condition '{key}' (known: {', '.join(sorted(_CONDITION_KEYS))})", "field")
    level, forbidden_ids = None, ()
    raw = data.get("forbidden")
    if raw is True:
        level = "any"
    elif raw is False:
        level = "none"
    elif isinstance(raw, str):
        level = reader.choice(data, "forbidden", what, FORBIDDEN_LEVELS)
    elif raw is not None:
        forbidden_ids = _ids(reader, data, "forbidden", what)
    return Condition(
        forbidden=level,
        forbidden_ids=forbidden_ids,
        has=_ids(reader, data, "has", what),
        any=_ids(reader, data, "any", what),
        at_least=int(reader.number(data, "at_least", what, 1, 1, 50)),
        lacks=_ids(reader, data, "lacks", what),
        vague=_ids(reader, data, "vague", what),
        mood_at_least=_optional_int(reader, data, "mood_at_least", what),
        mood_below=_optional_int(reader, data, "mood_below", what),
        vars=_scalar_pairs(reader, data, "vars", what),
        visits_at_least=_optional_int(reader, data, "visits_at_least", what),
        misses_at_least=_optional_int(reader, data, "misses_at_least", what),
        turn_at_least=_optional_int(reader, data, "turn_at_least", what),
    )


def _branch(reader: FieldReader, raw, where, what: str, needs_goto: bool) -> Branch:
    data = reader.mapping(raw, where, what)
    for key in data:
        if key not in _BRANCH_KEYS:
            reader.error(data.where(key), f"{what}: unknown field '{key}' (known: {', '.join(sorted(_BRANCH_KEYS))})", "field")
    goto = reader.text(data, "goto", what, required=needs_goto) or None
    return Branch(
        when=_condition(reader, data.get("when"), data.where("when"), what),
        goto=goto,
        mood=int(reader.number(data, "mood", what, 0, -100, 100)),
        set=_scalar_pairs(reader, data, "set", what),
        add=_scalar_pairs(reader, data, "add", what, numbers=True),
        say=_lines(reader, data, "say", what, required=False),
        because=reader.text(data, "because", what, required=False),
        line=data.where()[0],
    )


def _branches(reader: FieldReader, data: LocatedDict, key: str, what: str, needs_goto: bool) -> tuple[Branch, ...]:
    value = data.get(key)
    if isinstance(value, LocatedDict):
        return (_branch(reader, value, data.where(key), f"{what} {key}", needs_goto),)
    listing = reader.items(data, key, what, required=key == "fallback")
    return tuple(
        _branch(reader, item, listing.where(i), f"{what} {key}[{i + 1}]", needs_goto) for i, item in enumerate(listing)
    )


def _key_point_refs(reader: FieldReader, data: LocatedDict, what: str) -> tuple[KeyPointRef, ...]:
    refs = []
    listing = reader.items(data, "key_points", what, required=False)
    for index, item in enumerate(listing):
        if isinstance(item, str):
            refs.append(KeyPointRef(item))
        elif isinstance(item, LocatedDict):
            refs.append(KeyPointRef(reader.text(item, "id", what), reader.number(item, "weight", what, 1, 0.1, 10)))
        else:
            reader.error(listing.where(index), f"{what}: key_points[{index + 1}] must be an id or {{id, weight}}", "type")
    return tuple(refs)


def _node(reader: FieldReader, ident: str, data: LocatedDict) -> Node:
    what = f"node '{ident}'"
    return Node(
        id=ident,
        say=_lines(reader, data, "say", what),
        key_points=_key_point_refs(reader, data, what),
        reference=reader.text(data, "reference", what),
        branches=_branches(reader, data, "branches", what, needs_goto=True),
        fallback=_branches(reader, data, "fallback", what, needs_goto=False),
        grievance=reader.flag(data, "grievance", what),
        line=data.where()[0],
    )


def _ending(reader: FieldReader, ident: str, data: LocatedDict) -> Ending:
    what = f"ending '{ident}'"
    return Ending(
        id=ident,
        kind=reader.choice(data, "kind", what, ENDING_KINDS),
        title=reader.text(data, "title", what),
        debrief=reader.text(data, "debrief", what),
        say=_lines(reader, data, "say", what, required=False),
        line=data.where()[0],
        credit=_sentences(reader, data, "credit", what),
        missed=_sentences(reader, data, "missed", what),
    )


def _concept(reader: FieldReader, ident: str, data: LocatedDict) -> Concept:
    what = f"key point '{ident}'"
    concept = Concept(
        id=ident,
        name=reader.text(data, "name", what),
        reason=reader.text(data, "reason", what),
        forms=reader.templates(data, "forms", what, required=False),
        keywords=reader.templates(data, "keywords", what, required=False),
        examples=_lines(reader, data, "examples", what, required=False),
        not_forms=reader.templates(data, "not", what, required=False),
        vague=reader.templates(data, "vague", what, required=False),
        hedges=reader.templates(data, "hedges", what, required=False),
        vague_reason=reader.text(data, "vague_reason", what, required=False),
        press=_lines(reader, data, "press", what, required=False),
        remember=data.get("remember") is True,
        grade_like=reader.text(data, "grade_like", what, required=False),
    )
    if not (concept.forms or concept.keywords or concept.examples):
        reader.error(data.where(), f"{what}: needs forms, keywords or examples to be recognised", "missing")
    return concept


def _section(reader: FieldReader, doc: LocatedDict, key: str, build, required: bool = True) -> dict:
    raw = doc.get(key)
    if raw is None:
        if required:
            reader.error(doc.where(), f"scenario: missing '{key}'", "missing")
        return {}
    section = reader.mapping(raw, doc.where(key), f"'{key}'")
    return {
        str(ident): build(reader, str(ident), reader.mapping(body, section.where(ident), f"{key} '{ident}'"))
        for ident, body in section.items()
    }


def _customer(reader: FieldReader, doc: LocatedDict) -> Customer:
    data = reader.mapping(doc.get("customer"), doc.where("customer"), "customer")
    return Customer(
        name=reader.text(data, "name", "customer"),
        age=reader.whole(data, "age", "customer", 0, 120),
        temperament=reader.text(data, "temperament", "customer", required=False),
        need=reader.text(data, "need", "customer"),
        mood=int(reader.number(data, "mood", "customer", 50, MOOD_MIN, MOOD_MAX)),
        description=reader.text(data, "description", "customer", required=False),
    )


def build_scenario(doc, filename: str, known_ids: set[str] | None = None) -> Scenario:
    """Turn one parsed YAML document into a Scenario, or raise ContentError with every problem."""
    reader = FieldReader(filename)
    doc = reader.mapping(doc, (1, 1), "scenario file")
    nodes = _section(reader, doc, "nodes", _node)
    endings = _section(reader, doc, "endings", _ending)
    scenario = Scenario(
        id=reader.text(doc, "id", "scenario"),
        title=reader.text(doc, "title", "scenario"),
        role=reader.choice(doc, "role", "scenario", ROLES),
        difficulty=reader.choice(doc, "difficulty", "scenario", DIFFICULTIES),
        minutes=reader.number(doc, "minutes", "scenario", 2, 0.5, 60),
        summary=reader.text(doc, "summary", "scenario"),
        objectives=_lines(reader, doc, "objectives", "scenario"),
        source=reader.text(doc, "source", "scenario"),
        customer=_customer(reader, doc),
        start=reader.text(doc, "start", "scenario"),
        nodes=nodes,
        endings=endings,
        key_points=_section(reader, doc, "key_points", _concept, required=False),
        always=_branches(reader, doc, "always", "scenario", needs_goto=True),
        variables=_scalar_pairs(reader, doc, "variables", "scenario"),
        max_turns=int(reader.number(doc, "max_turns", "scenario", 8, 1, 50)),
        on_timeout=reader.text(doc, "on_timeout", "scenario"),
        on_rage=reader.text(doc, "on_rage", "scenario"),
        on_vague=reader.text(doc, "on_vague", "scenario", required=False),
        channel=reader.text(doc, "channel", "scenario", required=False, default="柜台"),
        file=filename,
    )
    _check_references(reader, doc, scenario, known_ids)
    if reader.problems:
        raise ContentError(reader.problems)
    return scenario


def _check_references(reader: FieldReader, doc: LocatedDict, scenario: Scenario, known_ids: set[str] | None) -> None:
    """Targets and ids must exist; checked here so a scenario that loads can always be played."""
    if scenario.start and scenario.start not in scenario.nodes:
        reader.error(doc.where("start"), f"scenario: start node '{scenario.start}' does not exist", "reference")
    for key in ("on_timeout", "on_rage", "on_vague"):
        target = getattr(scenario, key)
        if target and target not in scenario.endings:
            reader.error(doc.where(key), f"scenario: '{key}' names ending '{target}', which does not exist", "reference")
    ids = set(scenario.key_points) | (known_ids or set())
    declared = {name for name, _ in scenario.variables}
    owners = [(f"node '{n.id}'", n.line, n.branches + n.fallback) for n in scenario.nodes.values()]
    owners.append(("scenario 'always'", doc.where("always")[0], scenario.always))
    for owner, _, branches in owners:
        for branch in branches:
            where = (branch.line, 1)
            if branch.goto and not scenario.target_exists(branch.goto):
                reader.error(where, f"{owner}: branch goes to '{branch.goto}', which is neither a node nor an ending", "reference")
            if known_ids is not None:
                for ident in branch.when.ids():
                    if ident not in ids:
                        reader.error(where, f"{owner}: condition names unknown key point '{ident}'", "reference")
            for name, _ in branch.when.vars + branch.set + branch.add:
                if name not in declared:
                    reader.error(where, f"{owner}: variable '{name}' is not declared under 'variables'", "reference")
    if known_ids is not None:
        for node in scenario.nodes.values():
            for ref in node.key_points:
                if ref.id not in ids:
                    reader.error((node.line, 1), f"node '{node.id}': unknown key point '{ref.id}'", "reference")
        _check_line_ids(reader, scenario, ids | set(SLOTS))


def _check_line_ids(reader: FieldReader, scenario: Scenario, ids: set[str]) -> None:
    """Lines and ending sentences that depend on a point must name one the engine can know."""
    owners = [(f"node '{n.id}'", n.line, n.say + tuple(l for b in n.branches + n.fallback for l in b.say))
              for n in scenario.nodes.values()]
    owners += [(f"ending '{e.id}'", e.line, e.say) for e in scenario.endings.values()]
    for owner, line_no, lines in owners:
        for line in lines:
            for ident in getattr(line, "needs", ()) + getattr(line, "unless", ()):
                if ident not in ids:
                    reader.error((line_no, 1), f"{owner}: line depends on unknown key point or slot '{ident}'", "reference")
    for ending in scenario.endings.values():
        for ident, _ in ending.credit + ending.missed:
            if ident not in ids:
                reader.error((ending.line, 1), f"ending '{ending.id}': debrief sentence for unknown key point '{ident}'", "reference")


@dataclass
class Library:
    """Every scenario that loaded, and the problems of the files that did not."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, ident: str) -> Scenario | None:
        return self.scenarios.get(ident)


def scenario_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if not p.name.endswith(TEST_SUFFIX))


def load_scenario_file(path: Path, known_ids: set[str] | None = None) -> Scenario:
    """The YAML loader is imported here: a process whose library comes from the cache never needs it."""
    from trainer.located.yamlsource import load_yaml_file

    return build_scenario(load_yaml_file(path), str(path), known_ids)


def load_library(directory: Path, known_ids: set[str] | None = None) -> Library:
    library = Library()
    for path in scenario_files(directory):
        try:
            scenario = load_scenario_file(path, known_ids)
        except ContentError as exc:
            library.problems.extend(exc.problems)
            continue
        if scenario.id in library.scenarios:
            first = library.scenarios[scenario.id].file
            library.problems.append(Problem(str(path), 1, 1, "error", f"duplicate scenario id '{scenario.id}' (also in {first})", "duplicate"))
            continue
        library.scenarios[scenario.id] = scenario
    return library
