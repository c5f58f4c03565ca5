"""One versioned migration path for both backends, run by Alembic on a SQLAlchemy connection.

The SQLite backend imports this only for a file behind ``HEAD`` (a new file, an upgrade), and
Alembic itself is imported only when migrations run: together with SQLAlchemy it costs most of a
second, which opening an up-to-date store never pays.
Each migration runs inside one transaction that first takes the database's write lock (SQLite:
``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock), so processes opening a new store at the same
moment migrate it once, and the others find it done.
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

import sqlalchemy as sa

from trainer.store import is_server_url, sqlite_file
from trainer.store.records import LEGACY, needs_upgrade, revision

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ADVISORY_LOCK = 7_142_001  # any constant shared by every trainer process on the server

if TYPE_CHECKING:
    from alembic.config import Config


def _config(connection: sa.Connection | None = None) -> Config:
    # Alembic is imported here, not above: the PostgreSQL backend reads the revision through this
    # module on every open, and only a database behind HEAD needs Alembic itself.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def found_revision(connection: sa.Connection, database: object) -> str | None:
    inspector = sa.inspect(connection)
    tables = set(inspector.get_table_names())
    version = legacy = None
    if "alembic_version" in tables:
        version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    elif "meta" in tables:
        legacy = connection.execute(sa.text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    return revision(database, tables, version, legacy)


def sqlite_engine(path: Path, **options: object) -> sa.Engine:
    """SQLAlchemy on a SQLite file, with transactions that take the write lock when they begin."""
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=sa.NullPool, connect_args={"timeout": 30}, **options)

    @sa.event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin_immediate(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def engine_for(location: str | Path, *, read_only: bool = False) -> sa.Engine:
    """An engine on a store for whole-database work (migrations, copies), one connection at a
    time. Read-only engines read one consistent snapshot per transaction."""
    if is_server_url(location):
        from trainer.store.postgres import connect_options, driver_url

        target = driver_url(str(location))
        return sa.create_engine(target, poolclass=sa.NullPool, connect_args=connect_options(target, read_only=read_only),
                                isolation_level="REPEATABLE READ" if read_only else "READ COMMITTED")
    path = sqlite_file(location)
    if not read_only:
        return sqlite_engine(path)
    import sqlite3

    uri = f"{path.resolve().as_uri()}?mode=ro"
    engine = sa.create_engine("sqlite://", poolclass=sa.NullPool,
                              creator=lambda: sqlite3.connect(uri, uri=True, isolation_level=None))

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def upgrade(engine: sa.Engine, database: object) -> str | None:
    """Bring the database to ``HEAD``; returns the revision it was at (``None``: it was empty)."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
        found = found_revision(connection, database)
        if needs_upgrade(database, found, read_only=False):
            from alembic import command

            config = _config(connection)
            if found == LEGACY:
                command.stamp(config, "0001")
            command.upgrade(config, "head")
        return found
