"""Photo commands: proving every stored file intact and finding what crashes left."""

from __future__ import annotations

from collections import Counter

import click
from flask.cli import AppGroup

from inspect_app.photos import leftovers, upkeep

photos_cli = AppGroup("photos", help="Photo evidence (证据照片).")

EXAMPLES = 10


@photos_cli.command("verify")
def verify_photos() -> None:
    """Re-hash every stored original, look for its derivatives, and count the files a crash
    left behind; exit 1 if any photo's file is missing or altered."""

    problems = []
    with click.progressbar(
        upkeep.verify_originals(), length=upkeep.count_photos(), label="verifying"
    ) as results:
        for result in results:
            if result.problem:
                problems.append(result)
    kinds = Counter(result.problem for result in problems)
    checked = upkeep.count_photos()
    click.echo(
        f"{checked} photos checked: "
        + (", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "all files intact")
    )
    for result in problems[:EXAMPLES]:
        click.echo(f"  {result.problem} {result.photo_id} sha256={result.sha256}")
    if len(problems) > EXAMPLES:
        click.echo(f"  ... and {len(problems) - EXAMPLES} more")

    found = leftovers.report(examples=5)
    age = found.older_than.isoformat(timespec="seconds")
    for label, what in (
        ("temporary files", found.temp),
        ("parts of dead uploads", found.parts),
        ("stored files no photo names", found.unreferenced),
    ):
        click.echo(f"{label} older than {age}: {what.count}")
        for name in what.examples:
            click.echo(f"  {name}")
    if found.temp.count or found.parts.count or found.unreferenced.count:
        click.echo("(the daily job sweep_leftover_files removes these)")
    if problems:
        raise click.ClickException(
            f"{len(problems)} of {checked} photos have a file missing or altered"
        )


COMMANDS = (photos_cli,)
