"""Every store test runs against both backends: the embedded SQLite file and a PostgreSQL server.

The server is ``TRAINER_TEST_DATABASE_URL`` when set (``.ci/run`` starts one and sets it), else a
throw-away one started here from the distribution's binaries. Without either the PostgreSQL
cases skip, saying why; ``TRAINER_TEST_REQUIRE_POSTGRES=1`` (set in CI) turns that skip into a
failure. Each test gets its own PostgreSQL schema, dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRATCH = REPO / ".ci" / "postgres-scratch"
BACKENDS = ("sqlite", "postgresql")


def _have_binaries() -> bool:
    return bool(shutil.which("initdb") or list(Path("/usr/lib/postgresql").glob("*/bin/initdb")))


@pytest.fixture(scope="session")
def postgres_server():
    url = os.environ.get("TRAINER_TEST_DATABASE_URL")
    if url:
        yield url
        return
    if not _have_binaries():
        reason = "no PostgreSQL server: set TRAINER_TEST_DATABASE_URL or install the postgresql package"
        if os.environ.get("TRAINER_TEST_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    url = subprocess.run([str(SCRATCH), "start"], check=True, capture_output=True, text=True).stdout.strip()
    yield url
    subprocess.run([str(SCRATCH), "stop", url], check=False)


def schema_url(server: str, schema: str) -> str:
    joiner = "&" if "?" in server else "?"
    return f"{server}{joiner}options={quote(f'-csearch_path={schema}')}"


def pg_execute(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql.replace("?", "%s"), params or None)
        return cursor.fetchall() if cursor.description else []


def new_location(backend: str, tmp_path: Path, request) -> str | Path:
    """A fresh, empty store location of that backend, removed at the end of the test."""
    if backend == "sqlite":
        return tmp_path / f"records-{uuid.uuid4().hex[:8]}.sqlite3"
    server = request.getfixturevalue("postgres_server")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    pg_execute(server, f"CREATE SCHEMA {schema}")
    request.addfinalizer(lambda: pg_execute(server, f"DROP SCHEMA {schema} CASCADE"))
    return schema_url(server, schema)


def raw(location: str | Path, sql: str, params: tuple = ()) -> list[tuple]:
    """SQL straight to the database behind a store, to damage it or count its rows."""
    if isinstance(location, Path):
        with closing(sqlite3.connect(location)) as conn, conn:
            return conn.execute(sql, params).fetchall()
    return pg_execute(location, sql, params)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def location(backend: str, tmp_path: Path, request) -> str | Path:
    return new_location(backend, tmp_path, request)


@pytest.fixture
def store(location):
    from trainer.store import open_store

    with open_store(location) as opened:
        yield opened
