"""users: the auditor role (reads and verifies every spot check, changes nothing)

Revision ID: a8d4e6f2c9b1
Revises: f3a9d2c7b1e4
Create Date: 2026-12-03 21:40:00
"""

from alembic import op

revision = "a8d4e6f2c9b1"
down_revision = "f3a9d2c7b1e4"
branch_labels = None
depends_on = None

ROLES = "'inspector', 'manager', 'bureau'"


def _roles(roles: str) -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", f"role IN ({roles})")


def upgrade():
    _roles(ROLES + ", 'auditor'")


def downgrade():
    op.execute("DELETE FROM auth_tokens WHERE user_id IN (SELECT id FROM users WHERE role = 'auditor')")
    op.execute("UPDATE users SET is_active = false, role = 'inspector', department = 'civil_affairs' WHERE role = 'auditor'")
    _roles(ROLES)
