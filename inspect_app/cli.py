"""The one place every package's CLI commands are registered, and how they report failure."""

from __future__ import annotations

from typing import NoReturn

import click
from flask import Flask

from inspect_app.errors import DomainError


def fail(error: DomainError) -> NoReturn:
    """End a command with the domain error's message and each field at fault."""
    details = "".join(
        f"\n  {where}: {'; '.join(messages)}" for where, messages in (error.errors or {}).items()
    )
    raise click.ClickException(f"{error.message}{details}")


def register(app: Flask) -> None:
    from inspect_app.accounts import cli as accounts_cli
    from inspect_app.checklists import cli as checklists_cli
    from inspect_app.demo import cli as demo_cli
    from inspect_app.hazards import cli as hazards_cli
    from inspect_app.jobs import cli as jobs_cli
    from inspect_app.photos import cli as photos_cli
    from inspect_app.reports import cli as reports_cli
    from inspect_app.spot_checks import cli as spot_checks_cli

    modules = (
        accounts_cli,
        checklists_cli,
        photos_cli,
        hazards_cli,
        spot_checks_cli,
        reports_cli,
        jobs_cli,
        demo_cli,
    )
    for module in modules:
        for command in module.COMMANDS:
            app.cli.add_command(command)
