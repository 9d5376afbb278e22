"""Hazards: an index by street and clearing time for a street's monthly report

Revision ID: b7e2c4a9d1f3
Revises: d5a2e8c4f613
Create Date: 2026-12-04 05:00:00

"""

from alembic import op

revision = "b7e2c4a9d1f3"
down_revision = "d5a2e8c4f613"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_hazards_street_cleared_at", "hazards", ["street", "cleared_at"])


def downgrade():
    op.drop_index("ix_hazards_street_cleared_at", table_name="hazards")
