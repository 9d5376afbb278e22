"""Hazard commands: verifying the tamper-evident record, signing a checkpoint of it."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from inspect_app.accounts.principal import SYSTEM
from inspect_app.cli import fail
from inspect_app.errors import DomainError
from inspect_app.extensions import db
from inspect_app.hazards import audit, checkpoints

audit_cli = AppGroup("audit", help="The tamper-evident hazard record (全过程记录).")


@audit_cli.command("verify")
def verify_audit() -> None:
    """Check every event chain, the hazards' facts and every signed checkpoint; exit
    non-zero and name the first thing that does not add up."""
    result = audit.verify_chains(SYSTEM)
    click.echo(
        f"checked {result.events_checked} events of {result.hazards_checked} hazards"
        f" and {result.checkpoints_checked} checkpoints"
    )
    if not result.ok:
        raise click.ClickException(f"chain broken: {result.first_bad}")
    click.echo("ok")


@audit_cli.command("checkpoint")
def make_checkpoint() -> None:
    """Sign a checkpoint of every chain head now (the key is made on first use)."""
    try:
        made = checkpoints.make_checkpoint(SYSTEM)
    except DomainError as error:
        db.session.rollback()
        fail(error)
    db.session.commit()
    checkpoint = made.checkpoint
    click.echo(
        f"checkpoint {checkpoint.seq}: {checkpoint.events} events, root {checkpoint.root}"
        f" ({made.changed} chains changed), key {checkpoint.key_id[:16]}"
        f" in {checkpoints.key_path()}"
    )


COMMANDS = (audit_cli,)
