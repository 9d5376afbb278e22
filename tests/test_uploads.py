"""Resumable uploads (tus 1.0: core, creation, checksum, expiration) through the HTTP API."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.jobs.lock import run_job
from inspect_app.models import Photo, Upload
from inspect_app.photos import resumable
from inspect_app.storage import get_storage
from tests.test_photos import exif_block, gif, jpeg, stored_files, upload

API = "/api/v1"
TUS = {"Tus-Resumable": "1.0.0"}
OFFSET_TYPE = "application/offset+octet-stream"


def create(client, headers, length: int, **extra) -> str:
    response = client.post(
        f"{API}/uploads", headers={**headers, **TUS, "Upload-Length": str(length), **extra}
    )
    assert response.status_code == 201, response.json
    assert response.headers["Tus-Resumable"] == "1.0.0"
    assert "Upload-Expires" in response.headers
    return response.headers["Location"]


def patch(client, headers, location: str, offset: int, chunk: bytes, **extra):
    return client.patch(
        location,
        data=chunk,
        content_type=OFFSET_TYPE,
        headers={**headers, **TUS, "Upload-Offset": str(offset), **extra},
    )


def patch_cut_off(client, headers, location, offset, sent: bytes, declared: int, **extra):
    """A PATCH whose connection drops: Content-Length promises more than arrives."""
    from werkzeug.test import EnvironBuilder, run_wsgi_app

    environ = EnvironBuilder(
        path=location,
        method="PATCH",
        input_stream=io.BytesIO(sent),
        content_type=OFFSET_TYPE,
        headers={**headers, **TUS, "Upload-Offset": str(offset), **extra},
    ).get_environ()
    environ["CONTENT_LENGTH"] = str(declared)
    # straight to the app: the test client would recount Content-Length from the stream
    app_iter, status, _headers = run_wsgi_app(client.application, environ, buffered=True)
    return int(status.split()[0]), json.loads(b"".join(app_iter) or b"null")


def head(client, headers, location: str):
    return client.head(location, headers={**headers, **TUS})


def checksum(algorithm: str, chunk: bytes) -> str:
    return f"{algorithm} {base64.b64encode(hashlib.new(algorithm, chunk).digest()).decode()}"


def partial_files(app) -> list[str]:
    """The parts of uploads in the object store."""
    return [item.key for item in get_storage().iter_objects(resumable.PARTS)]


@pytest.fixture
def photo_bytes():
    return jpeg((900, 700), seed=4, exif=exif_block(gps=(31.03, 121.22)))


def test_options_discovers_version_extensions_and_checksums(client):
    response = client.options(f"{API}/uploads")
    assert response.status_code == 204
    assert response.headers["Tus-Version"] == "1.0.0"
    assert response.headers["Tus-Resumable"] == "1.0.0"
    assert {"creation", "checksum"} <= set(response.headers["Tus-Extension"].split(","))
    assert "sha1" in response.headers["Tus-Checksum-Algorithm"].split(",")
    assert response.headers["Tus-Max-Size"] == str(20 * 1024 * 1024)


def test_resume_from_where_it_stopped_and_get_the_same_photo(app, client, inspector_h, photo_bytes):
    location = create(client, inspector_h, len(photo_bytes))
    assert location.startswith(f"{API}/uploads/")
    first = head(client, inspector_h, location)
    assert (first.status_code, first.headers["Upload-Offset"]) == (200, "0")
    assert first.headers["Upload-Length"] == str(len(photo_bytes))
    assert first.headers["Cache-Control"] == "no-store"

    cut = int(len(photo_bytes) * 0.8)
    part = patch(client, inspector_h, location, 0, photo_bytes[:cut])
    assert part.status_code == 204
    assert part.headers["Upload-Offset"] == str(cut)
    assert "Photo-Id" not in part.headers
    # the phone lost its connection; later it asks where to go on
    assert head(client, inspector_h, location).headers["Upload-Offset"] == str(cut)

    last = patch(client, inspector_h, location, cut, photo_bytes[cut:])
    assert last.status_code == 204, last.json
    assert last.headers["Upload-Offset"] == str(len(photo_bytes))
    photo_id = last.headers["Photo-Id"]
    after = head(client, inspector_h, location)
    assert after.headers["Photo-Id"] == photo_id
    assert after.headers["Upload-Offset"] == str(len(photo_bytes))

    info = client.get(f"{API}/photos/{photo_id}/info", headers=inspector_h).json
    assert info["sha256"] == hashlib.sha256(photo_bytes).hexdigest()
    assert info["gps"] == pytest.approx({"lat": 31.03, "lon": 121.22}, abs=1e-5)
    same = upload(client, inspector_h, photo_bytes)
    assert (same.status_code, same.json["id"]) == (200, photo_id)
    assert partial_files(app) == []


def test_a_dropped_connection_keeps_the_bytes_that_arrived(app, client, inspector_h, photo_bytes):
    location = create(client, inspector_h, len(photo_bytes))
    arrived = len(photo_bytes) // 3
    dropped = patch_cut_off(
        client, inspector_h, location, 0, photo_bytes[:arrived], len(photo_bytes)
    )
    assert dropped[0] == 400
    assert dropped[1]["errors"]["offset"] == [str(arrived)]
    assert head(client, inspector_h, location).headers["Upload-Offset"] == str(arrived)
    rest = patch(client, inspector_h, location, arrived, photo_bytes[arrived:])
    assert rest.status_code == 204
    assert rest.headers["Photo-Id"]


def test_a_dropped_chunk_with_a_checksum_is_dropped_whole(client, inspector_h, photo_bytes):
    location = create(client, inspector_h, len(photo_bytes))
    dropped = patch_cut_off(
        client,
        inspector_h,
        location,
        0,
        photo_bytes[:1000],
        5000,
        **{"Upload-Checksum": checksum("sha1", photo_bytes[:5000])},
    )
    assert dropped[0] == 400
    assert head(client, inspector_h, location).headers["Upload-Offset"] == "0"


@pytest.mark.parametrize("algorithm", ["sha1", "md5", "sha256"])
def test_matching_checksum_is_accepted(client, inspector_h, photo_bytes, algorithm):
    location = create(client, inspector_h, len(photo_bytes))
    chunk = photo_bytes[:4096]
    response = patch(
        client, inspector_h, location, 0, chunk, **{"Upload-Checksum": checksum(algorithm, chunk)}
    )
    assert response.status_code == 204
    assert response.headers["Upload-Offset"] == "4096"


def test_checksum_mismatch_is_460_and_the_chunk_is_dropped(client, inspector_h, photo_bytes):
    location = create(client, inspector_h, len(photo_bytes))
    wrong = checksum("sha1", b"something else")
    response = patch(
        client, inspector_h, location, 0, photo_bytes[:4096], **{"Upload-Checksum": wrong}
    )
    assert response.status_code == 460
    assert response.json["code"] == 460
    assert head(client, inspector_h, location).headers["Upload-Offset"] == "0"


def test_unsupported_checksum_algorithm_is_400(client, inspector_h, photo_bytes):
    location = create(client, inspector_h, len(photo_bytes))
    response = patch(
        client, inspector_h, location, 0, b"abc", **{"Upload-Checksum": "crc32 AAAAAA=="}
    )
    assert response.status_code == 400


def test_wrong_offset_is_409(client, inspector_h, photo_bytes):
    location = create(client, inspector_h, len(photo_bytes))
    assert patch(client, inspector_h, location, 0, photo_bytes[:100]).status_code == 204
    for offset in (0, 50, 200):
        response = patch(client, inspector_h, location, offset, photo_bytes[offset : offset + 10])
        assert response.status_code == 409
    assert head(client, inspector_h, location).headers["Upload-Offset"] == "100"


def test_unsupported_tus_version_is_412_and_a_missing_one_400(client, inspector_h):
    wrong = client.post(
        f"{API}/uploads",
        headers={**inspector_h, "Tus-Resumable": "0.2.2", "Upload-Length": "100"},
    )
    assert wrong.status_code == 412
    assert wrong.headers["Tus-Version"] == "1.0.0"
    missing = client.post(f"{API}/uploads", headers={**inspector_h, "Upload-Length": "100"})
    assert missing.status_code == 400


def test_patch_needs_the_offset_content_type(client, inspector_h, photo_bytes):
    location = create(client, inspector_h, len(photo_bytes))
    response = client.patch(
        location,
        data=photo_bytes[:10],
        content_type="application/octet-stream",
        headers={**inspector_h, **TUS, "Upload-Offset": "0"},
    )
    assert response.status_code == 415


def test_too_long_uploads_are_413(app, client, inspector_h, photo_bytes):
    over = client.post(
        f"{API}/uploads",
        headers={**inspector_h, **TUS, "Upload-Length": str(20 * 1024 * 1024 + 1)},
    )
    assert over.status_code == 413
    location = create(client, inspector_h, 100)
    assert patch(client, inspector_h, location, 0, photo_bytes[:101]).status_code == 413
    assert head(client, inspector_h, location).headers["Upload-Offset"] == "0"


@pytest.mark.parametrize(
    "make",
    [lambda: jpeg((800, 600))[:7000], gif, lambda: b"plain text, not a photo " * 10],
    ids=["truncated_jpeg", "gif", "text"],
)
def test_bad_photo_fails_the_final_patch_like_post(app, client, inspector_h, make):
    data = make()
    posted = upload(client, inspector_h, data)
    location = create(client, inspector_h, len(data))
    final = patch(client, inspector_h, location, 0, data)
    assert final.status_code == posted.status_code
    assert final.status_code in (415, 422)
    assert final.json == posted.json
    assert "Photo-Id" not in final.headers
    assert head(client, inspector_h, location).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 0
    assert stored_files(app) == []
    assert partial_files(app) == []


def test_uploads_are_private_to_their_owner(client, inspector_h, manager_h, photo_bytes):
    location = create(client, inspector_h, len(photo_bytes))
    assert head(client, manager_h, location).status_code == 404
    assert patch(client, manager_h, location, 0, photo_bytes[:10]).status_code == 404
    assert head(client, {}, location).status_code == 401
    assert patch(client, {}, location, 0, photo_bytes[:10]).status_code == 401
    assert client.post(f"{API}/uploads", headers={**TUS, "Upload-Length": "10"}).status_code == 401


def test_metadata_is_kept_and_echoed(client, inspector_h, photo_bytes):
    name = base64.b64encode("现场照片.jpg".encode()).decode()
    location = create(
        client,
        inspector_h,
        len(photo_bytes),
        **{"Upload-Metadata": f"filename {name},is_confidential"},
    )
    echoed = head(client, inspector_h, location).headers["Upload-Metadata"]
    assert echoed == f"filename {name},is_confidential"
    bad = client.post(
        f"{API}/uploads",
        headers={**inspector_h, **TUS, "Upload-Length": "10", "Upload-Metadata": "k not-base64!"},
    )
    assert bad.status_code == 400


def test_stale_partial_uploads_expire(app, client, inspector_h, photo_bytes):
    stale = create(client, inspector_h, len(photo_bytes))
    patch(client, inspector_h, stale, 0, photo_bytes[:500])
    done = create(client, inspector_h, len(photo_bytes))
    assert patch(client, inspector_h, done, 0, photo_bytes).status_code == 204
    # a part whose upload row never committed (a crash between the two)
    orphan = "partial/00000000-0000-4000-8000-000000000000/000000000000-0a1b2c3d4e5f"
    get_storage().put_bytes(orphan, b"x", content_type="application/octet-stream")
    hours = app.config["UPLOAD_EXPIRY_HOURS"]
    import os

    old = (datetime.now(UTC) - timedelta(hours=hours + 1)).timestamp()
    os.utime(get_storage().path_for(orphan), (old, old))

    removed = run_job("remove_stale_uploads", datetime.now(UTC))
    assert removed == 1  # the orphan; the uploads are still young
    later = datetime.now(UTC) + timedelta(hours=hours + 1)
    assert run_job("remove_stale_uploads", later) == 2
    assert head(client, inspector_h, stale).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 0
    assert partial_files(app) == []
    # the photo made by the finished upload is not the upload's to remove
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 1


def test_expired_upload_refuses_more_bytes(app, client, inspector_h, photo_bytes):
    location = create(client, inspector_h, len(photo_bytes))
    import time_machine

    hours = app.config["UPLOAD_EXPIRY_HOURS"]
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=hours + 1)):
        assert patch(client, inspector_h, location, 0, photo_bytes[:10]).status_code == 404
