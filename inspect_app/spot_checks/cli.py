"""Spot-check commands: verify a draw from its recorded seed and inputs."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from inspect_app.principal import SYSTEM
from inspect_app.spot_checks import draw_records, pool_files, pools
from inspect_app.unit_of_work import as_unit_of_work

spot_check_cli = AppGroup("spot-check", help="双随机抽查 / Spot checks.")


@spot_check_cli.command("verify")
@click.argument("plan_id", type=click.IntRange(1, 2**31 - 1))
@as_unit_of_work
def verify_command(plan_id: int) -> str:
    """Re-run the plan's draws from their seeds and inputs; exit non-zero on a mismatch."""
    outcome = draw_records.verify_plan(SYSTEM, plan_id)
    for record in outcome["draws"]:
        click.echo(
            f"draw {record['number']}: hash {'ok' if record['hash_ok'] else 'MISMATCH'},"
            f" selections {'ok' if record['selections_ok'] else 'MISMATCH'}"
        )
    if not outcome["ok"]:
        raise click.ClickException("draw does not verify")
    return f"ok {outcome['algorithm']} {outcome['input_hash']}"


@spot_check_cli.command("import-pool")
@click.argument("pool", type=click.Choice(["institutions", "inspectors"]))
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@as_unit_of_work
def import_pool(pool: str, path: str) -> str:
    """Load a pool file (CSV or XLSX, Chinese headers, as exported): institutions' status
    and risk level by credit code, inspectors' certificates and active flag by username."""
    from pathlib import Path

    fmt = "xlsx" if path.lower().endswith(".xlsx") else "csv"
    with Path(path).open("rb") as source:  # never more than the cap (and a byte) in memory
        data = source.read(pool_files.MAX_FILE_BYTES + 1)
    load = pools.import_institutions if pool == "institutions" else pools.import_inspectors
    count = load(SYSTEM, data, fmt)
    return f"{pool}: {count} rows loaded"


COMMANDS = (spot_check_cli,)
