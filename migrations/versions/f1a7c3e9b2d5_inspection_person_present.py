"""Inspections: the institution's person present (name, position) for the on-site record

Revision ID: f1a7c3e9b2d5
Revises: f3a1b7c92d54
Create Date: 2026-12-03 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f1a7c3e9b2d5"
down_revision = "f3a1b7c92d54"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("present_person_name", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column("present_person_position", sa.String(length=100), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_column("present_person_position")
        batch_op.drop_column("present_person_name")
