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


def _foreign_keys(on: bool) -> None:
    """SQLite rebuilds users to change its checks, and many tables point at it: foreign
    keys are switched off meanwhile (outside a transaction, so the one open is committed)."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        raw = bind.connection.dbapi_connection
        raw.commit()
        raw.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def upgrade():
    _foreign_keys(False)
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("street", sa.String(length=50), nullable=True))
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", f"role IN ({ROLES}, 'street')")
        batch.create_check_constraint("street_street", "role <> 'street' OR street IS NOT NULL")
    _foreign_keys(True)


def downgrade():
    op.execute(
        "DELETE FROM auth_tokens WHERE user_id IN (SELECT id FROM users WHERE role = 'street')"
    )
    op.execute(
        "UPDATE users SET is_active = false, role = 'inspector', department = 'civil_affairs' "
        "WHERE role = 'street'"
    )
    _foreign_keys(False)
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(op.f("ck_users_street_street"), type_="check")
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint("role", f"role IN ({ROLES})")
        batch.drop_column("street")
    _foreign_keys(True)
