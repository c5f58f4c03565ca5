"""The records as the first SQLite store kept them: trainees, sessions, turns, drill events.

A revision is frozen history: it spells its tables out instead of reading ``schema.py``, which
always describes the newest revision; ``tests/test_store_schema.py`` checks that migrating from
empty gives exactly ``schema.py``.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _time() -> sa.types.TypeEngine:
    return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table("meta", sa.Column("key", sa.Text, primary_key=True), sa.Column("value", sa.Text, nullable=False))
    op.create_table(
        "trainees",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("staff_no", sa.Text, unique=True),
        sa.Column("created_at", _time(), nullable=False),
    )
    op.create_table(
        "sessions",
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
    )
    op.create_index("sessions_by_trainee", "sessions", ["trainee_id", "started_at"])
    op.create_index("sessions_by_scenario", "sessions", ["scenario_id", "started_at"])
    op.create_table(
        "turns",
        sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id"), primary_key=True),
        sa.Column("idx", sa.Integer, sa.CheckConstraint("idx >= 0"), primary_key=True, autoincrement=False),
        sa.Column("created_at", _time(), nullable=False),
        sa.Column("customer_text", sa.Text, nullable=False),
        sa.Column("reply", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
    )
    op.create_table(
        "drill_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("drill_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("team", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", _time(), nullable=False),
    )
    op.create_index("drill_events_by_drill", "drill_events", ["drill_id", "id"])


def downgrade() -> None:
    for table in ("drill_events", "turns", "sessions", "trainees", "meta"):
        op.drop_table(table)
