"""Clearance figures: covering indexes for the board now and for past months; proposed
majors and hazards awaiting review in the daily snapshot.

Revision ID: d5e2a7c41f08
Revises: c5e8f1a2b3d4
Create Date: 2026-12-01 19:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d5e2a7c41f08"
down_revision = "c5e8f1a2b3d4"
branch_labels = None
depends_on = None

LIVE = "status NOT IN ('cleared', 'voided')"
OLD_LIVE_COLUMNS = ["institution_id", "severity", "due_at", "status"]
NEW_LIVE_COLUMNS = ["institution_id", "severity", "severity_confirmed", "status", "due_at", "found_at"]
OLD_CLEARED_COLUMNS = ["cleared_at", "institution_id"]
NEW_CLEARED_COLUMNS = [
    "cleared_at",
    "institution_id",
    "status",
    "due_at",
    "found_at",
    "severity",
    "severity_confirmed",
]


def _replace_indexes(live_columns, cleared_columns) -> None:
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.drop_index("ix_hazards_live_institution")
        batch_op.drop_index("ix_hazards_cleared_at")
        batch_op.create_index(
            "ix_hazards_live_institution",
            live_columns,
            unique=False,
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )
        batch_op.create_index("ix_hazards_cleared_at", cleared_columns, unique=False)


def upgrade():
    _replace_indexes(NEW_LIVE_COLUMNS, NEW_CLEARED_COLUMNS)
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.create_index("ix_hazards_found_at", ["found_at", "status"], unique=False)
        batch_op.create_index("ix_hazards_voided_at", ["voided_at"], unique=False)
    with op.batch_alter_table("clearance_snapshots", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("proposed_major", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("awaiting_review", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("clearance_snapshots", schema=None) as batch_op:
        batch_op.drop_column("awaiting_review")
        batch_op.drop_column("proposed_major")
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.drop_index("ix_hazards_voided_at")
        batch_op.drop_index("ix_hazards_found_at")
    _replace_indexes(OLD_LIVE_COLUMNS, OLD_CLEARED_COLUMNS)
