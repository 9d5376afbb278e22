"""Account commands: creating a user from the shell (the first bureau officer, say)."""

from __future__ import annotations

import click

from inspect_app.accounts import users as user_service
from inspect_app.accounts.principal import STAFF_DEPARTMENTS, SYSTEM, Role
from inspect_app.cli import fail
from inspect_app.errors import DomainError
from inspect_app.extensions import db


@click.command("create-user")
@click.option("--username", required=True)
@click.option("--password", required=True, prompt=True, hide_input=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--department", type=click.Choice([d.value for d in STAFF_DEPARTMENTS]))
@click.option("--institution-id", type=int)
@click.option("--display-name")
def create_user(
    username: str,
    password: str,
    role: str,
    department: str | None,
    institution_id: int | None,
    display_name: str | None,
) -> None:
    """Create a user (创建用户)."""
    try:
        user = user_service.create_user(
            SYSTEM,
            username=username,
            password=password,
            role=role,
            department=department,
            institution_id=institution_id,
            display_name=display_name,
        )
        db.session.commit()
    except DomainError as error:
        fail(error)
    click.echo(f"created user {user.id} {user.username} ({user.role})")


COMMANDS = (create_user,)
