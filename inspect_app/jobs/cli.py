"""Job commands: list and run scheduled jobs, and host them all in the scheduler process."""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from inspect_app.jobs.lock import JobBusy, run_job
from inspect_app.jobs.registry import JOBS

jobs_cli = AppGroup("jobs", help="Scheduled jobs (定时任务), runnable once by hand.")


@jobs_cli.command("list")
def list_jobs() -> None:
    """List the jobs and their schedules."""
    for name, job in JOBS.items():
        click.echo(f"{name:20} {job.trigger}  {job.description}")


@jobs_cli.command("run")
@click.argument("name", type=click.Choice(sorted(JOBS)))
def run_job_command(name: str) -> None:
    """Run one job now (under the same lock the scheduler uses)."""
    try:
        result = run_job(name)
    except JobBusy:
        raise click.ClickException(f"{name} is running elsewhere; try later") from None
    click.echo(f"{name}: {result}")


scheduler_cli = AppGroup("scheduler", help="The APScheduler process.")


@scheduler_cli.command("run")
@click.option(
    "--parent-pid",
    type=int,
    default=None,
    help="Stop when this process, the parent (a script that started the scheduler), dies.",
)
def run_scheduler(parent_pid: int | None) -> None:
    """Host every job in this process until stopped (run exactly one such process)."""
    from inspect_app import logs
    from inspect_app.jobs.parent_watch import stop_with_parent
    from inspect_app.jobs.scheduler import build_scheduler, lower_priority

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        logs.configure(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    try:
        # first, before any thread starts (each thread inherits its creator's nice value)
        nice = lower_priority(int(app.config["SCHEDULER_NICE"]))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if parent_pid is not None:
        stop_with_parent(parent_pid)
    # SIGTERM (systemd's stop, scripts/serve) as SIGINT: a job under way finishes and
    # releases its lock, then the process exits.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    scheduler = build_scheduler(app)
    click.echo(f"scheduler: {', '.join(JOBS)} ({app.config['TZ_NAME']}, nice {nice})")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        if scheduler.running:
            scheduler.shutdown(wait=False)


worker_cli = AppGroup("worker", help="A worker process of the work queue.")


@worker_cli.command("run")
@click.option("--until-empty", is_flag=True, help="Stop once no item is due.")
@click.option(
    "--parent-pid",
    type=int,
    default=None,
    help="Stop when this process, the parent (a script that started the worker), dies.",
)
def run_worker(until_empty: bool, parent_pid: int | None) -> None:
    """Take items from the work queue until stopped (SIGTERM: the item in hand finishes).
    Run any number on PostgreSQL, one on SQLite."""
    from inspect_app import logs
    from inspect_app.jobs.parent_watch import stop_with_parent
    from inspect_app.jobs.queue import HANDLERS
    from inspect_app.jobs.scheduler import lower_priority
    from inspect_app.jobs.worker import install_stop, work

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        logs.configure(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
        nice = lower_priority(int(app.config["SCHEDULER_NICE"]))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    stop = install_stop()
    if parent_pid is not None:
        stop_with_parent(parent_pid)
    click.echo(f"worker: {', '.join(HANDLERS)} (nice {nice})")
    taken = work(app, stop.event, until_empty=until_empty)
    click.echo(f"worker: {taken} items taken, stopped")


COMMANDS = (
    jobs_cli,
    scheduler_cli,
    worker_cli,
)
