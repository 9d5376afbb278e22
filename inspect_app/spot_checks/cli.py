"""Spot-check commands: verify a draw from its recorded seed and inputs."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from inspect_app.accounts.principal import SYSTEM
from inspect_app.cli import fail
from inspect_app.errors import DomainError
from inspect_app.spot_checks import drawing

spot_check_cli = AppGroup("spot-check", help="双随机抽查 / Spot checks.")


@spot_check_cli.command("verify")
@click.argument("plan_id", type=click.IntRange(1, 2**31 - 1))
def verify_command(plan_id):
    """Re-run the plan's draws from their seeds and inputs; exit non-zero on a mismatch."""
    try:
        outcome = drawing.verify_plan(SYSTEM, plan_id)
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


COMMANDS = (spot_check_cli,)
