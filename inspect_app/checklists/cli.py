"""Checklist commands: loading the files in ``checklists/``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from inspect_app.checklists import basis as legal_basis
from inspect_app.checklists import versions as checklist_versions
from inspect_app.checklists.content import load_file
from inspect_app.errors import DomainError
from inspect_app.unit_of_work import as_unit_of_work, fail

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


@checklists_cli.command("lint")
@click.option("--directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def lint_checklists(directory: Path | None) -> None:
    """List every item whose legal basis is not confirmed (待确认, 待核, 本地实践), and
    what the rectification notice prints for it, for the bureau to settle. Exits 1
    when there is any."""
    directory = directory or Path(current_app.config["CHECKLIST_DIR"])
    try:
        documents = [load_file(path) for path in sorted(directory.glob("*.yaml"))]
    except DomainError as error:
        fail(error)
    found = [entry for document in documents for entry in legal_basis.unconfirmed_items(document)]
    for entry in found:
        printed = entry.printed or "（不印依据 / nothing printed）"
        click.echo(f"{entry.checklist} {entry.code}: {entry.basis}")
        click.echo(f"    通知书印 / notice prints: {printed}")
    order_basis = current_app.config["RECTIFICATION_ORDER_BASIS"]
    unsettled = legal_basis.is_unconfirmed(order_basis)
    if unsettled:
        click.echo(f"RECTIFICATION_ORDER_BASIS: {order_basis}")
    click.echo(
        f"{len(found)} 项依据未确认 / items with an unconfirmed basis"
        + ("；责令整改依据未确认 / the empowering provision is unconfirmed" if unsettled else "")
    )
    if found or unsettled:
        raise SystemExit(1)


COMMANDS = (checklists_cli,)
