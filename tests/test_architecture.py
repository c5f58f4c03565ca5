"""The layers import one way, and only the TUI knows textual.

The folder list is the architecture: language and located YAML at the bottom, scoring above, the
dialogue above that, authoring / classroom / reports above the dialogue, CLI, TUI and benchmarks on
top. The store sits beside the core behind its own interface and imports none of it.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "trainer"

# A package may import its own modules, anything of a lower rank, and the packages it is allowed beside.
RANK = {
    "paths": -1, "located": 0, "language": 0, "cache": 0,
    "scoring": 1,
    "store": 2, "dialogue": 2,
    "authoring": 3, "classroom": 3, "reports": 3,
    "cli": 4, "tui": 4, "bench": 4, "launch": 4, "__main__": 4,
}
# (importer, imported) pairs of one rank that are allowed; everything else of one rank stays apart.
BESIDE = {("dialogue", "store"), ("cli", "tui"), ("cli", "bench"), ("launch", "cli"), ("launch", "tui"), ("__main__", "launch")}
UI_LIBRARIES = ("textual", "textual_serve", "textual_plotext")


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.stem != "__init__" else "__init__"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _trainer_layers(path: Path) -> set[str]:
    return {n.split(".")[1] for n in _imports(path) if n.startswith("trainer.") and len(n.split(".")) > 1}


def test_every_layer_has_a_rank():
    layers = {_layer(p) for p in _modules()} - {"__init__"}
    assert layers <= set(RANK), f"give these packages a rank: {layers - set(RANK)}"


def _wrong_imports(layer: str, imported: set[str]) -> set[str]:
    return {
        other for other in imported - {layer}
        if RANK.get(other, 99) > RANK[layer]
        or (RANK.get(other) == RANK[layer] and (layer, other) not in BESIDE)
    }


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    layer = _layer(path)
    if layer == "__init__":
        return
    wrong = _wrong_imports(layer, _trainer_layers(path))
    assert not wrong, f"{path.relative_to(PACKAGE)} ({layer}) imports higher or sibling layers {wrong}"


@pytest.mark.parametrize("layer, imported, wrong", [
    ("scoring", {"dialogue"}, {"dialogue"}),
    ("language", {"scoring", "paths"}, {"scoring"}),
    ("authoring", {"classroom", "dialogue"}, {"classroom"}),
    ("store", {"dialogue"}, {"dialogue"}),
    ("dialogue", {"store", "scoring", "language"}, set()),
    ("tui", {"reports", "classroom", "store"}, set()),
])
def test_the_rule_itself(layer, imported, wrong):
    assert _wrong_imports(layer, imported) == wrong


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_tui_imports_textual(path):
    if _layer(path) == "tui":
        return
    bad = {n for n in _imports(path) if n.split(".")[0] in UI_LIBRARIES}
    assert not bad, f"{path} imports {bad}"


def test_the_check_sees_every_layer():
    seen = {_layer(p) for p in _modules()}
    assert {"language", "scoring", "dialogue", "authoring", "classroom", "store", "tui"} <= seen


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_yaml_is_only_loaded_safely(path):
    source = path.read_text(encoding="utf-8")
    assert "yaml.load(" not in source and "unsafe_load" not in source and "yaml.Loader" not in source
