"""The migrations build the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from inspect_app import create_app
from inspect_app.extensions import db
from tests.conftest import ON_POSTGRES, POSTGRES_URL

# The revision before the spot-check result `follow_up` was renamed `pending_action`.
BEFORE_PENDING_ACTION = "e7b3c9d1a2f6"


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


def _insert(connection, table: str, **values) -> int:
    rows = Table(table, MetaData(), autoload_with=connection)
    return connection.execute(rows.insert().values(**values).returning(rows.c.id)).scalar_one()


def _selection_with_result(connection, result: str) -> int:
    now = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    institution = _insert(
        connection,
        "institutions",
        name="迁移测试养老院",
        credit_code=f"52310117{secrets.token_hex(5).upper()}",
        street="泗泾镇",
        address="泗泾镇某路1号",
        beds=50,
        ownership="private",
        features={},
        status="operating",
        risk_level="B",
        created_at=now,
        updated_at=now,
    )
    plan = _insert(
        connection,
        "spot_check_plans",
        name="迁移测试计划",
        period_start=date(2026, 11, 1),
        period_end=date(2026, 11, 30),
        checklists=["fire"],
        sample_size=1,
        team_size=2,
        departments=[],
        risk_weighted=False,
        status="drawn",
        publish_due=date(2026, 12, 29),
        created_at=now,
    )
    draw = _insert(
        connection,
        "spot_check_draws",
        plan_id=plan,
        number=1,
        seed="seed",
        algorithm="dsr-1",
        inputs={},
        input_hash="0" * 64,
        result=[],
        drawn_at=now,
    )
    return _insert(
        connection,
        "spot_check_selections",
        draw_id=draw,
        institution_id=institution,
        inspector_ids=[],
        result=result,
    )


def _result(selection_id: int) -> str:
    query = text("SELECT result FROM spot_check_selections WHERE id = :id")
    with db.engine.connect() as connection:
        return connection.execute(query, {"id": selection_id}).scalar_one()


def _refuses_result(result: str, selection_id: int) -> bool:
    query = text("UPDATE spot_check_selections SET result = :result WHERE id = :id")
    try:
        with db.engine.begin() as connection:
            connection.execute(query, {"result": result, "id": selection_id})
    except IntegrityError:
        return True
    return False


def test_the_spot_check_result_follow_up_becomes_pending_action_and_back(tmp_path):
    """待后续处理 was stored as `follow_up`, the word of the inspection kind 复查."""
    config, drop = _fresh_database(tmp_path)
    app = create_app({"TESTING": True, **config})
    try:
        with app.app_context():
            upgrade(revision=BEFORE_PENDING_ACTION)
            with db.engine.begin() as connection:
                selection = _selection_with_result(connection, "follow_up")
                untouched = _selection_with_result(connection, "refused")
            upgrade()
            assert (_result(selection), _result(untouched)) == ("pending_action", "refused")
            assert _refuses_result("follow_up", selection)
            downgrade(revision=BEFORE_PENDING_ACTION)
            assert (_result(selection), _result(untouched)) == ("follow_up", "refused")
            assert _refuses_result("pending_action", selection)
            db.engine.dispose()
    finally:
        if drop:
            drop()


@pytest.mark.slow
def test_down_to_base_and_up_again_on_a_database_holding_data(tmp_path):
    """A database in use (the demo district: institutions, submitted inspections, hazards
    and their event chains, documents, spot checks) goes down to base and up again; the
    schema it ends with is the models', and the app loads the same district into it."""
    config, drop = _fresh_database(tmp_path)
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "STORAGE_URL": str(tmp_path / "photos"), **config},
        instance_path=str(tmp_path / "instance"),
    )
    tables = ("institutions", "inspections", "hazards", "hazard_events", "documents")

    def counts() -> dict[str, int]:
        return {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in tables}

    try:
        with app.app_context():
            upgrade()
            loaded = app.test_cli_runner().invoke(args=["demo-data", "--seed", "3"])
            assert loaded.exit_code == 0, loaded.output
            before = counts()
            assert all(before.values()), before
            db.session.remove()
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "render_as_batch": True}
                )
                assert compare_metadata(context, db.metadata) == []
            again = app.test_cli_runner().invoke(args=["demo-data", "--seed", "3"])
            assert again.exit_code == 0, again.output
            after = counts()
            # The same seed gives the same district; what happened in it (overdue events,
            # follow-up visits due) depends on the clock as well.
            assert after["institutions"] == before["institutions"]
            assert all(after.values()), after
            db.session.remove()
            db.engine.dispose()
    finally:
        if drop:
            drop()
