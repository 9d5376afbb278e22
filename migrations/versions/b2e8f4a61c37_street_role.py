"""users: the street role (街镇), scoped to one street

Revision ID: b2e8f4a61c37
Revises: a7d31c5e9b20
Create Date: 2026-12-04 05:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b2e8f4a61c37"
down_revision = "a7d31c5e9b20"
branch_labels = None
depends_on = None

ROLES = "'inspector', 'manager', 'bureau', 'auditor'"


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("street", sa.String(length=50), nullable=True))
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", f"role IN ({ROLES}, 'street')")
        batch.create_check_constraint("street_street", "role <> 'street' OR street IS NOT NULL")


def downgrade():
    op.execute(
        "DELETE FROM auth_tokens WHERE user_id IN (SELECT id FROM users WHERE role = 'street')"
    )
    op.execute(
        "UPDATE users SET is_active = false, role = 'inspector', department = 'civil_affairs' "
        "WHERE role = 'street'"
    )
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_street_street"), type_="check")
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", f"role IN ({ROLES})")
        batch.drop_column("street")
