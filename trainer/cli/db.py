"""``trainer db``: bring a records database to the current schema, or copy one into another.

SQLAlchemy and Alembic are imported inside the commands: this module loads with every
``trainer`` command, which must not pay for them.
"""

from __future__ import annotations

import click

from trainer.cli.group import main
from trainer.cli.common import fail
from trainer.store import StoreUnavailable, default_location, display, is_server_url, sqlite_file

LOCATION = "a file, sqlite:///FILE or postgresql://user@host/db (default: TRAINER_DATABASE_URL or the user's file)"


def _existing(location: str | None) -> str:
    chosen = str(default_location()) if location is None else location
    if not is_server_url(chosen) and not sqlite_file(chosen).is_file():
        fail(f"no such database: {display(chosen)}", 1)
    return chosen


@main.group()
def db() -> None:
    """练习记录数据库 / Upgrade the records database, or copy it into another (e.g. the bank's server)."""


@db.command()
@click.option("--db", "location", metavar="PATH|URL", help=f"The database: {LOCATION}.")
def upgrade(location: str | None) -> None:
    """升级数据库结构 / Apply the schema migrations this trainer needs (also done on open)."""
    from trainer.store import HEAD
    from trainer.store.migrate import engine_for, upgrade as migrate

    chosen = _existing(location)
    engine = engine_for(chosen)
    try:
        before = migrate(engine, chosen)
    except StoreUnavailable as exc:
        fail(str(exc), 1)
    finally:
        engine.dispose()
    if before == HEAD:
        click.echo(f"数据库结构已是最新版本 {HEAD}: {display(chosen)}")
    else:
        click.echo(f"数据库结构已从 {before or '空'} 升级到 {HEAD}: {display(chosen)}")


@db.command()
@click.option("--from", "source", required=True, metavar="PATH|URL", help=f"Copy from: {LOCATION}.")
@click.option("--to", "target", required=True, metavar="PATH|URL", help="Copy into this database; it must hold no records yet.")
def copy(source: str, target: str) -> None:
    """复制全部练习记录 / Copy every trainee, session, turn and drill event, ids kept."""
    from trainer.store.copy import copy_store

    try:
        written = copy_store(_existing(source), target)
    except StoreUnavailable as exc:
        fail(str(exc), 1)
    for table, count in written.items():
        click.echo(f"{table:14} {count:>8} 行")
    click.echo(f"已复制到 {display(target)}")
