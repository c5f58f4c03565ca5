"""The core stays UI-free: it must run in the CLI, in tests and behind a future server."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "trainer"
UI_FREE = sorted(p for folder in ("core", "store") for p in (PACKAGE / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", UI_FREE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_never_imports_textual(path):
    bad = {n for n in _imports(path) if n.split(".")[0] in ("textual", "textual_serve") or n.startswith("trainer.tui")}
    assert not bad, f"{path} imports {bad}"


def test_there_is_a_core_to_check():
    assert len(UI_FREE) > 5


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_yaml_is_only_loaded_safely(path):
    source = path.read_text(encoding="utf-8")
    assert "yaml.load(" not in source and "unsafe_load" not in source and "yaml.Loader" not in source
