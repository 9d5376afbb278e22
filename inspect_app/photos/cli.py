"""Photo commands: proving every stored original intact."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from inspect_app.photos import upkeep

photos_cli = AppGroup("photos", help="Photo evidence (证据照片).")


@photos_cli.command("verify")
def verify_photos():
    """Re-hash every stored original; exit 1 if any is missing or altered."""

    problems = []
    with click.progressbar(
        upkeep.verify_originals(), length=upkeep.count_photos(), label="verifying"
    ) as results:
        for result in results:
            if result.problem:
                problems.append(result)
    for result in problems:
        click.echo(f"{result.problem} {result.photo_id} sha256={result.sha256}")
    checked = upkeep.count_photos()
    if problems:
        raise click.ClickException(f"{len(problems)} of {checked} originals missing or altered")
    click.echo(f"{checked} originals verified")


COMMANDS = (photos_cli,)
