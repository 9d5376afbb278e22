"""Report commands: ``flask report monthly YYYY-MM [--street S]`` and ``flask report
verify YYYY-MM`` (make the report again and compare with the stored bytes)."""

from __future__ import annotations

import hashlib

import click
from flask.cli import AppGroup

from inspect_app.principal import SYSTEM
from inspect_app.reports import archive
from inspect_app.unit_of_work import as_unit_of_work

report_cli = AppGroup("report", help="Monthly hazard reports (月度隐患报告).")


@report_cli.command("monthly")
@click.argument("month")
@click.option("--street", default=None, help="One street's report (街镇), else the district's.")
@as_unit_of_work
def make_monthly(month: str, street: str | None) -> str:
    """Make (or find) the report of a finished month and print where it is stored."""
    with click.progressbar(length=len(archive.STEPS), label=f"report {month}") as bar:
        report, made = archive.make(SYSTEM, month, street, progress=lambda step: bar.update(1))
        bar.update(len(archive.STEPS))
    state = "made" if made else "already made"
    return (
        f"{state}: {report.month} {report.street or 'district'}, {report.pages} pages,"
        f" {report.size} bytes, sha256 {report.sha256}, key {report.storage_key}"
    )


@report_cli.command("verify")
@click.argument("month")
@click.option("--street", default=None)
@as_unit_of_work
def verify_monthly(month: str, street: str | None) -> str:
    """Make the stored report again from today's record; exit 1 if the bytes differ (the
    record as of the month's end has changed since)."""
    report = archive.find(month, (street or "").strip() or None)
    if report is None:
        raise click.ClickException(f"no report for {month} {street or ''}".strip())
    digest = hashlib.sha256(archive.rerender(report)).hexdigest()
    if digest != report.sha256:
        raise click.ClickException(f"differs: stored {report.sha256}, now {digest}")
    return f"same bytes: sha256 {digest}"


COMMANDS = (report_cli,)
