"""Photos: derivatives made later by a job ("ready", "pending", "failed"), sizes nullable

Revision ID: c5e8d2a17f40
Revises: c5e8a1f4b290
Create Date: 2026-12-02 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c5e8d2a17f40"
down_revision = "c5e8a1f4b290"
branch_labels = None
depends_on = None

SIZES = (
    "display_width",
    "display_height",
    "display_bytes",
    "thumb_width",
    "thumb_height",
    "thumb_bytes",
)


def upgrade():
    with op.batch_alter_table("photos") as batch:
        batch.add_column(
            sa.Column("derivatives", sa.String(length=8), server_default="ready", nullable=False)
        )
        for name in SIZES:
            batch.alter_column(name, existing_type=sa.Integer(), nullable=True)
        batch.create_index("ix_photos_derivatives_uploaded_at", ["derivatives", "uploaded_at"])


def downgrade():
    # Photos still without derivatives keep zero sizes (their files are simply absent).
    for name in SIZES:
        op.execute(f"UPDATE photos SET {name} = 0 WHERE {name} IS NULL")
    with op.batch_alter_table("photos") as batch:
        batch.drop_index("ix_photos_derivatives_uploaded_at")
        for name in SIZES:
            batch.alter_column(name, existing_type=sa.Integer(), nullable=False)
        batch.drop_column("derivatives")
