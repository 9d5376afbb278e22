"""The one place every package's CLI commands are registered (each a unit of work:
``inspect_app/unit_of_work.as_unit_of_work``)."""

from __future__ import annotations

from flask import Flask


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
