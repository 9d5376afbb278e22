"""Inspections: a re-inspection's (复查) hazards re-checked, with result and photos

Revision ID: c9f1d3b7e254
Revises: ba0461505e3c
Create Date: 2026-12-04 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c9f1d3b7e254"
down_revision = "ba0461505e3c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rechecks", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_column("rechecks")
