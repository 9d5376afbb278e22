"""Hazard rules: voided status, proposed majors, due days, department, fixed on site,
referral; live hazards exclude voided ones.

Revision ID: c3d8e1f0a9b2
Revises: 288c9fbfc6bc
Create Date: 2026-12-01 18:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c3d8e1f0a9b2"
down_revision = "288c9fbfc6bc"
branch_labels = None
depends_on = None

OLD_LIVE = "status <> 'cleared'"
NEW_LIVE = "status NOT IN ('cleared', 'voided')"
OLD_STATUS = "status IN ('open', 'rectifying', 'pending_review', 'cleared')"
NEW_STATUS = "status IN ('open', 'rectifying', 'pending_review', 'cleared', 'voided')"


def _live_indexes(batch_op, live: str) -> None:
    batch_op.create_index(
        "uq_hazards_live_item",
        ["institution_id", "checklist_key", "item_code"],
        unique=True,
        sqlite_where=sa.text(f"{live} AND item_code IS NOT NULL"),
        postgresql_where=sa.text(f"{live} AND item_code IS NOT NULL"),
    )
    batch_op.create_index(
        "ix_hazards_live_institution",
        ["institution_id", "severity", "due_at", "status"],
        unique=False,
        sqlite_where=sa.text(live),
        postgresql_where=sa.text(live),
    )


def upgrade():
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "severity_confirmed", sa.Boolean(), server_default=sa.text("true"), nullable=False
            )
        )
        batch_op.add_column(sa.Column("due_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("department", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column(
                "fixed_on_site", sa.Boolean(), server_default=sa.text("false"), nullable=False
            )
        )
        batch_op.add_column(sa.Column("referred_to", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(op.f("ck_hazards_status"), type_="check")
        batch_op.create_check_constraint("status", NEW_STATUS)
        batch_op.create_check_constraint("due_days", "due_days IS NULL OR due_days >= 0")
        batch_op.drop_index("uq_hazards_live_item")
        batch_op.drop_index("ix_hazards_live_institution")
        _live_indexes(batch_op, NEW_LIVE)


def downgrade():
    # Before this revision a hazard recorded in error could only be closed: a voided one
    # goes back as cleared when it was voided (its events keep what happened).
    op.execute(
        "UPDATE hazards SET status = 'cleared', cleared_at = coalesce(cleared_at, voided_at)"
        " WHERE status = 'voided'"
    )
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.drop_index("ix_hazards_live_institution")
        batch_op.drop_index("uq_hazards_live_item")
        _live_indexes(batch_op, OLD_LIVE)
        batch_op.drop_constraint(op.f("ck_hazards_due_days"), type_="check")
        batch_op.drop_constraint(op.f("ck_hazards_status"), type_="check")
        batch_op.create_check_constraint("status", OLD_STATUS)
        batch_op.drop_column("voided_at")
        batch_op.drop_column("referred_to")
        batch_op.drop_column("fixed_on_site")
        batch_op.drop_column("department")
        batch_op.drop_column("due_days")
        batch_op.drop_column("severity_confirmed")
