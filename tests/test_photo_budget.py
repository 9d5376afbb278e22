"""The decode budget: pixel and memory caps at upload, large pictures checked without being
decoded and their derivatives made by the job, the per-process semaphore, and 503 with
Retry-After while a derivative is pending or the budget is full. Images are made here,
small: the thresholds are lowered instead of the pictures made big."""

from __future__ import annotations

import io
import struct
import threading
import time
import zlib

import pytest
from PIL import Image
from sqlalchemy import delete

from inspect_app.errors import ServiceBusy
from inspect_app.extensions import db
from inspect_app.jobs import queue
from inspect_app.jobs.lock import run_job
from inspect_app.models import WorkItem
from inspect_app.photos import ingest, renditions
from inspect_app.photos.budget import MemoryBudget, decode_budget
from tests.test_photos import (
    API,
    encode,
    exif_block,
    get,
    photo_count,
    png_chunk,
    png_claiming,
    scene,
    stored_files,
    upload,
)

JOB = "make_photo_derivatives"


@pytest.fixture
def deferred(app):
    """Every PNG, WebP and HEIC over 10,000 pixels goes to the job, as large ones do."""
    app.config["PHOTO_INLINE_MAX_PIXELS"] = 10_000
    return app


def assert_message(response, status: int) -> None:
    assert response.status_code == status, response.json
    assert response.json["code"] == status
    message = response.json["message"]
    assert "/" in message and any("\u4e00" <= c <= "\u9fff" for c in message)


# --- the caps at upload ------------------------------------------------------------------


def test_largest_phone_photo_is_within_the_pixel_cap(app):
    assert 16320 * 12240 <= app.config["PHOTO_MAX_PIXELS"] < 16320 * 12240 * 1.01


def test_picture_over_the_pixel_cap_is_refused_without_being_decoded(app, client, inspector_h):
    response = upload(client, inspector_h, png_claiming(16400, 12300), name="p.png")
    assert_message(response, 422)
    assert "16400x12300" in response.json["message"]
    assert photo_count() == 0 and stored_files(app) == []


def test_picture_over_the_memory_budget_is_refused_with_the_estimate(app, client, inspector_h):
    app.config["PHOTO_DECODE_MEMORY_MB"] = 64
    # 3000x3000 RGB: 36 MB of pixels (Pillow holds RGB in 4 bytes) plus 33.5 MB of working copies
    response = upload(client, inspector_h, png_claiming(3000, 3000), name="p.png")
    assert_message(response, 422)
    assert "memory" in response.json["message"] and "64 MB" in response.json["message"]
    assert response.json["errors"]["file"]
    assert photo_count() == 0 and stored_files(app) == []
    # the same picture in one byte a pixel (grey) fits
    header = struct.pack(">IIBBBBB", 3000, 3000, 8, 0, 0, 0, 0)
    grey = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 3001 * 3000))
        + png_chunk(b"IEND", b"")
    )
    assert upload(client, inspector_h, grey, name="p.png").status_code == 201


# --- large pictures: checked at upload, derivatives by the job ---------------------------


@pytest.mark.parametrize(
    ("fmt", "params"), [("PNG", {}), ("HEIF", {"quality": 60}), ("WEBP", {"quality": 80})]
)
def test_large_picture_answers_201_then_its_derivatives_come_from_the_job(
    deferred, client, inspector_h, fmt, params
):
    data = encode(scene((320, 240)), fmt, exif=exif_block(orientation=6).tobytes(), **params)
    response = upload(client, inspector_h, data, name="photo.bin")
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["width"], body["height"]) == (240, 320)  # upright, from the header
    assert body["derivatives"] == "pending"
    for url in (body["url"], body["thumbnail_url"]):
        waiting = get(client, url, inspector_h)
        assert_message(waiting, 503)
        assert int(waiting.headers["Retry-After"]) > 0
    assert get(client, body["original_url"], inspector_h).data == data

    # the upload queued the work; a worker takes it
    assert queue.run_until_empty() == 1
    display = get(client, body["url"], inspector_h)
    assert display.status_code == 200 and display.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(display.data)).size == (240, 320)
    assert get(client, body["thumbnail_url"], inspector_h).status_code == 200
    info = get(client, f"{API}/photos/{body['id']}/info", inspector_h).json
    assert info["derivatives"] == "ready"
    assert (info["display_width"], info["display_height"]) == (240, 320)
    # safe to run again: nothing left to do, nothing changes
    assert run_job(JOB) == {"queued": 0}
    assert queue.run_until_empty() == 0
    assert get(client, body["url"], inspector_h).data == display.data


def test_the_job_queues_a_pending_photo_the_queue_lost(deferred, client, inspector_h):
    body = upload(client, inspector_h, _png(), name="p.png").json
    db.session.execute(delete(WorkItem))  # e.g. uploaded before the queue existed
    db.session.commit()
    assert run_job(JOB) == {"queued": 1}
    assert run_job(JOB) == {"queued": 0}
    assert queue.run_until_empty() == 1
    assert get(client, body["url"], inspector_h).status_code == 200


@pytest.mark.slow  # large data: 600 MB of pixel rows compressed here
def test_worst_case_png_is_not_decoded_in_the_request(app, client, inspector_h, monkeypatch):
    """A blank picture at the pixel cap: tiny on the wire, 800 MB decoded. The upload only
    walks its chunks; the decode is the job's (not run here: it is the bench's)."""
    side = 14142  # 200 MP
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + 3 * side)
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )

    def no_decode(*args):
        raise AssertionError("decoded in the request")

    monkeypatch.setattr(renditions, "decode", no_decode)
    response = upload(client, inspector_h, data, name="p.png")
    assert response.status_code == 201, response.json
    assert (response.json["width"], response.json["height"]) == (side, side)
    assert response.json["derivatives"] == "pending"


def test_the_job_marks_a_picture_damaged_beyond_its_checksums(deferred, client, inspector_h):
    """CRCs that add up over a deflate stream that does not: only a decode can tell."""
    header = struct.pack(">IIBBBBB", 200, 200, 8, 2, 0, 0, 0)
    whole = zlib.compress(b"\x00" * 601 * 200)
    bad_stream = whole[: len(whole) // 2]  # cut short, then given a CRC that adds up
    data = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", bad_stream)
        + png_chunk(b"IEND", b"")
    )
    body = upload(client, inspector_h, data, name="p.png").json
    assert body["derivatives"] == "pending"
    assert queue.run_until_empty() == 1
    assert_message(get(client, body["url"], inspector_h), 422)
    assert get(client, body["original_url"], inspector_h).data == data  # evidence kept


def _heic() -> bytes:
    return encode(scene((320, 240)), "HEIF", quality=60)


def _png() -> bytes:
    return encode(scene((320, 240)), "PNG")


def _cut(data: bytes, keep: float | None = None, drop: int = 0) -> bytes:
    """One encoding, cut (two encodings of a HEIC need not have the same length)."""
    return data[: int(len(data) * keep)] if keep is not None else data[: len(data) - drop]


def _flip(data: bytes, at: float) -> bytes:
    position = int(len(data) * at)
    return data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1 :]


BROKEN = {
    "png_cut_in_half": lambda: _cut(_png(), keep=0.5),
    "png_without_iend": lambda: _png()[:-12],
    "png_with_a_flipped_byte": lambda: _flip(_png(), 0.6),
    "png_without_idat": lambda: _png()[:33] + png_chunk(b"IEND", b""),
    "heic_cut": lambda: _cut(_heic(), drop=200),
    "heic_cut_in_half": lambda: _cut(_heic(), keep=0.5),
    "webp_cut": lambda: encode(scene((320, 240)), "WEBP")[:-100],
}


@pytest.mark.parametrize("inline", [True, False], ids=["small", "large"])
@pytest.mark.parametrize("name", list(BROKEN))
def test_truncated_or_corrupt_picture_is_422_at_upload(app, client, inspector_h, name, inline):
    if not inline:
        app.config["PHOTO_INLINE_MAX_PIXELS"] = 10_000
    response = upload(client, inspector_h, BROKEN[name](), name="photo.bin")
    assert_message(response, 422)
    assert response.json["errors"]["file"]
    assert photo_count() == 0 and stored_files(app) == []


def test_bytes_after_iend_are_ignored(deferred, client, inspector_h):
    response = upload(client, inspector_h, _png() + b"trailing bytes", name="p.png")
    assert response.status_code == 201, response.json


def test_uploading_again_after_the_files_were_lost_makes_them_again(deferred, client, inspector_h):
    data = _png()
    body = upload(client, inspector_h, data, name="p.png").json
    assert queue.run_until_empty() == 1
    for path in stored_files(deferred):
        path.unlink()
    again = upload(client, inspector_h, data, name="p.png")
    assert again.status_code == 200 and again.json["derivatives"] == "pending"
    assert queue.run_until_empty() == 1  # the work item, done before, queued again
    assert get(client, body["url"], inspector_h).status_code == 200


# --- the semaphore -----------------------------------------------------------------------


def test_budget_never_lets_reservations_exceed_it():
    budget = MemoryBudget(100)
    inside, most, lock = [0], [0], threading.Lock()

    def decode():
        with budget.reserve(30):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.02)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=decode) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= most[0] <= 3  # 3 x 30 fit in 100, 4 do not
    assert budget.peak <= 90 and budget.used == 0
    held = [budget.reserve(30, 0) for _ in range(3)]
    for reservation in held:
        reservation.__enter__()
    with pytest.raises(ServiceBusy), budget.reserve(30, 0):
        pass
    for reservation in held:
        reservation.__exit__(None, None, None)
    assert budget.used == 0


def test_budget_gives_up_after_its_wait_and_frees_on_error():
    budget = MemoryBudget(100)
    with budget.reserve(80), pytest.raises(ServiceBusy), budget.reserve(30, timeout=0.01):
        pass
    with pytest.raises(RuntimeError), budget.reserve(100):
        raise RuntimeError("decoder failed")
    assert budget.used == 0
    with budget.reserve(100, timeout=0.01):
        pass


def test_upload_answers_503_with_retry_after_while_the_budget_is_full(
    app, client, inspector_h, monkeypatch
):
    monkeypatch.setattr(ingest, "DECODE_WAIT_SECONDS", 0.05)
    total = app.config["PHOTO_DECODE_MEMORY_MB"] * 1024 * 1024
    with decode_budget(total).reserve(total):  # another thread's decodes hold it all
        response = upload(client, inspector_h, encode(scene((64, 48)), "JPEG"))
    assert_message(response, 503)
    assert int(response.headers["Retry-After"]) > 0
    assert photo_count() == 0
    assert upload(client, inspector_h, encode(scene((64, 48)), "JPEG")).status_code == 201
