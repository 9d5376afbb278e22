"""Hazard documents: the referral letter (隐患移送函) a referral is sent with

Revision ID: e3b9c6a1d852
Revises: 208de2372fbc
Create Date: 2026-12-04 10:10:00
"""

from alembic import op

revision = "e3b9c6a1d852"
down_revision = "208de2372fbc"
branch_labels = None
depends_on = None


def _kinds(kinds: str) -> None:
    with op.batch_alter_table("hazard_documents", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_hazard_documents_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_hazard_documents_kind"), f"kind IN ({kinds})")


def upgrade():
    _kinds("'extend', 'correct', 'change', 'refer'")


def downgrade():
    op.execute("DELETE FROM hazard_documents WHERE kind = 'refer'")
    _kinds("'extend', 'correct', 'change'")
