"""Copy the institution's street onto hazards; cover the dashboard's counts

Revision ID: 3f2a9c1d7e44
Revises: 615ea3b21601
Create Date: 2026-11-28 11:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "3f2a9c1d7e44"
down_revision = "615ea3b21601"
branch_labels = None
depends_on = None

LIVE = "status <> 'cleared'"


def upgrade():
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("street", sa.String(length=50), nullable=True))
    op.execute(
        "UPDATE hazards SET street = "
        "(SELECT i.street FROM institutions i WHERE i.id = hazards.institution_id)"
    )
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.alter_column("street", existing_type=sa.String(length=50), nullable=False)
        batch_op.drop_index("ix_hazards_status_severity_due")
        batch_op.create_index(
            "ix_hazards_status_severity_due", ["status", "severity", "due_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_hazards_street_list",
            ["status", "severity", "street", "due_at", "id"],
            unique=False,
        )
        batch_op.drop_index("ix_hazards_live_institution")
        batch_op.create_index(
            "ix_hazards_live_institution",
            ["institution_id", "severity", "due_at", "status"],
            unique=False,
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )


def downgrade():
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.drop_index("ix_hazards_live_institution")
        batch_op.create_index(
            "ix_hazards_live_institution",
            ["institution_id", "severity", "due_at"],
            unique=False,
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )
        batch_op.drop_index("ix_hazards_street_list")
        batch_op.drop_index("ix_hazards_status_severity_due")
        batch_op.create_index(
            "ix_hazards_status_severity_due",
            ["status", "severity", "due_at", "institution_id"],
            unique=False,
        )
        batch_op.drop_column("street")
