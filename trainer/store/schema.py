"""The tables, once, for every backend: Alembic's migrations are written against them and the
PostgreSQL backend and ``trainer db copy`` query through them.

Times are fixed-width ISO-8601 UTC text and blobs are JSON text on both backends, so a copy is
the same bytes either way and text order is time order; on PostgreSQL the ordered time columns
use the "C" collation so that order does not depend on the server's locale. A new table (the
roster's credentials, say) is one more ``Table`` here plus one revision under ``migrations``.
"""

from __future__ import annotations

import sqlalchemy as sa

METADATA = sa.MetaData()


def _time() -> sa.types.TypeEngine:
    return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


META = sa.Table(
    "meta", METADATA,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
TRAINEES = sa.Table(
    "trainees", METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("staff_no", sa.Text, unique=True),
    sa.Column("created_at", _time(), nullable=False),
)
SESSIONS = sa.Table(
    "sessions", METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), nullable=False),
    sa.Column("scenario_id", sa.Text, nullable=False),
    sa.Column("mode", sa.Text, sa.CheckConstraint("mode IN ('practice', 'exam')"), nullable=False),
    sa.Column("started_at", _time(), nullable=False),
    sa.Column("finished_at", _time()),
    sa.Column("ending_id", sa.Text),
    sa.Column("ending_kind", sa.Text),
    sa.Column("score", sa.Double),
    sa.Column("summary", sa.Text),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("team", sa.Text),
    sa.Column("drill_id", sa.Text),
    sa.Index("sessions_by_trainee", "trainee_id", "started_at"),
    sa.Index("sessions_by_scenario", "scenario_id", "started_at"),
)
TURNS = sa.Table(
    "turns", METADATA,
    sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id"), primary_key=True),
    sa.Column("idx", sa.Integer, sa.CheckConstraint("idx >= 0"), primary_key=True, autoincrement=False),
    sa.Column("created_at", _time(), nullable=False),
    sa.Column("customer_text", sa.Text, nullable=False),
    sa.Column("reply", sa.Text, nullable=False),
    sa.Column("result", sa.Text, nullable=False),
)
DRILL_EVENTS = sa.Table(
    "drill_events", METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("drill_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("team", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("created_at", _time(), nullable=False),
    sa.Index("drill_events_by_drill", "drill_id", "id"),
)
CREDENTIALS = sa.Table(
    "credentials", METADATA,
    sa.Column("subject", sa.Text, primary_key=True),
    sa.Column("secret_hash", sa.Text, nullable=False),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("updated_at", _time(), nullable=False),
)
TRAINEE_TEAMS = sa.Table(
    "trainee_teams", METADATA,
    sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), primary_key=True, autoincrement=False),
    sa.Column("team", sa.Text, nullable=False),
)
# Parents before children: the order ``trainer db copy`` writes them in.
TABLES = (META, TRAINEES, SESSIONS, TURNS, DRILL_EVENTS, CREDENTIALS, TRAINEE_TEAMS)
