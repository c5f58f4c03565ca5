"""Every filesystem location the app touches, in one module.

Tests and classroom set-ups move all user data with one variable (``TRAINER_HOME``); the bundled
content can be swapped with ``TRAINER_SCENARIOS`` and ``TRAINER_RUBRICS``, the compiled content
cache moved with ``TRAINER_CACHE``, and a bank's shared records server is chosen with
``TRAINER_DATABASE_URL``. platformdirs is imported only when no variable names the folder: it
costs a few milliseconds of every ``trainer score``, which is timed.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

APP_NAME = "trainer"
HOME_ENV = "TRAINER_HOME"
SCENARIOS_ENV = "TRAINER_SCENARIOS"
RUBRICS_ENV = "TRAINER_RUBRICS"
CACHE_ENV = "TRAINER_CACHE"
DATABASE_URL_ENV = "TRAINER_DATABASE_URL"


def _bundled(name: str) -> Path:
    """A source checkout keeps content beside the package; a wheel installs it under share/."""
    beside = Path(__file__).resolve().parent.parent / name
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / APP_NAME / name


def data_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"数据文件夹 {path} 不是文件夹 (检查 {HOME_ENV}) / the data folder is not a folder",
                                 str(path))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Compiled rubrics and scenarios (``trainer.cache``); not created here, since the cache
    creates it private to the user."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def db_path() -> Path:
    return data_dir() / "trainer.sqlite3"


def database_url() -> str | None:
    """A shared records server (``postgresql://…``) instead of the file under the data folder."""
    return os.environ.get(DATABASE_URL_ENV) or None


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


def preferences_path() -> Path:
    """Display choices (the theme) for this machine; records stay in the store."""
    return data_dir() / "preferences.json"


def screenshots_dir() -> Path:
    path = data_dir() / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
