"""Fuzzing scenario and rubric files from the model's own schema (issue 13).

Every field the schema names (present in a shipped file or not) gets a value of the wrong type, an
impossible date, a huge number or deep nesting, written as raw YAML. Whatever the value, loading
gives a located problem in that file (or a scenario that plays), never an exception, and the other
files still load.
"""

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from trainer.dialogue.engine import Session
from trainer.dialogue.scenario_loader import load_library
from trainer.dialogue.understanding import rubric_ids
from trainer.located.problems import ContentError
from trainer.scoring.rubric import load_rubrics

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8"))
GOOD = "one-yuan-loop"
SENTINEL = "FUZZ-VALUE-HERE"
BAD_VALUES = [
    "2001-02-30", "2001-02-30 25:61:00", "!!timestamp 1999-13-01", "9" * 5000, "-0x" + "f" * 4400, "1.0e+999",
    "-.inf", ".nan", "[" * 80 + "]" * 80, "{a: " * 80 + "1" + "}" * 80, "[]", "{}", "null", "true", "-1",
    "12.5", "[1, {a: b}]", "{x: [1, 2]}", "!!binary aGk=", "!!set {a, b}", "''", "'\\x1b]0;pwned\\x07'",
    "&a [*a]", "[" + ", ".join(["x"] * 200) + "]", "'no'", "'3'",
]


def _plain(value):
    return json.loads(json.dumps(value))


def _subschema(schema: dict, value) -> dict:
    """Follow $ref, and take the alternative of an anyOf that fits the value's type."""
    kind = "array" if isinstance(value, list) else "object" if isinstance(value, dict) else "string"
    while True:
        if "$ref" in schema:
            schema = SCHEMA["definitions"][schema["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in schema:
            schema = next((s for s in schema["anyOf"] if s.get("type", "object") == kind), schema["anyOf"][0])
        else:
            return schema


def schema_slots(value, schema: dict, path: tuple = ()) -> list[tuple]:
    """Every place the schema lets a value go in this document, whether the document fills it or not."""
    schema = _subschema(schema, value)
    slots = []
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in sorted(set(properties) | set(value)):
            slots.append(path + (key,))
            inner = properties.get(key) or schema.get("additionalProperties")
            if key in value and isinstance(inner, dict):
                slots += schema_slots(value[key], inner, path + (key,))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            slots.append(path + (index,))
            slots += schema_slots(item, schema["items"], path + (index,))
    return slots


def document_slots(value, path: tuple = ()) -> list[tuple]:
    """Rubric files have no JSON Schema: their slots are every key and item of the shipped file."""
    slots = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        slots.append(path + (key,))
        slots += document_slots(inner, path + (key,))
    return slots


def with_raw_value(doc, path: tuple, raw: str) -> str:
    doc = _plain(doc)
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = SENTINEL
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)
    return text.replace(SENTINEL, raw, 1)


SCENARIO = _plain(yaml.safe_load((ROOT / "scenarios" / f"{GOOD}.yaml").read_text(encoding="utf-8")))
SCENARIO_SLOTS = schema_slots(SCENARIO, SCHEMA)
RUBRIC_FILES = sorted(p.name for p in (ROOT / "rubrics").glob("*.yaml"))


def _first_entries(value):
    """The first two items of every list: the shape of the shipped file, loaded in milliseconds, not seconds."""
    if isinstance(value, dict):
        return {key: _first_entries(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_first_entries(inner) for inner in value[:2]]
    return value


RUBRICS = {name: _first_entries(_plain(yaml.safe_load((ROOT / "rubrics" / name).read_text(encoding="utf-8"))))
           for name in RUBRIC_FILES}
RUBRIC_SLOTS = [(name, slot) for name in RUBRIC_FILES for slot in document_slots(RUBRICS[name])]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_the_slots_cover_the_schema():
    """Absent optional fields are slots too: the schema, not the sample file, says what can be written."""
    assert {("customer", "age"), ("variables",), ("max_turns",), ("nodes", "opening", "grievance"),
            ("nodes", "opening", "fallback", 0, "when", "turn_at_least")} <= set(SCENARIO_SLOTS)
    assert "variables" not in SCENARIO
    assert len(RUBRIC_SLOTS) > 50


@FUZZ
@given(slot=st.sampled_from(SCENARIO_SLOTS), raw=st.sampled_from(BAD_VALUES))
def test_a_fuzzed_scenario_is_a_located_problem_or_plays(catalog, slot, raw):
    known = rubric_ids(catalog.scorer.rubrics)
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(ROOT / "scenarios" / f"{GOOD}.yaml", Path(folder) / f"{GOOD}.yaml")
        fuzzed = Path(folder) / "fuzzed.yaml"
        fuzzed.write_text(with_raw_value(SCENARIO, slot, raw).replace(f"id: {GOOD}", "id: fuzzed", 1), encoding="utf-8")
        library = load_library(Path(folder), known)
    assert GOOD in library.scenarios
    assert all(Path(p.file) == fuzzed and p.line >= 1 and p.col >= 1 for p in library.problems), library.problems
    scenario = next((s for s in library.scenarios.values() if Path(s.file) == fuzzed), None)
    assert (scenario is None) == bool(library.problems)
    if scenario is not None:
        session = Session(scenario, catalog.scorer)
        session.reply("您好,请问有什么可以帮您?")
        json.dumps(session.state.to_dict(), allow_nan=False)


@FUZZ
@given(slot=st.sampled_from(RUBRIC_SLOTS), raw=st.sampled_from(BAD_VALUES))
def test_a_fuzzed_rubric_is_a_located_problem_in_that_file(slot, raw):
    name, path = slot
    with tempfile.TemporaryDirectory() as folder:
        for other in RUBRIC_FILES:
            doc = with_raw_value(RUBRICS[name], path, raw) if other == name else yaml.safe_dump(RUBRICS[other], allow_unicode=True)
            (Path(folder) / other).write_text(doc, encoding="utf-8")
        try:
            load_rubrics(Path(folder))
        except ContentError as exc:
            assert exc.problems
            assert all(Path(p.file) == Path(folder) / name and p.line >= 1 and p.col >= 1 for p in exc.problems), \
                exc.problems


@pytest.mark.parametrize("slot, raw, message", [
    (("nodes", "opening", "say"), "[]", "needs at least one line"),      # IndexError when the session started
    (("nodes", "reveal", "say"), "''", "needs at least one line"),       # ZeroDivisionError on reaching it
    (("nodes", "opening", "grievance"), "'no'", "must be true or false"),   # read as yes
    (("customer", "age"), "-1", "between 0 and 120"),
    (("title",), "9" * 5000, "at most 100"),                             # ValueError: the library vanished
], ids=["empty-say", "blank-say", "grievance-text", "age-range", "huge-title"])
def test_what_the_fuzz_found_is_a_located_problem(slot, raw, message):
    text = with_raw_value(SCENARIO, slot, raw)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "fuzzed.yaml").write_text(text, encoding="utf-8")
        library = load_library(Path(folder))
    (problem,) = library.problems
    assert message in problem.message
    line = next(number for number, body in enumerate(text.splitlines(), 1) if raw[:20] in body and slot[-1] in body)
    assert problem.line == line
