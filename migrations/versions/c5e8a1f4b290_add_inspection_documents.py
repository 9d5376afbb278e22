"""Add the documents of an inspection (执法文书) and their numbering; signature refusals

Revision ID: c5e8a1f4b290
Revises: d5e2a7c41f08
Create Date: 2026-12-01 18:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c5e8a1f4b290"
down_revision = "d5e2a7c41f08"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "signature_refused", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(sa.Column("signature_note", sa.Text(), nullable=True))

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("bytes", sa.BigInteger(), nullable=True),
        sa.Column("storage_key", sa.String(length=200), nullable=True),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('record', 'notice')", name=op.f("ck_documents_kind")),
        sa.CheckConstraint("serial >= 1", name=op.f("ck_documents_serial")),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_documents_inspection_id_inspections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint(
            "inspection_id", "kind", name=op.f("uq_documents_inspection_id_kind")
        ),
        sa.UniqueConstraint("kind", "year", "serial", name=op.f("uq_documents_kind_year_serial")),
    )
    op.create_table(
        "document_counters",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "year", name=op.f("pk_document_counters")),
    )


def downgrade():
    op.drop_table("document_counters")
    op.drop_table("documents")
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_column("signature_note")
        batch_op.drop_column("signature_refused")
