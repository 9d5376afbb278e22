"""Checklist commands: loading the files in ``checklists/``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from inspect_app.checklists import versions as checklist_versions
from inspect_app.unit_of_work import as_unit_of_work

checklists_cli = AppGroup("checklists", help="Checklist files (检查表).")


@checklists_cli.command("sync")
@click.option("--directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@as_unit_of_work
def sync_checklists(directory: Path | None) -> str:
    """Load checklists/*.yaml; a new version only where a file's content changed."""
    results = checklist_versions.sync_directory(
        directory or Path(current_app.config["CHECKLIST_DIR"])
    )
    return "\n".join(
        f"{key}: v{version} {'new' if created else 'unchanged'}"
        for key, version, created in results
    )


COMMANDS = (checklists_cli,)
