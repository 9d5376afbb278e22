"""Nothing lost to a crash: gunicorn with two sync workers serves photo uploads, resumable
(tus) uploads and inspection submits from client threads while a killer SIGKILLs a
worker at random moments, over and over (the master starts a new one each time).

Every answer that acknowledged something is recorded; afterwards every acknowledged
photo is a row whose original hashes right, every acknowledged submit is submitted with
its hazards, a finished resumable upload still names its photo, no photo row points at a
missing file, the audit record verifies, and the leftover sweep (two days on) removes
only files no row needs.

Runs on a SQLite file, or in a fresh PostgreSQL schema when ``DATABASE_URL`` is set.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
import requests
from flask_migrate import upgrade
from PIL import Image
from sqlalchemy import create_engine, select, text

from inspect_app import create_app
from inspect_app.accounts.tokens import token_digest
from inspect_app.checklists import versions as checklist_versions
from inspect_app.config import PROJECT_ROOT
from inspect_app.extensions import db
from inspect_app.hazards import audit
from inspect_app.jobs.lock import run_job
from inspect_app.models import AuthToken, Hazard, Inspection, Institution, Photo, Upload, User
from inspect_app.photos import leftovers, upkeep
from inspect_app.photos.storage_keys import storage_key
from inspect_app.principal import SYSTEM
from inspect_app.storage import get_storage
from tests.conftest import ON_POSTGRES, POSTGRES_URL, valid_credit_code
from tests.helpers import answers_for, draft_body

# slow: real gunicorn workers killed with SIGKILL over and over.
pytestmark = pytest.mark.slow

KILLS = 15
TUS = {"Tus-Resumable": "1.0.0"}
TIMEOUT = 10


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    """The live worker processes of the gunicorn master ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            found.append(int(entry))
    return found


def _jpeg(rng: random.Random, size=(96, 72)) -> bytes:
    """A small photo of noise: every one different, and too busy to compress much."""
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
def database(tmp_path):
    """A fresh database (SQLite file or PostgreSQL schema), migrated, with checklists, an
    institution, an inspector and a bureau user with tokens; yields what the server and
    the checks need."""
    schema = f"crash_{secrets.token_hex(4)}"
    if ON_POSTGRES:
        engine = create_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{POSTGRES_URL}?options={quote(f'-csearch_path={schema}')}"
    else:
        url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    settings = {
        "DATABASE_URL": url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "STORAGE_URL": str(tmp_path / "photos"),
        "SECRET_KEY": "crash",
    }
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "STORAGE_URL": settings["STORAGE_URL"],
        },
        instance_path=settings["INSTANCE_PATH"],
    )
    tokens = {}
    with app.app_context():
        upgrade()
        checklist_versions.sync_directory(PROJECT_ROOT / "checklists")
        institution = Institution(
            name="断电养老院",
            credit_code=valid_credit_code(990101),
            street="岳阳街道",
            address="松江区测试路9号",
            beds=40,
            ownership="private",
            features={"kitchen": True, "gas": True, "medical": True},
        )
        users = [
            User(
                username="crasher",
                password_hash="x",
                display_name="crasher",
                role="inspector",
                department="fire",
                enforcement_cert_no="沪执测CRASH",
            ),
            User(username="chief", password_hash="x", display_name="chief", role="bureau"),
        ]
        db.session.add_all((institution, *users))
        db.session.flush()
        for user in users:
            token = secrets.token_urlsafe(32)
            db.session.add(
                AuthToken(
                    token_hash=token_digest(token),
                    user_id=user.id,
                    expires_at=datetime.now(UTC) + timedelta(hours=1),
                )
            )
            tokens[user.role] = {"Authorization": f"Bearer {token}"}
        db.session.commit()
        answers = answers_for(institution.id, fail={"F-02", "F-03"})
        institution_id = institution.id
        draft = draft_body(institution_id)  # with a second officer made in this database
        db.session.remove()
        db.engine.dispose()
    try:
        yield {
            "app": app,
            "env": settings,
            "tokens": tokens,
            "institution_id": institution_id,
            "answers": answers,
            "draft": draft,
        }
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if ON_POSTGRES:
            with engine.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()


class Server:
    """gunicorn, two sync workers, the app loaded once in the master (workers fork fast)."""

    def __init__(self, env: dict[str, str], log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        self._log = open(log, "wb")  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers=2",
                "--worker-class=sync",
                "--preload",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=20",
                "--graceful-timeout=2",
                "wsgi:app",
            ],
            cwd=PROJECT_ROOT,
            env={**os.environ, **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while len(_children(self.process.pid)) < 2 or not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"gunicorn did not start: {log.read_text()[-2000:]}")
            time.sleep(0.05)

    def _healthy(self) -> bool:
        try:
            return requests.get(f"{self.url}/healthz", timeout=2).ok
        except requests.RequestException:
            return False

    def kill_a_worker(self, rng: random.Random) -> bool:
        workers = _children(self.process.pid)
        if not workers:
            return False
        try:
            os.kill(rng.choice(workers), signal.SIGKILL)
        except ProcessLookupError:
            return False
        return True

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class Clients:
    """What the phones did, and what the server acknowledged."""

    def __init__(self, server: Server, database: dict, stop: threading.Event):
        self.url = server.url
        self.headers = database["tokens"]["inspector"]
        self.institution_id = database["institution_id"]
        self.answers = database["answers"]
        self.draft = database["draft"]
        self.stop = stop
        self.photos: dict[str, str] = {}  # acknowledged photo id -> sha256 of its bytes
        self.uploads: dict[str, str] = {}  # finished tus upload location -> photo id
        self.submits: dict[str, list[str]] = {}  # inspection id -> hazard ids
        self.wrong: list[str] = []  # anything a crash must never cause
        self.dropped = 0  # requests cut off by a kill
        self.lock = threading.Lock()

    def _call(self, send: Callable[[], requests.Response], ok: tuple[int, ...]):
        """Send until an answer in ``ok`` (a dropped connection is retried, as a phone
        does); None if the run ends first or the answer is wrong."""
        while not self.stop.is_set():
            try:
                response = send()
            except requests.RequestException:
                self.dropped += 1
                time.sleep(0.02)
                continue
            if response.status_code in ok:
                return response
            if response.status_code == 409:
                time.sleep(0.05)  # a cut-off request's twin may still be running
                continue
            self._wrong(
                f"{response.request.method} {response.url}: {response.status_code} "
                f"{response.text[:300]}"
            )
            return None
        return None

    def _wrong(self, what: str) -> None:
        with self.lock:
            self.wrong.append(what)

    def upload_photo(self, rng: random.Random) -> str | None:
        data = _jpeg(rng)
        response = self._call(
            lambda: requests.post(
                f"{self.url}/photos",
                files={"file": ("p.jpg", data, "image/jpeg")},
                headers=self.headers,
                timeout=TIMEOUT,
            ),
            (200, 201),
        )
        if response is None:
            return None
        photo_id = response.json()["id"]
        with self.lock:
            self.photos[photo_id] = hashlib.sha256(data).hexdigest()
        return photo_id

    def photos_forever(self, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            self.upload_photo(rng)

    def resumable_forever(self, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            self._one_resumable(rng)

    def _one_resumable(self, rng: random.Random) -> None:
        data = _jpeg(rng, (160, 120))
        sha256 = hashlib.sha256(data).hexdigest()
        created = self._call(
            lambda: requests.post(
                f"{self.url}/uploads",
                headers={**self.headers, **TUS, "Upload-Length": str(len(data))},
                timeout=TIMEOUT,
            ),
            (201,),
        )
        if created is None:
            return
        location = urljoin(self.url, created.headers["Location"])
        acknowledged = 0
        offset = 0
        chunk = max(1, len(data) // 4)
        while not self.stop.is_set():
            body = data[offset : offset + chunk]
            try:
                response = requests.patch(
                    location,
                    data=body,
                    headers={
                        **self.headers,
                        **TUS,
                        "Upload-Offset": str(offset),
                        "Content-Type": "application/offset+octet-stream",
                    },
                    timeout=TIMEOUT,
                )
            except requests.RequestException:
                self.dropped += 1
                response = None
            if response is not None and response.status_code == 204:
                offset = acknowledged = int(response.headers["Upload-Offset"])
                if "Photo-Id" in response.headers:
                    self._finished(location, response.headers["Photo-Id"], sha256)
                    return
                continue
            if response is not None and response.status_code not in (409,):
                self._wrong(f"PATCH {location}: {response.status_code} {response.text[:300]}")
                return
            # The worker died under the PATCH (or its twin still runs): ask where we are.
            head = self._call(
                lambda: requests.head(location, headers={**self.headers, **TUS}, timeout=TIMEOUT),
                (200,),
            )
            if head is None:
                return
            offset = int(head.headers["Upload-Offset"])
            if offset < acknowledged:
                self._wrong(f"{location}: offset {offset} after {acknowledged} acknowledged")
                return
            if "Photo-Id" in head.headers:
                self._finished(location, head.headers["Photo-Id"], sha256)
                return

    def _finished(self, location: str, photo_id: str, sha256: str) -> None:
        with self.lock:
            self.uploads[location] = photo_id
            self.photos[photo_id] = sha256

    def submits_forever(self, seed: int) -> None:
        rng = random.Random(seed)
        while not self.stop.is_set():
            self._one_submit(rng)

    def _one_submit(self, rng: random.Random) -> None:
        """A photo, a draft, its answers (two failed items), the submit."""
        photo_id = self.upload_photo(rng)
        if photo_id is None:
            return
        inspection = f"{self.url}/inspections/{uuid.uuid4()}"
        answers = [
            {**answer, "photo_ids": [photo_id] if answer["photo_ids"] else []}
            for answer in self.answers
        ]
        steps = (
            lambda: requests.put(
                inspection,
                json=self.draft,
                headers=self.headers,
                timeout=TIMEOUT,
            ),
            lambda: requests.put(
                f"{inspection}/answers", json=answers, headers=self.headers, timeout=TIMEOUT
            ),
        )
        if any(self._call(step, (200, 201)) is None for step in steps):
            return
        submitted = self._call(
            lambda: requests.post(f"{inspection}/submit", headers=self.headers, timeout=TIMEOUT),
            (200,),
        )
        if submitted is None:
            return
        with self.lock:
            self.submits[inspection.rsplit("/", 1)[1]] = submitted.json()["hazard_ids"]


def test_killed_workers_lose_nothing_acknowledged(database, tmp_path):
    rng = random.Random(os.environ.get("CRASH_SEED", secrets.randbits(32)))
    server = Server(database["env"], tmp_path / "gunicorn.log")
    stop = threading.Event()
    clients = Clients(server, database, stop)
    threads = [
        threading.Thread(target=clients.photos_forever, args=(1,)),
        threading.Thread(target=clients.resumable_forever, args=(2,)),
        threading.Thread(target=clients.resumable_forever, args=(3,)),
        threading.Thread(target=clients.submits_forever, args=(4,)),
    ]
    try:
        for thread in threads:
            thread.start()
        kills = 0
        time.sleep(0.5)
        for _ in range(KILLS):
            time.sleep(rng.uniform(0.2, 0.5))
            kills += server.kill_a_worker(rng)
        # The last requests finish on fresh workers; on a loaded machine, wait (a while)
        # until each kind of request has been acknowledged at least once.
        time.sleep(1.0)
        deadline = time.monotonic() + 20
        while not (clients.photos and clients.uploads and clients.submits):
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

        print(
            f"{kills} kills, {clients.dropped} requests cut off; acknowledged: "
            f"{len(clients.photos)} photos, {len(clients.uploads)} resumable uploads, "
            f"{len(clients.submits)} submits"
        )
        assert kills >= KILLS - 2
        assert clients.wrong == []
        assert clients.photos and clients.uploads and clients.submits, (
            len(clients.photos),
            len(clients.uploads),
            len(clients.submits),
        )
        # A finished resumable upload still names its photo.
        for location, photo_id in clients.uploads.items():
            head = requests.head(location, headers={**clients.headers, **TUS}, timeout=TIMEOUT)
            assert (head.status_code, head.headers.get("Photo-Id")) == (200, photo_id)
        verified = requests.get(
            f"{server.url}/audit/verify", headers=database["tokens"]["bureau"], timeout=TIMEOUT
        )
        assert verified.status_code == 200 and verified.json()["ok"], verified.text
    finally:
        stop.set()
        server.stop()

    with database["app"].app_context():
        storage = get_storage()
        for photo_id, sha256 in clients.photos.items():
            photo = db.session.get(Photo, uuid.UUID(photo_id))
            assert photo is not None and photo.sha256 == sha256, photo_id
            with storage.open(storage_key(sha256, "original")) as stream:
                assert hashlib.sha256(stream.read()).hexdigest() == sha256
        for location, photo_id in clients.uploads.items():
            upload = db.session.get(Upload, uuid.UUID(location.rsplit("/", 1)[1]))
            assert upload is not None and str(upload.photo_id) == photo_id
        for inspection_id, hazard_ids in clients.submits.items():
            inspection = db.session.get(Inspection, uuid.UUID(inspection_id))
            assert inspection is not None and inspection.status == "submitted"
            assert len(hazard_ids) == 2
            found = db.session.scalars(
                select(Hazard.id).where(Hazard.id.in_([uuid.UUID(h) for h in hazard_ids]))
            )
            assert {str(h) for h in found} == set(hazard_ids)
        assert [r for r in upkeep.verify_originals() if r.problem] == []
        assert audit.verify_chains(SYSTEM).ok

        # Two days on, the sweep takes what the kills left and nothing a row needs.
        later = datetime.now(UTC) + timedelta(days=2)
        run_job("sweep_leftover_files", later)
        assert [r for r in upkeep.verify_originals() if r.problem] == []
        left = leftovers.report(later)
        assert (left.temp.count, left.unreferenced.count) == (0, 0)
        db.session.remove()
        db.engine.dispose()
