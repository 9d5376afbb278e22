"""Hazard documents: the change notice (隐患等级变更通知书) on the bureau's decision of a
proposed major

Revision ID: d5a2e8c4f613
Revises: c9f1d3b7e254
Create Date: 2026-12-04 05:40:00
"""

from alembic import op

revision = "d5a2e8c4f613"
down_revision = "c9f1d3b7e254"
branch_labels = None
depends_on = None


def _kinds(kinds: str) -> None:
    with op.batch_alter_table("hazard_documents", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_hazard_documents_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_hazard_documents_kind"), f"kind IN ({kinds})")


def upgrade():
    _kinds("'extend', 'correct', 'change'")


def downgrade():
    op.execute("DELETE FROM hazard_documents WHERE kind = 'change'")
    _kinds("'extend', 'correct'")
