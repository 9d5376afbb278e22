"""Flask commands: thin wrappers that parse arguments and call services."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from inspect_app.extensions import db
from inspect_app.models.user import DEPARTMENTS, ROLES
from inspect_app.services import checklists as checklist_service
from inspect_app.services import users as user_service
from inspect_app.services.errors import DomainError


def _fail(error: DomainError) -> None:
    db.session.rollback()
    details = "".join(
        f"\n  {where}: {'; '.join(messages)}" for where, messages in (error.errors or {}).items()
    )
    raise click.ClickException(f"{error.message}{details}")


@click.command("create-user")
@click.option("--username", required=True)
@click.option("--password", required=True, prompt=True, hide_input=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--department", type=click.Choice(DEPARTMENTS))
@click.option("--institution-id", type=int)
@click.option("--display-name")
def create_user(username, password, role, department, institution_id, display_name):
    """Create a user (创建用户)."""
    try:
        user = user_service.create_user(
            username=username,
            password=password,
            role=role,
            department=department,
            institution_id=institution_id,
            display_name=display_name,
        )
        db.session.commit()
    except DomainError as error:
        _fail(error)
    click.echo(f"created user {user.id} {user.username} ({user.role})")


checklists_cli = AppGroup("checklists", help="Checklist files (检查表).")


@checklists_cli.command("sync")
@click.option("--directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def sync_checklists(directory):
    """Load checklists/*.yaml; a new version only where a file's content changed."""
    directory = directory or Path(current_app.config["CHECKLIST_DIR"])
    try:
        results = checklist_service.sync_directory(directory)
        db.session.commit()
    except DomainError as error:
        _fail(error)
    for key, version, created in results:
        click.echo(f"{key}: v{version} {'new' if created else 'unchanged'}")


def register(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(checklists_cli)
