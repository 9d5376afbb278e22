"""Application factory: the one place that wires config, extensions, API, jobs and CLI together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from inspect_app import config as config_module
from inspect_app import models as _all_models  # noqa: F401 -- the whole schema, for Alembic
from inspect_app import unit_of_work
from inspect_app.extensions import db, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite: enforce foreign keys; WAL so readers do not block the writer."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def create_app(config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the app; ``instance_path`` (or INSTANCE_PATH) moves the SQLite file and photos."""
    app = Flask(
        __name__,
        instance_path=instance_path
        or config_module.instance_path()
        or str(Path(MIGRATIONS_DIR).parent / "instance"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config_module.from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS",
        config_module.engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Chinese stays readable
    if app.config.get("PROXY_FIX_X_FOR") or app.config.get("PROXY_FIX_X_PROTO"):
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=int(app.config["PROXY_FIX_X_FOR"]),
            x_proto=int(app.config.get("PROXY_FIX_X_PROTO") or 0),
        )

    from inspect_app.checklists.versions import configure_etag_cache

    configure_etag_cache(int(app.config["CHECKLIST_ETAG_CACHE_SECONDS"]))
    from inspect_app.pdf import linebreak

    linebreak.install()  # Chinese line breaking in every PDF (禁则)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)

    import api

    api.register(app)

    # One unit of work per request: commit whole on success, roll back whole otherwise.
    app.after_request(unit_of_work.end_request)

    _register_jobs()
    _connect_signals()
    from inspect_app import cli

    cli.register(app)
    return app


def _connect_signals() -> None:
    """What a package below tells one above: an institution's move reaches its hazards."""
    from inspect_app.hazards import listing as hazard_listing
    from inspect_app.institutions.signals import street_changed

    street_changed.connect(hazard_listing.follow_institution)


def _register_jobs() -> None:
    """Every package's scheduled jobs into the one registry (before the CLI reads it)."""
    from inspect_app.accounts.jobs import JOBS as ACCOUNT_JOBS
    from inspect_app.hazards.jobs import JOBS as HAZARD_JOBS
    from inspect_app.hazards.work import HANDLERS as HAZARD_WORK
    from inspect_app.inspections.work import HANDLERS as INSPECTION_WORK
    from inspect_app.jobs import queue, registry
    from inspect_app.jobs.upkeep import JOBS as JOB_UPKEEP
    from inspect_app.photos.jobs import JOBS as PHOTO_JOBS
    from inspect_app.photos.work import HANDLERS as PHOTO_WORK
    from inspect_app.reports.jobs import HANDLERS as REPORT_WORK
    from inspect_app.reports.jobs import JOBS as REPORT_JOBS
    from inspect_app.spot_checks.jobs import JOBS as SPOT_CHECK_JOBS

    registry.register(
        HAZARD_JOBS, PHOTO_JOBS, ACCOUNT_JOBS, SPOT_CHECK_JOBS, REPORT_JOBS, JOB_UPKEEP
    )
    queue.register_handlers(HAZARD_WORK, PHOTO_WORK, INSPECTION_WORK, REPORT_WORK)
