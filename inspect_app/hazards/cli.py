"""Hazard commands: verifying the tamper-evident record."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from inspect_app.accounts.principal import SYSTEM
from inspect_app.hazards import audit

audit_cli = AppGroup("audit", help="The tamper-evident hazard record (全过程记录).")


@audit_cli.command("verify")
def verify_audit():
    """Walk every hazard's event chain; exit non-zero and name the first bad event."""
    result = audit.verify_chains(SYSTEM)
    click.echo(f"checked {result.events_checked} events of {result.hazards_checked} hazards")
    if not result.ok:
        raise click.ClickException(f"chain broken: {result.first_bad}")
    click.echo("ok")


COMMANDS = (audit_cli,)
