"""The demo district command (not part of the domain: it drives the domain's services)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from inspect_app.cli import fail
from inspect_app.errors import DomainError
from inspect_app.extensions import db


@click.command("demo-data")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Load nothing, only show the demo logins, when the database has institutions or users.",
)
@click.option("--seed", type=int, help="Random seed; the same seed gives the same district.")
def demo_data(if_empty: bool, seed: int | None) -> None:
    """Load a demo Songjiang district (演示数据) and print its logins."""
    from inspect_app.demo import district as demo

    try:
        result = demo.load_demo_data(
            seed=seed,
            if_empty=if_empty,
            logins_path=Path(current_app.instance_path) / demo.LOGINS_FILE,
            checklist_dir=Path(current_app.config["CHECKLIST_DIR"]),
        )
        db.session.commit()
    except DomainError as error:
        fail(error)
    if result.loaded:
        click.echo("loaded demo data: " + ", ".join(f"{v} {k}" for k, v in result.counts.items()))
        click.echo(f"logins saved to {result.logins_path}\n")
    else:
        click.echo("数据库已有数据，未载入演示数据 / The database has data; nothing loaded\n")
    click.echo(result.logins)


COMMANDS = (demo_data,)
