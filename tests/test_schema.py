"""The JSON Schema for scenario files: generated from the model, shipped, and true of the library."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from trainer.dialogue import scenario_loader
from trainer.authoring.scaffold import scaffold
from trainer.authoring.schema import MODELINE, allowed_keys, build_schema, schema_text

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "scenarios" / "scenario.schema.json"
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.endswith(".test.yaml"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lint"


@pytest.fixture(scope="module")
def validator():
    schema = build_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(validator, doc) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc))


def test_shipped_schema_is_the_generated_one():
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), "run: trainer schema --write"


def test_schema_text_is_stable_json():
    assert schema_text() == schema_text()
    assert json.loads(schema_text()) == build_schema()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_validates(validator, path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert errors(validator, doc) == []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_names_the_schema(path):
    head = path.read_text(encoding="utf-8").splitlines()[:5]
    assert MODELINE in head


def test_the_scaffold_validates(validator):
    text, _ = scaffold("new-case")
    assert text.startswith(MODELINE)
    assert errors(validator, yaml.safe_load(text)) == []


def test_mistakes_are_underlined(validator):
    doc = yaml.safe_load((FIXTURES / "bad-fields.yaml").read_text(encoding="utf-8"))
    found = errors(validator, doc)
    assert any(e.startswith(": 'title' is a required property") for e in found)
    assert any("titel" in e for e in found)
    assert any(e.startswith("role:") for e in found)
    assert any(e.startswith("minutes:") for e in found)
    assert any(e.startswith("endings/left/kind:") for e in found)
    assert any("hass" in e for e in found)


def test_a_node_needs_say_reference_and_fallback(validator):
    doc = yaml.safe_load((FIXTURES / "missing-reference.yaml").read_text(encoding="utf-8"))
    found = errors(validator, doc)
    assert any("'reference' is a required property" in e for e in found)
    assert any("'fallback' is a required property" in e for e in found)


def test_branch_and_condition_keys_match_the_loader():
    assert set(allowed_keys("branch")) == scenario_loader._BRANCH_KEYS
    assert set(allowed_keys("condition")) == scenario_loader._CONDITION_KEYS


def test_enums_come_from_the_model():
    from trainer.dialogue.scenario import DIFFICULTIES, ENDING_KINDS, ROLES

    schema = build_schema()
    assert schema["properties"]["role"]["enum"] == list(ROLES)
    assert schema["properties"]["difficulty"]["enum"] == list(DIFFICULTIES)
    assert schema["definitions"]["ending"]["properties"]["kind"]["enum"] == list(ENDING_KINDS)


def test_every_property_is_described_in_both_languages():
    schema = build_schema()
    bodies = [schema] + list(schema["definitions"].values())
    for body in bodies:
        for name, prop in body["properties"].items():
            zh, _, en = prop["description"].partition("\n")
            assert zh and en, name


def test_forms_of_say_and_branches(validator):
    base = yaml.safe_load((FIXTURES / "clean.yaml").read_text(encoding="utf-8"))
    base["nodes"]["opening"]["say"] = ["one", "two"]
    base["nodes"]["serving"]["fallback"] = {"goto": "left"}          # a single mapping is allowed
    base["nodes"]["opening"]["branches"][0]["when"]["forbidden"] = True
    assert errors(validator, base) == []
    base["nodes"]["opening"]["branches"][0]["when"]["forbidden"] = "sometimes"
    assert errors(validator, base)
