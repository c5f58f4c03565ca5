import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval" / "replies.dev.jsonl"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """Compiled content goes to one cache for the whole run (and its subprocesses), never the user's."""
    os.environ["TRAINER_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test may touch the real user data directory."""
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture
def store(tmp_path):
    from trainer.store import open_store

    with open_store(tmp_path / "records.sqlite3") as opened:
        yield opened


@pytest.fixture(scope="session")
def scorer():
    from trainer.scoring.scorer import load_scorer

    return load_scorer(ROOT / "rubrics")


@pytest.fixture(scope="session")
def catalog():
    from trainer.dialogue.catalog import load_catalog

    return load_catalog(ROOT / "scenarios", ROOT / "rubrics")


def labelled_replies() -> list[dict]:
    """The shared labelled sample, when this checkout sits beside shared/ (as in CI)."""
    if not SHARED_EVAL.exists():
        return []
    return [json.loads(line) for line in SHARED_EVAL.read_text(encoding="utf-8").splitlines() if line.strip()]
