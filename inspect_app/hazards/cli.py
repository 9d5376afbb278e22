"""Hazard commands: verifying the tamper-evident record, signing a checkpoint of it."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from inspect_app.hazards import audit, checkpoints
from inspect_app.principal import SYSTEM
from inspect_app.unit_of_work import as_unit_of_work

audit_cli = AppGroup("audit", help="The tamper-evident hazard record (全过程记录).")


@audit_cli.command("verify")
@as_unit_of_work
def verify_audit() -> str:
    """Check every event chain, the hazards' facts and every signed checkpoint; exit
    non-zero and name the first thing that does not add up."""
    result = audit.verify_chains(SYSTEM)
    click.echo(
        f"checked {result.events_checked} events of {result.hazards_checked} hazards"
        f" and {result.checkpoints_checked} checkpoints"
    )
    if not result.ok:
        raise click.ClickException(f"chain broken: {result.first_bad}")
    return "ok"


@audit_cli.command("checkpoint")
@as_unit_of_work
def make_checkpoint() -> str:
    """Sign a checkpoint of every chain head now (the key is made on first use)."""
    made = checkpoints.make_checkpoint(SYSTEM)
    checkpoint = made.checkpoint
    return (
        f"checkpoint {checkpoint.seq}: {checkpoint.events} events, root {checkpoint.root}"
        f" ({made.changed} chains changed), key {checkpoint.key_id[:16]}"
        f" in {checkpoints.key_path()}"
    )


COMMANDS = (audit_cli,)
