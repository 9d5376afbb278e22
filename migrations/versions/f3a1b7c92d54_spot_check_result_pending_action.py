"""Spot checks: the result 待后续处理 is stored as `pending_action`, no longer `follow_up`
(which is the inspection kind 复查, a re-inspection)

Revision ID: f3a1b7c92d54
Revises: e7b3c9d1a2f6
Create Date: 2026-12-03 21:10:00

"""

from alembic import op

revision = "f3a1b7c92d54"
down_revision = "e7b3c9d1a2f6"
branch_labels = None
depends_on = None

CONSTRAINT = "ck_spot_check_selections_result"
RESULTS = "'no_problem', 'rectification_ordered', {}, 'unreachable', 'refused'"


def _rename(old: str, new: str) -> None:
    with op.batch_alter_table("spot_check_selections") as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_="check")
    op.execute(f"UPDATE spot_check_selections SET result = '{new}' WHERE result = '{old}'")
    with op.batch_alter_table("spot_check_selections") as batch_op:
        batch_op.create_check_constraint(
            "result", f"result IS NULL OR result IN ({RESULTS.format(repr(new))})"
        )


def upgrade():
    _rename("follow_up", "pending_action")


def downgrade():
    _rename("pending_action", "follow_up")
