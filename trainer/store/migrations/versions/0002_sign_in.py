"""Sign-in for served classrooms: credential hashes (trainee PINs, the trainer's password and one-time
codes; never a secret in clear) and the class roster's teams.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _time() -> sa.types.TypeEngine:
    return sa.Text().with_variant(sa.Text(collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "credentials",
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("secret_hash", sa.Text, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", _time(), nullable=False),
    )
    op.create_table(
        "trainee_teams",
        sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), primary_key=True, autoincrement=False),
        sa.Column("team", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("trainee_teams")
    op.drop_table("credentials")
