"""Documents: GB/T 9704 numbers per issuing department; new kinds (复查意见书, 移送函, 变更通知)

Revision ID: a7d31c5e9b20
Revises: 6a62f87a0486
Create Date: 2026-12-04 05:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a7d31c5e9b20"
down_revision = "6a62f87a0486"
branch_labels = None
depends_on = None

NEW_KINDS = "kind IN ('record', 'notice', 'opinion', 'referral', 'change')"
OLD_KINDS = "kind IN ('record', 'notice')"


def upgrade():
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "issuer", sa.String(length=32), nullable=False, server_default="civil_affairs"
            )
        )
        batch_op.add_column(
            sa.Column("subject", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.alter_column("kind", existing_type=sa.String(length=8), type_=sa.String(length=16))
        batch_op.drop_constraint(op.f("uq_documents_inspection_id_kind"), type_="unique")
        batch_op.drop_constraint(op.f("uq_documents_kind_year_serial"), type_="unique")
        batch_op.drop_constraint(op.f("ck_documents_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_documents_kind"), NEW_KINDS)
        batch_op.create_unique_constraint(op.f("uq_documents_number"), ["number"])
        batch_op.create_unique_constraint(
            op.f("uq_documents_one"), ["inspection_id", "kind", "issuer", "subject"]
        )
    with op.batch_alter_table("document_counters", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=sa.String(length=8), type_=sa.String(length=32))


def downgrade():
    op.execute(
        "DELETE FROM documents WHERE kind NOT IN ('record', 'notice') OR issuer <> 'civil_affairs'"
    )
    op.execute("DELETE FROM document_counters WHERE kind NOT IN ('record', 'notice')")
    with op.batch_alter_table("document_counters", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=sa.String(length=32), type_=sa.String(length=8))
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_documents_one"), type_="unique")
        batch_op.drop_constraint(op.f("uq_documents_number"), type_="unique")
        batch_op.drop_constraint(op.f("ck_documents_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_documents_kind"), OLD_KINDS)
        batch_op.create_unique_constraint(
            op.f("uq_documents_kind_year_serial"), ["kind", "year", "serial"]
        )
        batch_op.create_unique_constraint(
            op.f("uq_documents_inspection_id_kind"), ["inspection_id", "kind"]
        )
        batch_op.alter_column("kind", existing_type=sa.String(length=16), type_=sa.String(length=8))
        batch_op.drop_column("subject")
        batch_op.drop_column("issuer")
