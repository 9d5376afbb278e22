"""Fixtures: a fresh database per test (SQLite in memory, or a PostgreSQL schema via
``DATABASE_URL``), real checklists, and factories for institutions, users and tokens."""

from __future__ import annotations

import itertools
import os
import secrets
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from stdnum.cn import uscc

from inspect_app import create_app
from inspect_app.accounts import passwords
from inspect_app.accounts.principal import Principal
from inspect_app.accounts.tokens import token_digest
from inspect_app.checklists import versions as checklist_versions
from inspect_app.config import PROJECT_ROOT
from inspect_app.extensions import db
from inspect_app.models import AuthToken, Institution, User

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
if POSTGRES_URL.startswith(("postgres://", "postgresql://")):
    POSTGRES_URL = "postgresql+psycopg://" + POSTGRES_URL.split("://", 1)[1]
ON_POSTGRES = POSTGRES_URL.startswith("postgresql")

# Argon2 at production cost makes every test user take ~50 ms; same algorithm, cheaper.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session")
def pg_schema():
    """A private schema for this test session, dropped at the end."""
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


_pg_tables_created = False


@pytest.fixture
def app(pg_schema, tmp_path):
    global _pg_tables_created
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            # Tests revoke tokens and publish checklists behind the API's back.
            "AUTH_CACHE_SECONDS": 0,
            "CHECKLIST_ETAG_CACHE_SECONDS": 0,
            "STORAGE_URL": str(tmp_path / "photos"),
            **database_config(pg_schema),
        },
        instance_path=str(tmp_path / "instance"),
    )
    with app.app_context():
        if pg_schema is None:
            db.create_all()
        elif not _pg_tables_created:
            upgrade()  # PostgreSQL runs on the migrated schema, triggers and all
            _pg_tables_created = True
        checklist_versions.sync_directory(PROJECT_ROOT / "checklists")
        db.session.commit()
        yield app
        db.session.rollback()
        if pg_schema is not None:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


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
