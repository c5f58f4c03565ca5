"""``trainer db copy``: a branch's whole history into the bank's server (or back), row by row.

Every table is copied in one target transaction with its ids as they are, so sessions keep their
trainees and turns their sessions, and a failure leaves the target as it was. The target must
hold no records yet: merging two histories would have to renumber, and a copy that silently
renumbers is not the faithful copy this promises. The source is read in one snapshot, opened
read-only, and must be at the current schema (``trainer db upgrade`` it first).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from trainer.store import open_store, unavailable
from trainer.store.migrate import engine_for
from trainer.store.schema import TABLES

BATCH = 1000


def _reset_sequences(conn: sa.Connection) -> None:
    """PostgreSQL hands out new ids from a sequence, which the copied ids did not advance."""
    for table in TABLES:
        (key,) = table.primary_key.columns if len(table.primary_key.columns) == 1 else (None,)
        if key is not None and isinstance(key.type, sa.Integer):
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key.name}'),"
                                 f" max({key.name})) FROM {table.name} HAVING max({key.name}) IS NOT NULL"))


def copy_store(source: str | Path, target: str | Path) -> dict[str, int]:
    """Copy every row; returns the rows written per table."""
    open_store(source, read_only=True).close()  # sound, ours and current, or a clear refusal
    open_store(target).close()  # created or brought to the current schema
    reading, writing = engine_for(source, read_only=True), engine_for(target)
    try:
        with reading.begin() as src, writing.begin() as dst:
            for table in TABLES:
                if dst.execute(sa.select(sa.func.count()).select_from(table)).scalar():
                    raise unavailable(target, f"目标数据库已有记录(表 {table.name}),不会覆盖;请复制到一个空的数据库")
            written = {}
            for table in TABLES:
                rows = src.execution_options(yield_per=BATCH).execute(
                    sa.select(table).order_by(*table.primary_key.columns))
                written[table.name] = 0
                for chunk in rows.partitions():
                    dst.execute(table.insert(), [row._asdict() for row in chunk])
                    written[table.name] += len(chunk)
            if dst.dialect.name == "postgresql":
                _reset_sequences(dst)
    finally:
        reading.dispose()
        writing.dispose()
    return written
