"""Every filesystem location the app touches, in one module.

Tests and classroom set-ups move all user data with one variable (``TRAINER_HOME``); the bundled
content can be swapped with ``TRAINER_SCENARIOS`` and ``TRAINER_RUBRICS``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "trainer"
HOME_ENV = "TRAINER_HOME"
SCENARIOS_ENV = "TRAINER_SCENARIOS"
RUBRICS_ENV = "TRAINER_RUBRICS"


def _bundled(name: str) -> Path:
    """A source checkout keeps content beside the package; a wheel installs it under share/."""
    beside = Path(__file__).resolve().parent.parent / name
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / APP_NAME / name


def data_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def db_path() -> Path:
    return data_dir() / "trainer.sqlite3"


def exports_dir() -> Path:
    """Where the terminal's report exports go unless the trainer names a path."""
    return data_dir() / "exports"


def scenarios_dir() -> Path:
    override = os.environ.get(SCENARIOS_ENV)
    return Path(override) if override else _bundled("scenarios")


def rubrics_dir() -> Path:
    override = os.environ.get(RUBRICS_ENV)
    return Path(override) if override else _bundled("rubrics")


def schema_path() -> Path:
    return scenarios_dir() / "scenario.schema.json"
