"""The migrations build the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import secrets

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from inspect_app import create_app
from inspect_app.extensions import db
from tests.conftest import ON_POSTGRES, POSTGRES_URL


def _fresh_database(tmp_path):
    """A config pointing at an empty database, and a function that removes it."""
    if not ON_POSTGRES:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrated.sqlite3'}"}, None
    schema = f"mig_{secrets.token_hex(4)}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop():
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    return {"SQLALCHEMY_DATABASE_URI": POSTGRES_URL, "SQLALCHEMY_ENGINE_OPTIONS": options}, drop


def test_upgrade_to_head_matches_the_models_and_downgrades_cleanly(tmp_path):
    config, drop = _fresh_database(tmp_path)
    app = create_app({"TESTING": True, **config})
    try:
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "render_as_batch": True}
                )
                diff = compare_metadata(context, db.metadata)
            assert diff == [], f"models and migrations disagree: {diff}"
            tables = set(inspect(db.engine).get_table_names())
            assert {"users", "institutions", "inspections", "hazards", "hazard_events"} <= tables
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            db.engine.dispose()
    finally:
        if drop:
            drop()
