"""One module, both storage backends: a local folder, and S3 over real HTTP against moto's
server started here on a free local port."""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.jobs.lock import run_job
from inspect_app.models import Photo
from inspect_app.photos import storage_keys
from inspect_app.storage import ObjectMissing, from_url, get_storage
from tests.test_photos import exif_block, get, jpeg, upload

API = "/api/v1"
CREDENTIALS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing"}
_buckets = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3-compatible server in its own process, for this test session."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("moto server did not start")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


# S3 talks to a real (moto) server over HTTP: slow.
@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.slow)])
def backend(request, app):
    """Point the app at one backend; returns a function listing the stored keys."""
    if request.param == "local":
        root = Path(app.config["STORAGE_URL"])

        def keys() -> set[str]:
            files = root.rglob("*") if root.exists() else []
            return {p.relative_to(root).as_posix() for p in files if p.is_file()}

        yield keys
        return

    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = f"evidence-{os.getpid()}-{next(_buckets)}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket)
    app.config.update(
        STORAGE_URL=f"s3://{bucket}/evidence/",
        S3_ENDPOINT_URL=endpoint,
        S3_REGION="us-east-1",
        S3_ADDRESSING_STYLE="path",
        **CREDENTIALS,
    )

    def keys() -> set[str]:
        listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {item["Key"].removeprefix("evidence/") for item in listed}

    yield keys
    for key in keys():
        client.delete_object(Bucket=bucket, Key=f"evidence/{key}")
    client.delete_bucket(Bucket=bucket)
    client.close()


def test_put_open_exists_delete(backend):
    storage = get_storage()
    data = os.urandom(300_000)
    storage.put("originals/aa/bb/x", io.BytesIO(data), size=len(data), content_type="image/jpeg")
    storage.put_bytes("thumbs/aa/bb/x.jpg", b"thumb", content_type="image/jpeg")
    assert storage.exists("originals/aa/bb/x")
    with storage.open("originals/aa/bb/x") as stream:
        assert stream.read() == data
    assert backend() == {"originals/aa/bb/x", "thumbs/aa/bb/x.jpg"}
    storage.delete("originals/aa/bb/x")
    storage.delete("originals/aa/bb/x")  # gone already: fine
    assert not storage.exists("originals/aa/bb/x")
    with pytest.raises(ObjectMissing):
        storage.open("originals/aa/bb/x")


def test_put_stores_only_the_given_size_from_the_current_position(backend):
    storage = get_storage()
    source = io.BytesIO(b"header" + b"payload" + b"trailer")
    source.seek(6)
    storage.put("originals/k", source, size=7, content_type="application/octet-stream")
    with storage.open("originals/k") as stream:
        assert stream.read() == b"payload"


class _Breaks(io.RawIOBase):
    """A source that fails halfway, like a disk error or a dropped connection."""

    def __init__(self, data: bytes, after: int):
        self._data, self._after, self._pos = data, after, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self._pos

    def seek(self, offset, whence=0):
        self._pos = offset if whence == 0 else len(self._data) + offset
        return self._pos

    def read(self, n=-1):
        if self._pos >= self._after:
            raise OSError("the source broke")
        n = self._after - self._pos if n is None or n < 0 else min(n, self._after - self._pos)
        chunk = self._data[self._pos : self._pos + n]
        self._pos += len(chunk)
        return chunk


def test_a_failed_write_leaves_no_object_under_its_name(backend):
    storage = get_storage()
    data = os.urandom(600_000)
    with pytest.raises(Exception, match="broke"):
        storage.put("originals/half", _Breaks(data, 300_000), size=len(data), content_type="x/y")
    assert not storage.exists("originals/half")
    assert backend() == set()  # no temporary file left behind either


def test_upload_serve_and_dedupe_through_the_api(backend, client, inspector_h):
    data = jpeg((1200, 900), seed=81, exif=exif_block(orientation=6, gps=(31.03, 121.22)))
    body = upload(client, inspector_h, data).json
    sha = hashlib.sha256(data).hexdigest()
    assert body["sha256"] == sha
    assert backend() == {
        storage_keys.storage_key(sha, "original"),
        storage_keys.storage_key(sha, "display"),
        storage_keys.storage_key(sha, "thumbnail"),
    }
    original = get(client, f"{API}/photos/{body['id']}/original", inspector_h)
    assert original.data == data
    display = get(client, body["url"], inspector_h)
    assert display.mimetype == "image/jpeg"
    assert b"Exif" not in display.data
    assert display.headers["Content-Length"] == str(len(display.data))
    again = upload(client, inspector_h, data)
    assert (again.status_code, again.json["id"]) == (200, body["id"])


def test_a_refused_file_stores_nothing(backend, client, inspector_h):
    assert upload(client, inspector_h, jpeg((800, 600))[:5000]).status_code == 422
    assert backend() == set()


def test_resumable_upload_lands_in_the_same_storage(backend, client, inspector_h):
    data = jpeg((640, 480), seed=82)
    tus = {"Tus-Resumable": "1.0.0"}
    created = client.post(
        f"{API}/uploads", headers={**inspector_h, **tus, "Upload-Length": str(len(data))}
    )
    location = created.headers["Location"]
    for start in range(0, len(data), 20_000):
        response = client.patch(
            location,
            data=data[start : start + 20_000],
            content_type="application/offset+octet-stream",
            headers={**inspector_h, **tus, "Upload-Offset": str(start)},
        )
        assert response.status_code == 204, response.json
    photo_id = response.headers["Photo-Id"]
    assert storage_keys.storage_key(hashlib.sha256(data).hexdigest(), "original") in backend()
    assert get(client, f"{API}/photos/{photo_id}/original", inspector_h).data == data


def test_verify_finds_altered_and_missing_originals(backend, client, inspector_h, runner):
    bodies = [upload(client, inspector_h, jpeg(seed=s)).json for s in (91, 92, 93)]
    assert runner.invoke(args=["photos", "verify"]).exit_code == 0
    storage = get_storage()
    storage.put_bytes(
        storage_keys.storage_key(bodies[0]["sha256"], "original"), b"edited", content_type="x/y"
    )
    storage.delete(storage_keys.storage_key(bodies[1]["sha256"], "original"))
    storage.delete(storage_keys.storage_key(bodies[2]["sha256"], "thumbnail"))
    result = runner.invoke(args=["photos", "verify"])
    assert result.exit_code == 1
    assert "3 photos checked: 1 altered, 1 missing, 1 missing thumbnail" in result.output
    assert f"altered {bodies[0]['id']}" in result.output
    assert f"missing {bodies[1]['id']}" in result.output
    assert f"missing thumbnail {bodies[2]['id']}" in result.output
    assert "3 of 3" in result.output


def test_cleanup_removes_the_objects_of_unattached_photos(backend, client, inspector_h):
    body = upload(client, inspector_h, jpeg(seed=94)).json
    from datetime import UTC, datetime, timedelta

    later = datetime.now(UTC) + timedelta(days=30)
    assert run_job("remove_unattached_photos", later) == 1
    assert backend() == set()
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 0
    assert get(client, body["url"], inspector_h).status_code == 404


def test_storage_url_picks_the_backend(tmp_path):
    from inspect_app.storage.local import LocalStorage
    from inspect_app.storage.s3 import S3Storage

    assert isinstance(from_url(str(tmp_path)), LocalStorage)
    assert isinstance(from_url(f"file://{tmp_path}"), LocalStorage)
    s3 = from_url("s3://bucket/some/prefix", {"S3_REGION": "cn-north-1", **CREDENTIALS})
    assert isinstance(s3, S3Storage)
    assert (s3.bucket, s3.prefix) == ("bucket", "some/prefix/")
    with pytest.raises(ValueError):
        from_url("ftp://example/photos")
    with pytest.raises(ValueError):
        from_url("s3:///no-bucket")


def test_local_keys_cannot_escape_the_folder(tmp_path):
    storage = from_url(str(tmp_path / "photos"))
    with pytest.raises(ValueError):
        storage.put_bytes("../outside", b"x", content_type="x/y")
    assert not (tmp_path / "outside").exists()


def test_iter_objects_lists_keys_with_age_and_size_under_a_prefix(backend):
    storage = get_storage()
    if hasattr(storage, "list_page_size"):
        storage.list_page_size = 2  # S3: several listing requests, one page at a time
    from datetime import UTC, datetime, timedelta

    before = datetime.now(UTC) - timedelta(minutes=5)
    keys = {f"originals/a{n}/k{n}" for n in range(5)} | {"originals/b1/x", "thumbs/a0/k0.jpg"}
    for key in keys:
        storage.put_bytes(key, key.encode(), content_type="x/y")
    listed = {item.key: item for item in storage.iter_objects("originals/")}
    assert set(listed) == {key for key in keys if key.startswith("originals/")}
    assert all(item.size == len(key) for key, item in listed.items())
    assert all(before < item.modified < before + timedelta(minutes=10) for item in listed.values())
    assert {item.key for item in storage.iter_objects("originals/a")} == {
        f"originals/a{n}/k{n}" for n in range(5)
    }
    assert {item.key for item in storage.iter_objects()} >= keys
    assert list(storage.iter_objects("nothing/")) == []
    # delete_if_older keeps what is newer than the cutoff, removes what is older.
    assert not storage.delete_if_older("originals/b1/x", before)
    assert storage.exists("originals/b1/x")
    assert storage.delete_if_older("originals/b1/x", before + timedelta(minutes=10))
    assert not storage.exists("originals/b1/x")
    assert not storage.delete_if_older("originals/b1/x", before + timedelta(minutes=10))


def test_local_delete_if_older_puts_back_a_file_written_again_meanwhile(tmp_path, monkeypatch):
    """The same key written again between the age check and the delete is not lost."""
    from datetime import UTC, datetime, timedelta

    storage = from_url(str(tmp_path / "photos"))
    storage.put_bytes("originals/aa/k", b"same bytes", content_type="x/y")
    path = tmp_path / "photos" / "originals/aa/k"
    old = time.time() - 3 * 86400
    os.utime(path, (old, old))
    real_rename = os.rename

    def rename_after_a_rewrite(src, dst):
        storage.put_bytes("originals/aa/k", b"same bytes", content_type="x/y")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename_after_a_rewrite)
    assert not storage.delete_if_older("originals/aa/k", datetime.now(UTC) - timedelta(days=1))
    assert path.read_bytes() == b"same bytes"
    assert [p.name for p in (tmp_path / "photos" / "tmp").iterdir()] == []


def test_sweep_removes_only_old_files_no_live_row_needs(backend, app, client, inspector_h, runner):
    """Crash leftovers go once older than a day; photos' files, live uploads, fresh files
    and files that are not a photo's stay."""
    from datetime import UTC, datetime, timedelta

    app.config["UPLOAD_EXPIRY_HOURS"] = 24 * 7
    storage = get_storage()
    kept = upload(client, inspector_h, jpeg(seed=95)).json
    stray = hashlib.sha256(b"a photo whose row never committed").hexdigest()
    stray_keys = {storage_keys.storage_key(stray, v) for v in storage_keys.VARIANTS}
    for key in stray_keys:
        storage.put_bytes(key, b"stray", content_type="image/jpeg")
    storage.put_bytes("reports/2026/11.pdf", b"not a photo", content_type="application/pdf")
    storage.put_bytes("originals/aa/bb/not-a-hash", b"?", content_type="x/y")
    local = storage.local_root is not None
    if local:
        (storage.local_root / "tmp").mkdir(exist_ok=True)
        (storage.local_root / "tmp" / ".put-half").write_bytes(b"half written")
    tus = {**inspector_h, "Tus-Resumable": "1.0.0"}
    live = client.post(f"{API}/uploads", headers={**tus, "Upload-Length": "9"})
    sent = client.patch(
        live.headers["Location"],
        data=b"1234",
        content_type="application/offset+octet-stream",
        headers={**tus, "Upload-Offset": "0"},
    )
    assert sent.status_code == 204
    (live_part,) = {key for key in backend() if key.startswith("partial/")}
    orphan_part = f"partial/{uuid.uuid4()}/000000000000-0a1b2c3d4e5f"
    storage.put_bytes(orphan_part, b"no row", content_type="application/octet-stream")
    before = backend()

    # Fresh: nothing goes, and verify only counts.
    assert run_job("sweep_leftover_files") == {"temp": 0, "parts": 0, "unreferenced": 0}
    assert backend() == before
    app.config["LEFTOVER_FILE_MAX_AGE_HOURS"] = 0  # verify counts everything written so far
    result = runner.invoke(args=["photos", "verify"])
    app.config["LEFTOVER_FILE_MAX_AGE_HOURS"] = 24
    assert result.exit_code == 0, result.output
    assert "1 photos checked: all files intact" in result.output
    assert "temporary files older than" in result.output
    assert "parts of dead uploads older than" in result.output
    assert "stored files no photo names older than" in result.output
    assert all(f"  {key}\n" in result.output for key in stray_keys)
    assert f"  {orphan_part}\n" in result.output
    assert "reports/" not in result.output and "not-a-hash" not in result.output

    # Two days on: the leftovers go, twice is harmless.
    later = datetime.now(UTC) + timedelta(days=2)
    assert run_job("sweep_leftover_files", later) == {
        "temp": 1 if local else 0,
        "parts": 1,
        "unreferenced": 3,
    }
    assert run_job("sweep_leftover_files", later) == {"temp": 0, "parts": 0, "unreferenced": 0}
    assert backend() == before - stray_keys - {"tmp/.put-half"} - {orphan_part}
    assert live_part in backend() and orphan_part not in backend()
    assert get(client, f"{API}/photos/{kept['id']}/original", inspector_h).status_code == 200


def test_healthz_checks_the_s3_bucket(app, client, s3_endpoint):
    bucket = f"health-{os.getpid()}-{next(_buckets)}"
    boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1", **_boto_credentials()
    ).create_bucket(Bucket=bucket)
    app.config.update(
        STORAGE_URL=f"s3://{bucket}/evidence/",
        S3_ENDPOINT_URL=s3_endpoint,
        S3_REGION="us-east-1",
        S3_ADDRESSING_STYLE="path",
        **CREDENTIALS,
    )
    assert client.get(f"{API}/healthz").json == {"status": "ok", "db": "ok", "storage": "ok"}
    app.config["STORAGE_URL"] = "s3://no-such-bucket/evidence/"
    missing = client.get(f"{API}/healthz")
    assert missing.status_code == 503 and missing.json["storage"] == "error"


def _boto_credentials() -> dict:
    return {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
