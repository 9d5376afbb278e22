"""Retries that race: phones resend the same request many times at once. Each copy must
get the answer the first one got, never a 500 or a spurious 409, and nothing is doubled.

The Flask test client runs requests one at a time, so these run 20 threads against a real
threaded server on its own database file (SQLite) or schema (PostgreSQL).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import secrets
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import requests
from flask_migrate import upgrade
from PIL import Image
from sqlalchemy import create_engine, func, select, text
from werkzeug.serving import make_server

from inspect_app import create_app
from inspect_app.accounts.tokens import token_digest
from inspect_app.checklists import versions as checklist_versions
from inspect_app.config import PROJECT_ROOT
from inspect_app.extensions import db
from inspect_app.models import (
    AuthToken,
    Document,
    Hazard,
    Inspection,
    Institution,
    LoginFailure,
    Photo,
    User,
)
from tests.conftest import ON_POSTGRES, POSTGRES_URL, valid_credit_code
from tests.helpers import answers_for, draft_body

# slow: a real threaded server and twenty client threads per test.
pytestmark = pytest.mark.slow

PARALLEL = 20


@pytest.fixture
def live(tmp_path):
    """A real server on a fresh database, with an inspector's token and an institution."""
    schema = f"race_{secrets.token_hex(4)}"
    if ON_POSTGRES:
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        database = {
            "SQLALCHEMY_DATABASE_URI": POSTGRES_URL,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "connect_args": {"options": f"-csearch_path={schema}"},
                "pool_size": PARALLEL,
            },
        }
    else:
        database = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'race.sqlite3'}"}
    app = create_app(
        {"TESTING": True, "STORAGE_URL": str(tmp_path / "photos"), **database},
        instance_path=str(tmp_path / "instance"),
    )
    with app.app_context():
        if ON_POSTGRES:
            upgrade()
        else:
            db.create_all()
        checklist_versions.sync_directory(PROJECT_ROOT / "checklists")
        institution = Institution(
            name="赛跑养老院",
            credit_code=valid_credit_code(990001),
            street="岳阳街道",
            address="松江区测试路1号",
            beds=50,
            ownership="private",
            features={"kitchen": True, "gas": True, "medical": True},
        )
        inspector = User(
            username="racer",
            password_hash="x",
            display_name="racer",
            role="inspector",
            department="fire",
            enforcement_cert_no="沪执测RACER",
        )
        db.session.add_all((institution, inspector))
        db.session.flush()
        token = secrets.token_urlsafe(32)
        db.session.add(
            AuthToken(
                token_hash=token_digest(token),
                user_id=inspector.id,
                expires_at=datetime.now(UTC) + timedelta(hours=1),
            )
        )
        db.session.commit()
        institution_id = institution.id
        body = draft_body(institution_id)  # with a second officer made in this database
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {
            "app": app,
            "url": f"http://127.0.0.1:{server.server_port}/api/v1",
            "headers": {"Authorization": f"Bearer {token}"},
            "institution_id": institution_id,
            "draft": body,
        }
    finally:
        server.shutdown()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if ON_POSTGRES:
            with engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()


def at_once(call, n: int = PARALLEL) -> list[requests.Response]:
    start = threading.Barrier(n)

    def run(_):
        start.wait()
        return call()

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def statuses(responses) -> list[int]:
    return sorted(r.status_code for r in responses)


def test_the_same_new_photo_uploaded_twenty_times_at_once_is_one_photo(live):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (12, 34, 56)).save(buffer, "JPEG")
    data = buffer.getvalue()
    responses = at_once(
        lambda: requests.post(
            f"{live['url']}/photos",
            files={"file": ("p.jpg", data, "image/jpeg")},
            headers=live["headers"],
            timeout=30,
        )
    )
    assert all(r.status_code in (200, 201) for r in responses), statuses(responses)
    assert len({r.json()["id"] for r in responses}) == 1
    assert count(live["app"], Photo) == 1


def test_the_same_new_draft_put_twenty_times_at_once_is_one_inspection(live):
    url = f"{live['url']}/inspections/{uuid.uuid4()}"
    body = live["draft"]
    responses = at_once(lambda: requests.put(url, json=body, headers=live["headers"], timeout=30))
    assert all(r.status_code in (200, 201) for r in responses), statuses(responses)
    assert count(live["app"], Inspection) == 1


def test_twenty_identical_submits_at_once_all_get_the_first_answer(live):
    inspection_id = uuid.uuid4()
    url = f"{live['url']}/inspections/{inspection_id}"
    headers = live["headers"]
    assert requests.put(url, json=live["draft"], headers=headers).ok
    with live["app"].app_context():
        answers = answers_for(live["institution_id"], fail={"F-02", "F-03"})
    for answer in answers:
        if answer["photo_ids"]:
            buffer = io.BytesIO()
            Image.new("RGB", (32, 24), (9, 9, 9)).save(buffer, "JPEG")
            photo = requests.post(
                f"{live['url']}/photos",
                files={"file": ("p.jpg", buffer.getvalue(), "image/jpeg")},
                headers=headers,
            )
            answer["photo_ids"] = [photo.json()["id"]]
    assert requests.put(f"{url}/answers", json=answers, headers=headers).ok
    responses = at_once(lambda: requests.post(f"{url}/submit", headers=headers, timeout=30))
    assert statuses(responses) == [200] * PARALLEL, [r.text for r in responses if not r.ok][:2]
    assert len({tuple(r.json()["hazard_ids"]) for r in responses}) == 1
    assert count(live["app"], Hazard) == 2


def test_the_same_phone_made_hazard_posted_twenty_times_at_once_is_one_hazard(live):
    body = {
        "id": str(uuid.uuid4()),
        "institution_id": live["institution_id"],
        "category": "fire",
        "severity": "general",
        "title": "楼梯间堆放杂物",
    }
    responses = at_once(
        lambda: requests.post(f"{live['url']}/hazards", json=body, headers=live["headers"])
    )
    assert all(r.status_code in (200, 201) for r in responses), statuses(responses)
    assert count(live["app"], Hazard) == 1


def test_forty_parallel_wrong_passwords_record_exactly_the_limit(live):
    limit = live["app"].config["LOGIN_MAX_FAILURES"]
    body = {"username": "racer", "password": "certainly not it"}
    responses = at_once(
        lambda: requests.post(f"{live['url']}/auth/login", json=body, timeout=30), n=40
    )
    assert statuses(responses) == [401] * limit + [429] * (40 - limit)
    assert count(live["app"], LoginFailure) == limit


def test_ten_submits_at_once_take_ten_numbers_and_twenty_fetches_one_pdf_each(live):
    """Ten inspections submitted at once (each twice) take the record numbers 1 to 10, each
    once; then each record fetched twice at once is built once: the same bytes to both."""
    headers = live["headers"]
    with live["app"].app_context():
        answers = answers_for(live["institution_id"])
    urls = []
    for _ in range(PARALLEL // 2):
        url = f"{live['url']}/inspections/{uuid.uuid4()}"
        assert requests.put(url, json=live["draft"], headers=headers).ok
        assert requests.put(f"{url}/answers", json=answers, headers=headers).ok
        urls.append(url)
    turn = itertools.count()
    submits = at_once(
        lambda: requests.post(f"{urls[next(turn) % len(urls)]}/submit", headers=headers, timeout=60)
    )
    assert statuses(submits) == [200] * PARALLEL, [r.text for r in submits if not r.ok][:2]
    with live["app"].app_context():
        serials = sorted(db.session.scalars(select(Document.serial)))
    assert serials == list(range(1, len(urls) + 1))
    turn = itertools.count()
    fetches = at_once(
        lambda: requests.get(
            f"{urls[next(turn) % len(urls)]}/record.pdf", headers=headers, timeout=60
        )
    )
    assert statuses(fetches) == [200] * PARALLEL, [r.text for r in fetches if not r.ok][:2]
    by_url: dict[str, set[bytes]] = {}
    for response in fetches:
        by_url.setdefault(response.url, set()).add(response.content)
    assert len(by_url) == len(urls) and all(len(v) == 1 for v in by_url.values())
    with live["app"].app_context():
        recorded = {d.sha256 for d in db.session.scalars(select(Document))}
    assert recorded == {hashlib.sha256(next(iter(v))).hexdigest() for v in by_url.values()}
