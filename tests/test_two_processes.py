"""Two app processes on one database and one object store (moto's S3 server), as two web
machines behind nginx: a per-process memo is never older than its stated bound
(docs/running-for-a-district.md, *Per-process memos*), and a document built by one
process is served by the other from the object store."""

from __future__ import annotations

import hashlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
import pytest
import requests

from inspect_app import create_app
from inspect_app.accounts import passwords
from inspect_app.accounts.tokens import token_digest
from inspect_app.checklists import versions as checklist_versions
from inspect_app.config import PROJECT_ROOT
from inspect_app.extensions import db
from inspect_app.models import AuthToken, Institution, User
from tests.helpers import submit_with_failures
from tests.servers import ROOT, free_port, own_database, stop_group, wait_until_healthy
from tests.test_photos import jpeg
from tests.test_storage import s3_endpoint  # noqa: F401 -- the moto server fixture

# slow: two gunicorn processes and moto's S3 server.
pytestmark = pytest.mark.slow

ETAG_SECONDS = 2
API = "/api/v1"


def _token(user: User) -> dict:
    token = secrets.token_urlsafe(32)
    db.session.add(
        AuthToken(
            token_hash=token_digest(token),
            user_id=user.id,
            expires_at=datetime.now(UTC) + timedelta(days=1),
        )
    )
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def two_processes(tmp_path: Path, s3_endpoint):  # noqa: F811 -- the fixture imported above
    bucket = f"two-{os.getpid()}-{secrets.token_hex(3)}"
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3.create_bucket(Bucket=bucket)
    storage = {
        "STORAGE_URL": f"s3://{bucket}/store/",
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
    }
    with own_database(tmp_path) as url:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, **storage},
            instance_path=str(tmp_path / "instance"),
        )
        with app.app_context():
            db.create_all()
            checklist_versions.sync_directory(PROJECT_ROOT / "checklists")
            users = {
                role: User(
                    username=role,
                    display_name=role,
                    role=role,
                    department="fire" if role == "inspector" else None,
                    enforcement_cert_no=f"沪执测{role}",
                    password_hash=passwords.hash_password("two processes password"),
                )
                for role in ("bureau", "inspector")
            }
            db.session.add_all(users.values())
            home = Institution(
                name="两进程养老院",
                credit_code="91310117MA1J00001X",
                street="岳阳街道",
                address="松江区测试路1号",
                beds=80,
                ownership="private",
                features={"kitchen": True, "gas": True, "medical": True},
            )
            db.session.add(home)
            db.session.flush()
            headers = {role: _token(user) for role, user in users.items()}
            db.session.commit()
            home_id = home.id
            db.session.remove()

        env = {
            **os.environ,
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test-only",
            "WEB_CONCURRENCY": "1",
            "CHECKLIST_ETAG_CACHE_SECONDS": str(ETAG_SECONDS),
            "LOG_FORMAT": "text",
            **storage,
        }
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        processes = []
        bases = []
        try:
            for name in ("a", "b"):
                port = free_port()
                log = tmp_path / f"{name}.log"
                with log.open("wb") as out:
                    process = subprocess.Popen(
                        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                        cwd=ROOT,
                        env={**env, "WEB_BIND": f"127.0.0.1:{port}"},
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                processes.append(process)
                base = f"http://127.0.0.1:{port}"
                wait_until_healthy(base, process, log)
                bases.append(base)
            yield {"app": app, "bases": bases, "headers": headers, "home": home_id, "s3": s3,
                   "bucket": bucket, "processes": processes}  # fmt: skip
        finally:
            for process in processes:
                stop_group(process)
            with app.app_context():
                db.engine.dispose()


def test_a_checklist_etag_is_never_older_than_its_bound(two_processes):
    a, b = two_processes["bases"]
    inspector = two_processes["headers"]["inspector"]
    bureau = two_processes["headers"]["bureau"]
    first = requests.get(f"{a}{API}/checklists/fire", headers=inspector, timeout=30)
    etag = first.headers["ETag"]
    for base in (a, b):  # both processes hold the ETag in their memo
        cached = requests.get(
            f"{base}{API}/checklists/fire", headers={**inspector, "If-None-Match": etag}, timeout=30
        )
        assert cached.status_code == 304
    document = {
        k: v
        for k, v in first.json().items()
        if k not in ("version", "content_hash", "published_at")
    }
    document["title"]["zh"] += "（修订）"
    published = requests.post(f"{a}{API}/checklists", json=document, headers=bureau, timeout=30)
    assert published.status_code == 201
    at = time.monotonic()
    # from here on, each process answers the old ETag with 304 for at most the bound
    last_304 = {a: 0.0, b: 0.0}
    fresh = set()
    while len(fresh) < 2:
        for base in (a, b):
            answer = requests.get(
                f"{base}{API}/checklists/fire",
                headers={**inspector, "If-None-Match": etag},
                timeout=30,
            )
            elapsed = time.monotonic() - at
            if answer.status_code == 304:
                assert base not in fresh, "a fresh answer, then a stale one"
                last_304[base] = elapsed
            else:
                assert answer.status_code == 200 and answer.json()["version"] == 2
                fresh.add(base)
        assert time.monotonic() - at < ETAG_SECONDS + 10, last_304
        time.sleep(0.1)
    # the process that published cleared its own memo at once; the other waits out its bound
    assert last_304[a] == 0.0
    assert last_304[b] <= ETAG_SECONDS + 0.5  # the request's own time on a busy machine


def test_a_document_built_by_one_process_is_served_by_the_other(two_processes):
    a, b = two_processes["bases"]
    inspector = two_processes["headers"]["inspector"]
    app = two_processes["app"]
    with app.app_context():
        client = app.test_client()
        submit_with_failures(client, inspector, two_processes["home"], fail=["F-02"])
        inspection_id = client.get(f"{API}/inspections", headers=inspector).json[0]["id"]
        db.session.remove()
    built = requests.get(f"{a}{API}/inspections/{inspection_id}/record.pdf", headers=inspector,
                         timeout=120)  # fmt: skip
    assert built.status_code == 200 and built.content.startswith(b"%PDF")
    digest = hashlib.sha256(built.content).hexdigest()
    listed = two_processes["s3"].list_objects_v2(Bucket=two_processes["bucket"])["Contents"]
    assert any(digest in item["Key"] for item in listed), "stored in the object store"
    served = requests.get(f"{b}{API}/inspections/{inspection_id}/record.pdf", headers=inspector,
                          timeout=120)  # fmt: skip
    assert served.status_code == 200 and served.content == built.content


def _tus(base: str, method: str, path: str, headers: dict, **kwargs) -> requests.Response:
    return requests.request(
        method, f"{base}{path}", headers={**headers, "Tus-Resumable": "1.0.0"}, timeout=60,
        **kwargs,
    )  # fmt: skip


def test_an_upload_begun_on_one_process_finishes_on_the_other(two_processes):
    """Parts in the object store, the offset in the database: a tus upload starts on A,
    goes on at B, A is killed in the middle of a chunk, and B finishes it."""
    a, b = two_processes["bases"]
    inspector = two_processes["headers"]["inspector"]
    data = jpeg((900, 700), seed=26)
    thirds = [len(data) // 3, 2 * len(data) // 3]
    created = _tus(a, "POST", f"{API}/uploads", {**inspector, "Upload-Length": str(len(data))})
    assert created.status_code == 201
    path = created.headers["Location"]
    offset_type = {"Content-Type": "application/offset+octet-stream"}

    first = _tus(a, "PATCH", path, {**inspector, **offset_type, "Upload-Offset": "0"},
                 data=data[: thirds[0]])  # fmt: skip
    assert first.status_code == 204 and first.headers["Upload-Offset"] == str(thirds[0])
    assert _tus(b, "HEAD", path, inspector).headers["Upload-Offset"] == str(thirds[0])
    second = _tus(b, "PATCH", path, {**inspector, **offset_type, "Upload-Offset": str(thirds[0])},
                  data=data[thirds[0] : thirds[1]])  # fmt: skip
    assert second.status_code == 204 and second.headers["Upload-Offset"] == str(thirds[1])
    # the same offset again, on A: the offset moved on B, so A answers 409
    again = _tus(a, "PATCH", path, {**inspector, **offset_type, "Upload-Offset": str(thirds[0])},
                 data=b"late")  # fmt: skip
    assert again.status_code == 409

    # A dies in the middle of the last chunk: half of it sent, then SIGKILL to A's group
    port = int(a.rsplit(":", 1)[1])
    rest = data[thirds[1] :]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
        head = (
            f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: {inspector['Authorization']}\r\nTus-Resumable: 1.0.0\r\n"
            f"Content-Type: application/offset+octet-stream\r\n"
            f"Upload-Offset: {thirds[1]}\r\nContent-Length: {len(rest)}\r\n\r\n"
        )
        raw.sendall(head.encode() + rest[: len(rest) // 2])
        time.sleep(1)  # the worker is reading the body
        os.killpg(two_processes["processes"][0].pid, signal.SIGKILL)
        two_processes["processes"][0].wait(30)
    # B knows nothing of the half chunk: the offset is where the last acknowledged PATCH left it
    assert _tus(b, "HEAD", path, inspector).headers["Upload-Offset"] == str(thirds[1])
    last = _tus(b, "PATCH", path, {**inspector, **offset_type, "Upload-Offset": str(thirds[1])},
                data=rest)  # fmt: skip
    assert last.status_code == 204, last.text
    photo_id = last.headers["Photo-Id"]
    info = requests.get(f"{b}{API}/photos/{photo_id}/info", headers=inspector, timeout=30).json()
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    finished = _tus(b, "HEAD", path, inspector)
    assert finished.headers["Photo-Id"] == photo_id
    # the parts went once the upload was finished
    listed = two_processes["s3"].list_objects_v2(Bucket=two_processes["bucket"])
    assert not [o["Key"] for o in listed.get("Contents", []) if "/partial/" in o["Key"]]
