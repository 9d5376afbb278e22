"""Spot-check commands: verify a draw from its recorded seed and inputs."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from inspect_app.accounts.principal import SYSTEM
from inspect_app.cli import fail
from inspect_app.errors import DomainError
from inspect_app.spot_checks import draw_records, pools

spot_check_cli = AppGroup("spot-check", help="双随机抽查 / Spot checks.")


@spot_check_cli.command("verify")
@click.argument("plan_id", type=click.IntRange(1, 2**31 - 1))
def verify_command(plan_id: int) -> None:
    """Re-run the plan's draws from their seeds and inputs; exit non-zero on a mismatch."""
    try:
        outcome = draw_records.verify_plan(SYSTEM, plan_id)
    except DomainError as error:
        fail(error)
    for record in outcome["draws"]:
        click.echo(
            f"draw {record['number']}: hash {'ok' if record['hash_ok'] else 'MISMATCH'},"
            f" selections {'ok' if record['selections_ok'] else 'MISMATCH'}"
        )
    if not outcome["ok"]:
        raise click.ClickException("draw does not verify")
    click.echo(f"ok {outcome['algorithm']} {outcome['input_hash']}")


@spot_check_cli.command("import-pool")
@click.argument("pool", type=click.Choice(["institutions", "inspectors"]))
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_pool(pool: str, path: str) -> None:
    """Load a pool file (CSV or XLSX, Chinese headers, as exported): institutions' status
    and risk level by credit code, inspectors' certificates and active flag by username."""
    from pathlib import Path

    from inspect_app.extensions import db

    fmt = "xlsx" if path.lower().endswith(".xlsx") else "csv"
    data = Path(path).read_bytes()
    load = pools.import_institutions if pool == "institutions" else pools.import_inspectors
    try:
        count = load(SYSTEM, data, fmt)
    except DomainError as error:
        db.session.rollback()
        fail(error)
    db.session.commit()
    click.echo(f"{pool}: {count} rows loaded")


COMMANDS = (spot_check_cli,)
