"""spot checks dsr-2: announced plans with frozen inputs, named public random values,
class ratios; draws with their source, value, secret, replaced draw and design

Revision ID: f3a9d2c7b1e4
Revises: f1a7c3e9b2d5
Create Date: 2026-12-03 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f3a9d2c7b1e4"
down_revision = "f1a7c3e9b2d5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("spot_check_plans") as batch:
        batch.add_column(
            sa.Column("algorithm", sa.String(16), nullable=False, server_default="dsr-1")
        )
        batch.add_column(sa.Column("class_ratios", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("random_sources", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("secret", sa.String(64), nullable=True))
        batch.add_column(sa.Column("announced_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("announcement", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("announcement_signature", sa.String(128), nullable=True))
        batch.add_column(sa.Column("inputs", sa.JSON(), nullable=True))
        batch.drop_constraint(op.f("ck_spot_check_plans_status"), type_="check")
        batch.drop_constraint(op.f("ck_spot_check_plans_sample_size_or_ratio"), type_="check")
        batch.create_check_constraint(
            "status", "status IN ('draft', 'announced', 'drawn', 'published')"
        )
        batch.create_check_constraint(
            "sampling",
            "class_ratios IS NOT NULL OR (sample_size IS NULL) <> (sample_ratio IS NULL)",
        )
    with op.batch_alter_table("spot_check_plans") as batch:
        batch.alter_column("algorithm", server_default=None)
    with op.batch_alter_table("spot_check_draws") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("replaces", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("source", sa.String(200), nullable=True))
        batch.add_column(sa.Column("public_value", sa.String(200), nullable=True))
        batch.add_column(sa.Column("secret", sa.String(64), nullable=True))
        batch.add_column(sa.Column("design", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("spot_check_draws") as batch:
        for column in ("design", "secret", "public_value", "source", "replaces", "note"):
            batch.drop_column(column)
    with op.batch_alter_table("spot_check_plans") as batch:
        batch.drop_constraint(op.f("ck_spot_check_plans_sampling"), type_="check")
        batch.drop_constraint(op.f("ck_spot_check_plans_status"), type_="check")
        batch.create_check_constraint(
            "sample_size_or_ratio", "(sample_size IS NULL) <> (sample_ratio IS NULL)"
        )
        batch.create_check_constraint("status", "status IN ('draft', 'drawn', 'published')")
        for column in (
            "inputs",
            "announcement_signature",
            "announcement",
            "announced_at",
            "secret",
            "random_sources",
            "class_ratios",
            "algorithm",
        ):
            batch.drop_column(column)
