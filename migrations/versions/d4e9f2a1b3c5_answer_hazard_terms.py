"""Answers carry the hazard terms the inspector set: fixed on site, due days.

Revision ID: d4e9f2a1b3c5
Revises: c5d8e2f41a07
Create Date: 2026-12-02 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d4e9f2a1b3c5"
down_revision = "c5d8e2f41a07"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "fixed_on_site", sa.Boolean(), server_default=sa.text("false"), nullable=False
            )
        )
        batch_op.add_column(sa.Column("due_days", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("due_days")
        batch_op.drop_column("fixed_on_site")
