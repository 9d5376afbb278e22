"""Account commands: creating a user from the shell (the first bureau officer, say)."""

from __future__ import annotations

import click

from inspect_app.accounts import users as user_service
from inspect_app.principal import STAFF_DEPARTMENTS, SYSTEM, Role
from inspect_app.unit_of_work import as_unit_of_work


@click.command("create-user")
@click.option("--username", required=True)
@click.option("--password", required=True, prompt=True, hide_input=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--department", type=click.Choice([d.value for d in STAFF_DEPARTMENTS]))
@click.option("--institution-id", type=int)
@click.option("--display-name")
@as_unit_of_work
def create_user(
    username: str,
    password: str,
    role: str,
    department: str | None,
    institution_id: int | None,
    display_name: str | None,
) -> str:
    """Create a user (创建用户)."""
    user = user_service.create_user(
        SYSTEM,
        username=username,
        password=password,
        role=role,
        department=department,
        institution_id=institution_id,
        display_name=display_name,
    )
    return f"created user {user.id} {user.username} ({user.role})"


COMMANDS = (create_user,)
