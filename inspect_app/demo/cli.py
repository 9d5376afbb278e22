"""The demo district command (not part of the domain: it drives the domain's services)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from inspect_app.unit_of_work import as_unit_of_work


@click.command("demo-data")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Load nothing, only show the demo logins, when the database has institutions or users.",
)
@click.option("--seed", type=int, help="Random seed; the same seed gives the same district.")
@as_unit_of_work
def demo_data(if_empty: bool, seed: int | None) -> str:
    """Load a demo Songjiang district (演示数据) and print its logins."""
    from inspect_app.demo import district as demo

    result = demo.load_demo_data(
        seed=seed,
        if_empty=if_empty,
        logins_path=Path(current_app.instance_path) / demo.LOGINS_FILE,
        checklist_dir=Path(current_app.config["CHECKLIST_DIR"]),
    )
    if result.loaded:
        counts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
        said = f"loaded demo data: {counts}\nlogins saved to {result.logins_path}\n"
    else:
        said = "数据库已有数据，未载入演示数据 / The database has data; nothing loaded\n"
    return f"{said}\n{result.logins}"


COMMANDS = (demo_data,)
