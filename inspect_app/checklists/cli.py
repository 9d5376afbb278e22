"""Checklist commands: loading the files in ``checklists/``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from inspect_app.checklists import versions as checklist_versions
from inspect_app.cli import fail
from inspect_app.errors import DomainError
from inspect_app.extensions import db

checklists_cli = AppGroup("checklists", help="Checklist files (检查表).")


@checklists_cli.command("sync")
@click.option("--directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def sync_checklists(directory: Path | None) -> None:
    """Load checklists/*.yaml; a new version only where a file's content changed."""
    directory = directory or Path(current_app.config["CHECKLIST_DIR"])
    try:
        results = checklist_versions.sync_directory(directory)
        db.session.commit()
    except DomainError as error:
        fail(error)
    for key, version, created in results:
        click.echo(f"{key}: v{version} {'new' if created else 'unchanged'}")


COMMANDS = (checklists_cli,)
