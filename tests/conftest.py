"""Fixtures: a fresh database per test (SQLite in memory, or a PostgreSQL schema via
``DATABASE_URL``), real checklists, and factories for institutions, users and tokens.

The app and its database are built once per session (per pytest-xdist worker); each test
gets the database back as built and the app's config as ``create_app`` made it."""

from __future__ import annotations

import copy
import itertools
import os
import secrets
import sqlite3
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask import Response, request
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from stdnum.cn import uscc

from inspect_app import create_app
from inspect_app.accounts import passwords
from inspect_app.accounts.tokens import token_digest
from inspect_app.checklists import versions as checklist_versions
from inspect_app.checklists.versions import configure_etag_cache
from inspect_app.config import PROJECT_ROOT
from inspect_app.extensions import db
from inspect_app.models import AuthToken, Institution, User
from inspect_app.principal import Principal
from tests.statuses import declared_statuses, openapi_path, undeclared

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
if POSTGRES_URL.startswith(("postgres://", "postgresql://")):
    POSTGRES_URL = "postgresql+psycopg://" + POSTGRES_URL.split("://", 1)[1]
ON_POSTGRES = POSTGRES_URL.startswith("postgresql")

# Argon2 at production cost makes every test user take ~50 ms; same algorithm, cheaper.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
# Unknown usernames are checked against a dummy hash: made at the same (cheap) cost.
passwords._DUMMY_HASH = passwords._hasher.hash("not-a-real-password")


@pytest.fixture(scope="session")
def pg_schema():
    """A private schema for this test session (each xdist worker's own), dropped at the end."""
    if not ON_POSTGRES:
        yield None
        return
    schema = f"test_{os.getpid()}_{secrets.token_hex(3)}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield schema
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def database_config(pg_schema) -> dict:
    if pg_schema is None:
        return {"SQLALCHEMY_DATABASE_URI": "sqlite://"}
    return {
        "SQLALCHEMY_DATABASE_URI": POSTGRES_URL,
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "connect_args": {"options": f"-csearch_path={pg_schema}"},
            "pool_size": 2,
        },
    }


TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test",
    # Tests revoke tokens and publish checklists behind the API's back.
    "CHECKLIST_ETAG_CACHE_SECONDS": 0,
}


class SharedApp:
    """One app per test session (per xdist worker), built once with its database: the
    schema and the shipped checklists. Each test gets that database fresh, and the app's
    config, instance folder and per-process caches as ``create_app`` left them."""

    def __init__(self, pg_schema, base: Path):
        self.pg_schema = pg_schema
        self.app = create_app(
            {**TEST_CONFIG, "STORAGE_URL": str(base / "photos"), **database_config(pg_schema)},
            instance_path=str(base / "instance"),
        )
        self.config = copy.deepcopy(dict(self.app.config))
        # Every answer is checked against the statuses its operation declares.
        self.declared: dict[tuple[str, str], frozenset[str]] = {}
        self.undeclared: list[str] = []
        self.app.after_request(self._note_an_undeclared_status)
        self.declared = declared_statuses(self.app.test_client().get("/api/openapi.json").json)
        with self.app.app_context():
            if pg_schema is None:
                db.create_all()
            else:
                upgrade()  # PostgreSQL runs on the migrated schema, triggers and all
            checklist_versions.sync_directory(PROJECT_ROOT / "checklists")
            db.session.commit()
            if pg_schema is None:
                # The template: a copy of the finished database, restored before each test.
                self.template = sqlite3.connect(":memory:", check_same_thread=False)
                with self._driver_connection() as connection:
                    connection.backup(self.template)
            else:
                # The rows to put back once each test's rows are gone.
                self.seed = {
                    table: [row._asdict() for row in db.session.execute(select(table))]
                    for table in db.metadata.sorted_tables
                }
                self.seed = {table: rows for table, rows in self.seed.items() if rows}
                # Tables with triggers of their own (not the foreign keys' internal ones).
                self.guarded_tables = set(
                    db.session.scalars(
                        text(
                            "SELECT DISTINCT c.relname FROM pg_trigger t"
                            " JOIN pg_class c ON c.oid = t.tgrelid"
                            " WHERE NOT t.tgisinternal"
                            " AND c.relnamespace = current_schema()::regnamespace"
                        )
                    )
                )
            db.session.remove()

    def _note_an_undeclared_status(self, response: Response) -> Response:
        """An answer whose status its operation in the OpenAPI document does not declare
        (500 aside: a fault, never declared). Operations outside the document (the files,
        the public pages) and requests no route matched are left alone."""
        rule, status = request.url_rule, response.status_code
        path = openapi_path(rule.rule) if rule is not None else ""
        declared = self.declared.get((path, request.method))
        if declared is not None and str(status) not in declared and status != 500:
            view = self.app.view_functions.get(request.endpoint or "")
            self.undeclared.append(undeclared(request.method, path, status, request.endpoint, view))
        return response

    def undeclared_statuses(self) -> list[str]:
        found, self.undeclared = sorted(set(self.undeclared)), []
        return found

    @contextmanager
    def _driver_connection(self):
        """The one sqlite3 connection behind ``sqlite://`` (Flask-SQLAlchemy's StaticPool)."""
        proxy = db.engine.raw_connection()
        try:
            connection = proxy.driver_connection
            if connection.in_transaction:
                connection.rollback()
            yield connection
        finally:
            proxy.close()

    def reset(self, tmp_path: Path) -> None:
        """Config and caches as ``create_app`` makes them, with this test's own folders."""
        app = self.app
        app.config.clear()
        app.config.update(copy.deepcopy(self.config))
        app.config["STORAGE_URL"] = str(tmp_path / "photos")
        app.instance_path = str(tmp_path / "instance")
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.extensions.pop("photo_storage", None)
        configure_etag_cache(int(app.config["CHECKLIST_ETAG_CACHE_SECONDS"]))

    def snapshot(self):
        """Inside an app context: the database as it is now, for ``restore_database`` to put
        back later (a copy of the SQLite file in memory; on PostgreSQL, every table's rows).
        Tests that share one expensive setup (the demo district, say) take it once."""
        db.session.commit()
        if self.pg_schema is None:
            copy_ = sqlite3.connect(":memory:", check_same_thread=False)
            with self._driver_connection() as connection:
                connection.backup(copy_)
            return copy_
        rows = {
            table: [row._asdict() for row in db.session.execute(select(table))]
            for table in db.metadata.sorted_tables
        }
        return {table: table_rows for table, table_rows in rows.items() if table_rows}

    def restore_database(self, snapshot=None) -> None:
        """Inside an app context: the database as it was built, schema included (or as a
        ``snapshot`` of this session left it)."""
        db.session.remove()
        if self.pg_schema is None:
            with self._driver_connection() as connection:
                (snapshot or self.template).backup(connection)
            return
        # Empty the tables that have rows; DELETE is far quicker than TRUNCATE on tables
        # this small. Triggers that guard a table (the append-only event log) are lifted
        # for the DELETE; sequences used since the last reset start again at 1.
        tables = db.metadata.sorted_tables
        filled = set(
            db.session.scalars(
                text(
                    " UNION ALL ".join(
                        f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")"
                        for t in tables
                    )
                )
            )
        )
        for table in reversed(tables):
            if table.name not in filled:
                continue
            guarded = table.name in self.guarded_tables
            if guarded:
                db.session.execute(text(f'ALTER TABLE "{table.name}" DISABLE TRIGGER USER'))
            db.session.execute(table.delete())
            if guarded:
                db.session.execute(text(f'ALTER TABLE "{table.name}" ENABLE TRIGGER USER'))
        db.session.execute(
            text(
                "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false)"
                " FROM pg_sequences"
                " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
            )
        )
        for table, rows in (snapshot or self.seed).items():
            db.session.execute(table.insert(), rows)
            column = table.autoincrement_column
            if column is not None:
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'),"
                        f' (SELECT max("{column.name}") FROM "{table.name}"))'
                    )
                )
        db.session.commit()
        db.session.remove()


@pytest.fixture(scope="session")
def _shared_app(pg_schema, tmp_path_factory):
    shared = SharedApp(pg_schema, tmp_path_factory.mktemp("app"))
    yield shared
    with shared.app.app_context():
        db.session.remove()
        db.engine.dispose()
    if shared.pg_schema is None:
        shared.template.close()


@pytest.fixture
def app(_shared_app, tmp_path):
    """The app, with a fresh database (the schema and the shipped checklists)."""
    shared = _shared_app
    shared.reset(tmp_path)
    app = shared.app
    try:
        with app.app_context():
            shared.restore_database()
            # Memos of past figures belong to the database they were computed from.
            app.extensions.pop("clearance_month_flows", None)
            yield app
            db.session.rollback()
            db.session.remove()
        found = shared.undeclared_statuses()
        if found:
            pytest.fail("\n".join(found), pytrace=False)
    finally:
        # Config a test changed does not reach the next one.
        shared.reset(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


_counter = itertools.count(1)


def valid_credit_code(n: int) -> str:
    body = f"52310117MJ{n:07d}"[:17]
    return body + uscc.calc_check_digit(body)


@pytest.fixture
def make_institution(app):
    def make(**overrides) -> Institution:
        n = next(_counter)
        data = {
            "name": f"测试养老院{n}",
            "credit_code": valid_credit_code(n),
            "street": "岳阳街道",
            "address": f"松江区测试路{n}号",
            "beds": 120,
            "ownership": "private",
            "features": {"kitchen": True, "gas": True, "medical": True},
        }
        data.update(overrides)
        institution = Institution(**data)
        db.session.add(institution)
        db.session.commit()
        return institution

    return make


PASSWORD = "correct horse battery"


@pytest.fixture
def make_user(app):
    def make(role: str = "inspector", **overrides) -> User:
        n = next(_counter)
        defaults = {
            "username": f"{role}{n}",
            "display_name": f"{role} {n}",
            "role": role,
            "department": "civil_affairs" if role == "inspector" else None,
            # Officers hold enforcement certificates unless a test says otherwise
            # (``enforcement_cert_no=None``): submitting needs two of them.
            "enforcement_cert_no": f"沪执测{n:06d}" if role in ("inspector", "bureau") else None,
        }
        defaults.update(overrides)
        user = User(password_hash=passwords.hash_password(PASSWORD), **defaults)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def token_for(app):
    """A bearer token for a user, made directly (login itself is tested through HTTP)."""

    def make(user: User, ttl: timedelta = timedelta(days=400)) -> dict:
        token = secrets.token_urlsafe(32)
        db.session.add(
            AuthToken(
                token_hash=token_digest(token),
                user_id=user.id,
                expires_at=datetime.now(UTC) + ttl,
            )
        )
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def institution(make_institution):
    return make_institution()


@pytest.fixture
def bureau(make_user):
    return make_user("bureau", username="bureau")


@pytest.fixture
def inspector(make_user):
    return make_user("inspector", username="inspector", department="fire")


@pytest.fixture
def manager(make_user, institution):
    return make_user("manager", username="manager", institution_id=institution.id)


@pytest.fixture
def bureau_h(bureau, token_for):
    return token_for(bureau)


@pytest.fixture
def inspector_h(inspector, token_for):
    return token_for(inspector)


@pytest.fixture
def manager_h(manager, token_for):
    return token_for(manager)


@pytest.fixture
def published_plan(client, bureau_h, make_institution, make_user) -> int:
    """The id of a spot-check plan (一公开) drawn over two institutions, each given a
    result, and published."""
    from tests.test_spot_checks import PAST, PLANS, create, draw

    for street in ("岳阳街道", "泗泾镇"):
        make_institution(street=street)
    for n, department in enumerate(["civil_affairs", "civil_affairs", "fire", "fire"]):
        make_user("inspector", department=department, enforcement_cert_no=f"沪3101{n:04d}")
    plan = create(client, bureau_h, sample_ratio=1.0, **PAST)
    drawn = draw(client, bureau_h, plan["id"])
    assert drawn.status_code in (200, 201), drawn.json
    for selection in drawn.json["selections"]:
        result = f"{PLANS}/{plan['id']}/selections/{selection['institution_id']}/result"
        recorded = client.put(result, json={"result": "unreachable"}, headers=bureau_h)
        assert recorded.status_code == 200, recorded.json
    published = client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h)
    assert published.status_code == 200, published.json
    return plan["id"]


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def make_photo(app):
    """A real photo (a small JPEG made here), through the evidence pipeline: returns its id.
    ``color`` makes different bytes; the same arguments give the same photo."""
    import io

    from PIL import Image

    from inspect_app.photos import ingest

    def make(user: User, color=(200, 40, 40), size=(64, 48)) -> str:
        buffer = io.BytesIO()
        Image.new("RGB", size, color).save(buffer, "JPEG", quality=90)
        buffer.seek(0)
        photo = ingest.ingest(Principal.of(user), buffer).photo
        db.session.commit()
        return str(photo.id)

    return make


@pytest.fixture(scope="session", autouse=True)
def _tus_body_serializer():
    """schemathesis has no serializer for the tus PATCH body (application/offset+octet-stream):
    send the generated value as raw bytes, as for application/octet-stream."""
    import schemathesis
    from schemathesis.transport.serialization import serialize_binary

    schemathesis.serializer("application/offset+octet-stream")(
        lambda ctx, value: serialize_binary(value)
    )
    yield


REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under REQUIRE_BROWSER=1 (CI) a browser test that skips fails the run."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_BROWSER and report.skipped and item.get_closest_marker("browser"):
        report.outcome = "failed"
        report.longrepr = f"REQUIRE_BROWSER=1, but the browser test skipped: {report.longrepr}"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Property-based tests first: each runs long (schemathesis over every operation), so
    under pytest-xdist (``--maxschedchunk=1``, see the Makefile) the workers share them out
    at the start and the many short tests fill in after."""
    items.sort(key=lambda item: item.get_closest_marker("hypothesis") is None)
    # The browser tests drive the client, not the database: they run in the SQLite pass.
    if ON_POSTGRES:
        browser = [item for item in items if item.get_closest_marker("browser")]
        if browser:
            config.hook.pytest_deselected(items=browser)
            items[:] = [item for item in items if not item.get_closest_marker("browser")]
