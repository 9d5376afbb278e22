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


@click.command("demo-data")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Load nothing, only show the demo logins, when the database has institutions or users.",
)
@click.option("--seed", type=int, help="Random seed; the same seed gives the same district.")
def demo_data(if_empty, seed):
    """Load a demo Songjiang district (演示数据) and print its logins."""
    from inspect_app.services import demo as demo_service

    try:
        result = demo_service.load_demo_data(
            seed=seed,
            if_empty=if_empty,
            logins_path=Path(current_app.instance_path) / demo_service.LOGINS_FILE,
            checklist_dir=Path(current_app.config["CHECKLIST_DIR"]),
        )
        db.session.commit()
    except DomainError as error:
        _fail(error)
    if result.loaded:
        click.echo("loaded demo data: " + ", ".join(f"{v} {k}" for k, v in result.counts.items()))
        click.echo(f"logins saved to {result.logins_path}\n")
    else:
        click.echo("数据库已有数据，未载入演示数据 / The database has data; nothing loaded\n")
    click.echo(result.logins)


photos_cli = AppGroup("photos", help="Photo evidence (证据照片).")


@photos_cli.command("verify")
def verify_photos():
    """Re-hash every stored original; exit 1 if any is missing or altered."""
    from inspect_app.services import evidence

    problems = []
    with click.progressbar(
        evidence.verify_originals(), length=evidence.count_photos(), label="verifying"
    ) as results:
        for result in results:
            if result.problem:
                problems.append(result)
    for result in problems:
        click.echo(f"{result.problem} {result.photo_id} sha256={result.sha256}")
    checked = evidence.count_photos()
    if problems:
        raise click.ClickException(f"{len(problems)} of {checked} originals missing or altered")
    click.echo(f"{checked} originals verified")


def register(app: Flask) -> None:
    from inspect_app.cli_operations import COMMANDS

    for command in COMMANDS:
        app.cli.add_command(command)
    app.cli.add_command(create_user)
    app.cli.add_command(checklists_cli)
    app.cli.add_command(demo_data)
    app.cli.add_command(photos_cli)
