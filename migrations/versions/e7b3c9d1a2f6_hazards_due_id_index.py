"""Hazards: an index in the list's order (deadline, id) for the ledger export's pages

Revision ID: e7b3c9d1a2f6
Revises: c5e8d2a17f40
Create Date: 2026-12-05 10:00:00

"""

from alembic import op

revision = "e7b3c9d1a2f6"
down_revision = "c5e8d2a17f40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_hazards_due_id", "hazards", ["due_at", "id"])


def downgrade():
    op.drop_index("ix_hazards_due_id", table_name="hazards")
