"""Hazards: the found-at index also covers fixed_on_site, so the board's "found this
month" (and fixed on site) is read from the index alone

Revision ID: 208de2372fbc
Revises: b7e2c4a9d1f3
Create Date: 2026-12-04 09:10:00

"""

from alembic import op

revision = "208de2372fbc"
down_revision = "b7e2c4a9d1f3"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_hazards_found_at", table_name="hazards")
    op.create_index("ix_hazards_found_at", "hazards", ["found_at", "status", "fixed_on_site"])


def downgrade():
    op.drop_index("ix_hazards_found_at", table_name="hazards")
    op.create_index("ix_hazards_found_at", "hazards", ["found_at", "status"])
