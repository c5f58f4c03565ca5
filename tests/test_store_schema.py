"""One schema for both backends: Alembic's revisions give exactly ``schema.py``, old files are
upgraded in place, and an up-to-date embedded store opens without SQLAlchemy."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.store_backends import backend, location, postgres_server, raw  # noqa: F401 (fixtures)
from trainer.store import HEAD, REVISIONS, open_store

REPO = Path(__file__).resolve().parent.parent

# The schema the store wrote before it had migrations, as it shipped (schema_version 1).
BEFORE_ALEMBIC = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE trainees (id INTEGER PRIMARY KEY, name TEXT NOT NULL, staff_no TEXT UNIQUE, created_at TEXT NOT NULL);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY, trainee_id INTEGER NOT NULL REFERENCES trainees(id), scenario_id TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam')), started_at TEXT NOT NULL, finished_at TEXT,
    ending_id TEXT, ending_kind TEXT, score REAL, summary TEXT, state TEXT NOT NULL, team TEXT, drill_id TEXT);
CREATE INDEX sessions_by_trainee ON sessions (trainee_id, started_at);
CREATE INDEX sessions_by_scenario ON sessions (scenario_id, started_at);
CREATE TABLE turns (
    session_id INTEGER NOT NULL REFERENCES sessions(id), idx INTEGER NOT NULL CHECK (idx >= 0),
    created_at TEXT NOT NULL, customer_text TEXT NOT NULL, reply TEXT NOT NULL, result TEXT NOT NULL,
    PRIMARY KEY (session_id, idx));
CREATE TABLE drill_events (
    id INTEGER PRIMARY KEY, drill_id TEXT NOT NULL, kind TEXT NOT NULL, team TEXT, author TEXT,
    payload TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX drill_events_by_drill ON drill_events (drill_id, id);
INSERT INTO meta VALUES ('schema_version', '1'), ('last_trainee_id', '1');
INSERT INTO trainees VALUES (1, '王芳', 'A001', '2024-05-01T08:00:00.000000+00:00');
INSERT INTO sessions VALUES (1, 1, 'coin-deposit-elder', 'practice', '2024-05-01T08:01:00.000000+00:00',
    NULL, NULL, NULL, NULL, NULL, '{"node":"n1"}', NULL, NULL);
INSERT INTO turns VALUES (1, 0, '2024-05-01T08:02:00.000000+00:00', '你好', '您好', '{"ok":true}');
"""


def test_the_revision_list_is_alembic_s() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from trainer.store import migrate

    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    chain = [script.revision for script in ScriptDirectory.from_config(config).walk_revisions()]
    assert migrate.head() == HEAD and tuple(reversed(chain)) == REVISIONS


def test_migrating_from_empty_gives_the_table_definition(location) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from trainer.store.migrate import engine_for
    from trainer.store.schema import METADATA

    open_store(location).close()
    engine = engine_for(location)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), METADATA) == []
    engine.dispose()
    assert raw(location, "SELECT version_num FROM alembic_version") == [(HEAD,)]


def _trainer(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "trainer", *args], capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def test_a_file_from_before_migrations_is_upgraded_in_place(tmp_path: Path) -> None:
    old = tmp_path / "trainer.sqlite3"
    with closing(sqlite3.connect(old)) as conn:
        conn.executescript(BEFORE_ALEMBIC)
    with pytest.raises(Exception, match="trainer db upgrade"):
        open_store(old, read_only=True)  # a report does not upgrade
    result = _trainer("db", "upgrade", "--db", str(old))
    assert result.returncode == 0, result.stderr
    assert f"升级到 {HEAD}" in result.stdout
    assert "最新" in _trainer("db", "upgrade", "--db", str(old)).stdout
    with open_store(old, read_only=True) as store:
        (session,) = store.unfinished_sessions(store.last_trainee().id)
        assert session.state == {"node": "n1"} and [t.reply for t in session.turns] == ["您好"]


def test_an_up_to_date_file_opens_without_sqlalchemy(tmp_path: Path) -> None:
    db = tmp_path / "trainer.sqlite3"
    open_store(db).close()
    probe = ("import sys; from trainer.store import open_store; s = open_store(sys.argv[1]); s.list_sessions();"
             " print(sorted(m for m in ('sqlalchemy', 'alembic', 'psycopg') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True, text=True, timeout=60,
                            env={"PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
