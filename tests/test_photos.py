"""Photo evidence through the HTTP API: upload, the bad-file corpus, orientation, metadata
stripping, dedupe, serving and scoping, attachment, the submit check, provenance flags,
the clean-up and ``flask photos verify``. Every image is made here with Pillow."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageOps
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.jobs.lock import run_job
from inspect_app.models import HazardEvent, Photo, PhotoAttachment
from inspect_app.photos import storage_keys, upkeep
from inspect_app.principal import Principal
from tests.conftest import new_id
from tests.helpers import answers_for, draft_body

API = "/api/v1"

# --- making images ---------------------------------------------------------------------

RED, GREEN, BLUE, YELLOW = (230, 20, 20), (20, 200, 20), (20, 20, 230), (240, 220, 10)

# EXIF orientation o: how the stored pixels relate to the upright picture (EXIF 2.3,
# "0th row / 0th column"), written out here rather than borrowed from the code under test.
STORED_FROM_UPRIGHT = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,  # 0th row top, 0th column right
    3: Image.Transpose.ROTATE_180,  # bottom, right
    4: Image.Transpose.FLIP_TOP_BOTTOM,  # bottom, left
    5: Image.Transpose.TRANSPOSE,  # left, top
    6: Image.Transpose.ROTATE_90,  # right, top: the right edge is stored as row 0
    7: Image.Transpose.TRANSVERSE,  # right, bottom
    8: Image.Transpose.ROTATE_270,  # left, bottom
}


def exif_block(
    *,
    orientation: int | None = None,
    gps: tuple[float, float] | None = None,
    taken: str | None = "2026:11:20 09:45:10",
    offset: str | None = "+08:00",
    make: str | None = "HUAWEI",
    model: str | None = "Mate 60 Pro",
) -> Image.Exif:
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if make:
        exif[ExifTags.Base.Make] = make
    if model:
        exif[ExifTags.Base.Model] = model
    if taken:
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        sub[ExifTags.Base.DateTimeOriginal] = taken
        if offset:
            sub[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps:
        lat, lon = gps
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N" if lat >= 0 else "S"
        gps_ifd[ExifTags.GPS.GPSLatitude] = _dms(abs(lat))
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
        gps_ifd[ExifTags.GPS.GPSLongitude] = _dms(abs(lon))
    return exif


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 4)
    return (float(degrees), float(minutes), seconds)


def scene(size=(640, 480), seed: int = 0) -> Image.Image:
    """A picture with some texture, so that files differ by seed and compress realistically."""
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise((max(1, size[0] // 8), max(1, size[1] // 8)), 40 + seed)
    noise = noise.resize(size)
    return Image.merge("RGB", (gradient, noise, Image.blend(gradient, noise, 0.5)))


def encode(image: Image.Image, fmt: str = "JPEG", **params) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        params.setdefault("quality", 92)
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def jpeg(size=(640, 480), seed: int = 0, exif: Image.Exif | None = None, **params) -> bytes:
    if exif is not None:
        params["exif"] = exif.tobytes()
    return encode(scene(size, seed), "JPEG", **params)


def quadrants(size=(240, 160)) -> Image.Image:
    """Upright reference: red, green / blue, yellow."""
    w, h = size
    image = Image.new("RGB", size, RED)
    image.paste(GREEN, (w // 2, 0, w, h // 2))
    image.paste(BLUE, (0, h // 2, w // 2, h))
    image.paste(YELLOW, (w // 2, h // 2, w, h))
    return image


def assert_quadrants(image: Image.Image) -> None:
    """The four colours sit where they do in the upright reference."""
    w, h = image.size
    image = image.convert("RGB")
    for (fx, fy), expected in (
        ((0.25, 0.25), RED),
        ((0.75, 0.25), GREEN),
        ((0.25, 0.75), BLUE),
        ((0.75, 0.75), YELLOW),
    ):
        actual = image.getpixel((int(w * fx), int(h * fy)))
        assert all(abs(a - e) < 40 for a, e in zip(actual, expected, strict=True)), (
            (fx, fy),
            actual,
            expected,
        )


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims a huge image (a decompression bomb's calling card)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_huge_exif(segments: int = 20) -> bytes:
    """A valid small JPEG whose APP1 Exif segments add up to over a megabyte."""
    body = jpeg((64, 48))
    payload = b"Exif\x00\x00" + b"II*\x00\x08\x00\x00\x00" + b"\x00" * 65000
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return body[:2] + app1 * segments + body[2:]


def gif() -> bytes:
    return encode(Image.new("P", (16, 16), 1), "GIF")


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10" fill="red"/></svg>'
)


def segments_before_scan(data: bytes) -> list[int]:
    """JPEG markers up to the start of scan (to see what metadata a file carries)."""
    assert data[:2] == b"\xff\xd8"
    markers, position = [], 2
    while position < len(data):
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return markers


# --- helpers -----------------------------------------------------------------------------


BOUNDARY = "photo-evidence-boundary-7MA4YWxkTrZu0gW"


def multipart(data: bytes, name: str = "photo.jpg", mimetype: str = "image/jpeg") -> bytes:
    """The request body, made here: the test client spools bodies over 500 KB to a temporary
    file that it never closes (a ResourceWarning, not ours)."""
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: {mimetype}\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def upload(client, headers, data: bytes, name: str = "photo.jpg", mimetype="image/jpeg"):
    return client.post(
        f"{API}/photos",
        data=multipart(data, name, mimetype),
        headers=headers,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


def stored_files(app) -> list[Path]:
    root = Path(app.config["STORAGE_URL"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def photo_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Photo))


def get(client, url, headers, **kwargs):
    """Buffered: the body is read whole and the streamed file closed, as a server would."""
    return client.get(url, headers=headers, buffered=True, **kwargs)


def fetch_image(client, headers, url) -> Image.Image:
    response = get(client, url, headers)
    assert response.status_code == 200, response.data[:300]
    return Image.open(io.BytesIO(response.data))


# --- upload and the evidence record ------------------------------------------------------


def test_upload_records_hash_size_exif_time_gps_and_device(app, client, inspector_h):
    data = jpeg((800, 600), exif=exif_block(gps=(31.0400, 121.2200)))
    response = upload(client, inspector_h, data)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert (body["content_type"], body["format"]) == ("image/jpeg", "JPEG")
    assert (body["width"], body["height"], body["bytes"]) == (800, 600, len(data))
    assert body["taken_at"] == "2026-11-20T01:45:10+00:00"  # 09:45:10 +08:00
    assert body["gps"] == pytest.approx({"lat": 31.04, "lon": 121.22}, abs=1e-5)
    assert (body["device_make"], body["device_model"]) == ("HUAWEI", "Mate 60 Pro")
    assert body["url"] == f"{API}/photos/{body['id']}"
    assert body["thumbnail_url"] == f"{API}/photos/{body['id']}/thumbnail"
    assert photo_count() == 1
    names = {p.name for p in stored_files(app)}
    assert names == {body["sha256"], f"{body['sha256']}.jpg"}  # original; display + thumb
    assert len(stored_files(app)) == 3


def test_capture_time_without_offset_is_local_time(client, inspector_h):
    data = jpeg(exif=exif_block(taken="2026:11:20 09:45:10", offset=None))
    assert upload(client, inspector_h, data).json["taken_at"] == "2026-11-20T01:45:10+00:00"


def test_photo_without_exif_has_null_time_and_gps(client, inspector_h):
    body = upload(client, inspector_h, jpeg()).json
    assert (body["taken_at"], body["gps"], body["device_model"]) == (None, None, None)


def test_same_bytes_again_return_the_same_photo(client, inspector_h, bureau_h):
    data = jpeg(seed=3)
    first = upload(client, inspector_h, data, name="a.jpg")
    again = upload(client, inspector_h, data, name="b.jpeg")
    by_official = upload(client, bureau_h, data)
    assert (first.status_code, again.status_code, by_official.status_code) == (201, 200, 200)
    assert first.json["id"] == again.json["id"] == by_official.json["id"]
    assert photo_count() == 1


def test_bytes_a_manager_may_not_see_make_a_record_of_its_own(
    client, inspector, inspector_h, manager, manager_h, make_institution
):
    """Identical to another institution's evidence: a new record of the manager's own
    (201, a new id, its own name and time) sharing the stored file; nothing tells the
    manager that the picture is known elsewhere."""
    data = jpeg(seed=3, exif=exif_block(gps=(31.03, 121.22)))
    theirs = upload(client, inspector_h, data).json
    _draft_with_photo(client, inspector_h, make_institution().id, theirs["id"])
    mine = upload(client, manager_h, data)
    assert mine.status_code == 201
    assert mine.json["id"] != theirs["id"]
    assert mine.json["sha256"] == theirs["sha256"]
    assert photo_count() == 2
    info = client.get(f"{API}/photos/{mine.json['id']}/info", headers=manager_h).json
    assert info["uploaded_by_id"] == manager.id != inspector.id
    assert info["uploaded_at"] != theirs["uploaded_at"]
    assert info["attachments"] == []
    assert client.get(f"{API}/photos/{theirs['id']}", headers=manager_h).status_code == 404
    assert client.get(f"{API}/photos/{theirs['id']}/info", headers=manager_h).status_code == 404
    # The manager's own picture, shown from the shared file.
    shown = get(client, f"{API}/photos/{mine.json['id']}", manager_h)
    assert shown.status_code == 200 and shown.data[:2] == b"\xff\xd8"
    # Again: the same (own) record. The inspector still gets the first one.
    again = upload(client, manager_h, data)
    assert (again.status_code, again.json["id"]) == (200, mine.json["id"])
    assert upload(client, inspector_h, data).json["id"] == theirs["id"]
    assert photo_count() == 2


def test_uploading_again_restores_lost_files(app, client, inspector_h, runner):
    data = jpeg(seed=13)
    body = upload(client, inspector_h, data).json
    for variant in ("original", "display"):
        (
            Path(app.config["STORAGE_URL"]) / storage_keys.storage_key(body["sha256"], variant)
        ).unlink()
    assert runner.invoke(args=["photos", "verify"]).exit_code == 1
    again = upload(client, inspector_h, data)
    assert (again.status_code, again.json["id"]) == (200, body["id"])
    assert runner.invoke(args=["photos", "verify"]).exit_code == 0
    assert get(client, body["url"], inspector_h).status_code == 200


def test_make_photo_fixture_gives_a_usable_photo(client, inspector, inspector_h, make_photo):
    photo_id = make_photo(inspector, color=(1, 2, 3))
    assert make_photo(inspector, color=(1, 2, 3)) == photo_id
    assert get(client, f"{API}/photos/{photo_id}", inspector_h).status_code == 200


def test_type_comes_from_the_bytes_not_the_name(client, inspector_h):
    response = upload(client, inspector_h, encode(scene(), "PNG"), name="x.jpg", mimetype="a/b")
    assert response.status_code == 201
    assert response.json["content_type"] == "image/png"


@pytest.mark.parametrize(
    ("fmt", "params", "content_type"),
    [
        ("PNG", {}, "image/png"),
        ("WEBP", {"quality": 80}, "image/webp"),
        ("HEIF", {"quality": 60}, "image/heic"),
    ],
)
def test_png_webp_and_heic_are_accepted(client, inspector_h, fmt, params, content_type):
    exif = exif_block(gps=(31.1, 121.3)).tobytes()
    data = encode(scene((320, 240)), fmt, exif=exif, **params)
    response = upload(client, inspector_h, data, name="photo.bin")
    assert response.status_code == 201, response.json
    assert response.json["content_type"] == content_type
    assert (response.json["width"], response.json["height"]) == (320, 240)
    assert response.json["gps"] == pytest.approx({"lat": 31.1, "lon": 121.3}, abs=1e-5)
    display = fetch_image(client, inspector_h, response.json["url"])
    assert display.format == "JPEG"
    assert display.size == (320, 240)


def test_png_with_transparency_is_flattened_on_white(client, inspector_h):
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image.paste((0, 0, 255, 255), (0, 0, 20, 40))
    response = upload(client, inspector_h, encode(image, "PNG"))
    display = fetch_image(client, inspector_h, response.json["url"]).convert("RGB")
    assert display.getpixel((30, 20)) == pytest.approx((255, 255, 255), abs=3)
    assert display.getpixel((5, 20))[2] > 200


# --- the bad-file corpus -----------------------------------------------------------------

BAD_FILES = {
    "zero_bytes": (lambda: b"", "photo.jpg", 422),
    "text_named_jpg": (lambda: "这不是照片 / not a photo\n".encode() * 20, "photo.jpg", 415),
    "truncated_jpeg": (lambda: jpeg((800, 600))[:6000], "photo.jpg", 422),
    "png_claiming_40000x40000": (lambda: png_claiming(40000, 40000), "photo.png", 422),
    "gif": (gif, "photo.gif", 415),
    "svg": (lambda: SVG, "photo.svg", 415),
    "jpeg_with_huge_exif": (jpeg_with_huge_exif, "photo.jpg", 422),
    "jpeg_without_its_end": (lambda: jpeg((800, 600))[:-400], "photo.jpg", 422),
    "random_bytes_after_jpeg_magic": (lambda: b"\xff\xd8\xff\xe0" + b"\x17" * 500, "p.jpg", 422),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_refused_with_a_message_and_leaves_nothing(app, client, inspector_h, name):
    make, filename, status = BAD_FILES[name]
    response = upload(client, inspector_h, make(), name=filename)
    assert response.status_code == status, response.json
    assert response.json["code"] == status
    message = response.json["message"]  # Chinese / English, for people
    assert "/" in message and any("\u4e00" <= c <= "\u9fff" for c in message)
    assert response.json["errors"]["file"]
    assert photo_count() == 0
    assert stored_files(app) == []


def test_truncated_jpeg_passes_verify_but_not_the_pipeline(client, inspector_h):
    """Image.verify() checks nothing for JPEG; the reduced decode catches the cut."""
    cut = jpeg((800, 600))[:6000]
    Image.open(io.BytesIO(cut)).verify()  # no complaint
    response = upload(client, inspector_h, cut)
    assert response.status_code == 422
    assert "损坏或不完整" in response.json["message"]


def test_too_many_pixels_names_the_size_and_the_limit(app, client, inspector_h):
    app.config["PHOTO_MAX_PIXELS"] = 10_000
    response = upload(client, inspector_h, jpeg((200, 100)))
    assert response.status_code == 422
    assert "200x100" in response.json["message"]
    assert "0.01 megapixels" in response.json["message"]


def test_file_over_the_limit_is_413(app, client, inspector_h):
    data = jpeg((400, 300))
    app.config["PHOTO_MAX_BYTES"] = len(data) - 1
    response = upload(client, inspector_h, data)
    assert response.status_code == 413
    assert "MB" in response.json["message"]
    assert photo_count() == 0
    assert stored_files(app) == []


def test_body_far_over_the_limit_is_refused_before_it_is_read(app, client, inspector_h):
    app.config["PHOTO_MAX_BYTES"] = 100_000
    response = upload(client, inspector_h, b"\xff\xd8\xff" + b"\0" * 400_000)
    assert response.status_code == 413
    assert response.json["code"] == 413
    assert photo_count() == 0


def test_upload_above_the_json_limit_is_allowed(app, client, inspector_h):
    """The app refuses JSON bodies over 2 MB; the upload route raises its own limit."""
    data = jpeg((1600, 1200), quality=100, subsampling=0)
    data += b"\0" * max(0, app.config["MAX_CONTENT_LENGTH"] + 1000 - len(data))
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]
    response = upload(client, inspector_h, data)
    assert response.status_code == 201, response.json


def test_missing_file_field_is_422(client, inspector_h):
    response = client.post(
        f"{API}/photos", data={}, headers=inspector_h, content_type="multipart/form-data"
    )
    assert response.status_code == 422


# --- derivatives -------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(app, client, inspector_h, orientation):
    # big enough that the JPEG is decoded at half scale and then resized
    app.config.update(PHOTO_DISPLAY_MAX_PX=700, PHOTO_THUMB_MAX_PX=120)
    upright = quadrants((1600, 1000))
    transpose = STORED_FROM_UPRIGHT[orientation]
    stored = upright if transpose is None else upright.transpose(transpose)
    data = encode(stored, "JPEG", exif=exif_block(orientation=orientation).tobytes())
    assert ImageOps.exif_transpose(Image.open(io.BytesIO(data))).size == (1600, 1000)

    body = upload(client, inspector_h, data).json
    assert (body["width"], body["height"]) == (1600, 1000)
    display = fetch_image(client, inspector_h, body["url"])
    assert display.size[0] == 700 and abs(display.size[1] - 438) <= 1
    assert_quadrants(display)
    thumb = fetch_image(client, inspector_h, body["thumbnail_url"])
    assert thumb.size[0] == 120 and abs(thumb.size[1] - 75) <= 1
    assert_quadrants(thumb)


def test_display_and_thumbnail_carry_no_metadata_and_the_original_is_untouched(client, inspector_h):
    exif = exif_block(orientation=6, gps=(31.0312, 121.2277))
    data = jpeg(
        (3000, 2000),
        exif=exif,
        icc_profile=b"\0" * 600,
        comment=b"site visit 2026-11-20",
    )
    body = upload(client, inspector_h, data).json
    assert (body["width"], body["height"]) == (2000, 3000)
    for url, limit in ((body["url"], 2048), (body["thumbnail_url"], 400)):
        raw = get(client, url, inspector_h).data
        image = Image.open(io.BytesIO(raw))
        assert max(image.size) <= limit
        assert image.size[1] > image.size[0]  # portrait: the rotation is in the pixels
        assert not image.getexif()
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
        # nothing but the JFIF header, tables and frame before the scan: no APP1 .. APP15
        assert not [m for m in segments_before_scan(raw) if 0xE1 <= m <= 0xEF or m == 0xFE]
        assert b"Exif" not in raw and b"HUAWEI" not in raw
    original = get(client, f"{API}/photos/{body['id']}/original", inspector_h)
    assert original.data == data
    assert hashlib.sha256(original.data).hexdigest() == body["sha256"]
    kept = Image.open(io.BytesIO(original.data)).getexif()
    assert kept.get_ifd(ExifTags.IFD.GPSInfo)
    assert kept[ExifTags.Base.Orientation] == 6


def test_small_photo_is_not_enlarged(client, inspector_h):
    body = upload(client, inspector_h, jpeg((300, 200))).json
    assert fetch_image(client, inspector_h, body["url"]).size == (300, 200)
    assert fetch_image(client, inspector_h, body["thumbnail_url"]).size == (300, 200)


# --- serving -----------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["", "/thumbnail", "/original"])
def test_images_are_served_with_type_etag_and_long_caching(client, inspector_h, variant):
    data = encode(scene((500, 400)), "PNG")
    body = upload(client, inspector_h, data).json
    url = f"{API}/photos/{body['id']}{variant}"
    response = get(client, url, inspector_h)
    assert response.status_code == 200
    expected_type = "image/png" if variant == "/original" else "image/jpeg"
    assert response.mimetype == expected_type
    assert response.headers["Content-Length"] == str(len(response.data))
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    etag = response.headers["ETag"]
    again = get(client, url, {**inspector_h, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag


def test_each_variant_has_its_own_etag(client, inspector_h):
    body = upload(client, inspector_h, jpeg()).json
    etags = {
        get(client, f"{API}/photos/{body['id']}{v}", inspector_h).headers["ETag"]
        for v in ("", "/thumbnail", "/original")
    }
    assert len(etags) == 3


def test_unknown_photo_is_404(client, inspector_h):
    assert client.get(f"{API}/photos/{new_id()}", headers=inspector_h).status_code == 404


# --- attachment, scoping and the submit check --------------------------------------------


def _draft_with_photo(client, inspector_h, institution_id, photo_id, code="F-01"):
    inspection_id = new_id()
    url = f"{API}/inspections/{inspection_id}"
    assert client.put(url, json=draft_body(institution_id), headers=inspector_h).status_code == 201
    answers = [{"checklist": "fire", "item_code": code, "result": "fail", "photo_ids": [photo_id]}]
    response = client.put(f"{url}/answers", json=answers, headers=inspector_h)
    assert response.status_code == 200, response.json
    return inspection_id


@pytest.fixture
def scoped(client, inspector_h, institution, make_institution, make_user, token_for):
    """An inspector's photo on an inspection of ``institution``; managers here and elsewhere."""
    photo_id = upload(client, inspector_h, jpeg(seed=7)).json["id"]
    _draft_with_photo(client, inspector_h, institution.id, photo_id)
    other = make_institution()
    return {
        "photo_id": photo_id,
        "own_manager": token_for(make_user("manager", institution_id=institution.id)),
        "other_manager": token_for(make_user("manager", institution_id=other.id)),
    }


@pytest.mark.parametrize(
    ("who", "display", "original"),
    [
        ("inspector", 200, 200),
        ("bureau", 200, 200),
        ("own_manager", 200, 403),
        ("other_manager", 404, 404),
        ("nobody", 401, 401),
    ],
)
def test_who_sees_a_photo(client, scoped, inspector_h, bureau_h, who, display, original):
    headers = {
        "inspector": inspector_h,
        "bureau": bureau_h,
        "own_manager": scoped["own_manager"],
        "other_manager": scoped["other_manager"],
        "nobody": {},
    }[who]
    base = f"{API}/photos/{scoped['photo_id']}"
    assert get(client, base, headers).status_code == display
    assert get(client, f"{base}/thumbnail", headers).status_code == display
    assert get(client, f"{base}/info", headers).status_code == display
    assert get(client, f"{base}/original", headers).status_code == original


def test_manager_sees_own_unattached_upload_but_not_anothers(
    client, manager_h, make_institution, make_user, token_for
):
    other = token_for(make_user("manager", institution_id=make_institution().id))
    photo_id = upload(client, manager_h, jpeg(seed=11)).json["id"]
    assert client.get(f"{API}/photos/{photo_id}", headers=manager_h).status_code == 200
    assert client.get(f"{API}/photos/{photo_id}", headers=other).status_code == 404


def test_answers_naming_unknown_photos_are_refused_whole(client, inspector_h, institution):
    inspection_id = new_id()
    url = f"{API}/inspections/{inspection_id}"
    client.put(url, json=draft_body(institution.id), headers=inspector_h)
    ghost = new_id()
    answers = [
        {"checklist": "fire", "item_code": "F-02", "result": "pass"},
        {"checklist": "fire", "item_code": "F-01", "result": "fail", "photo_ids": [ghost]},
    ]
    response = client.put(f"{url}/answers", json=answers, headers=inspector_h)
    assert response.status_code == 422
    assert ghost in response.json["errors"]["1.fire:F-01"][0]
    assert client.get(url, headers=inspector_h).json["answers"] == []


def test_attached_photo_records_the_answer_and_is_idempotent(client, inspector_h, institution):
    photo_id = upload(client, inspector_h, jpeg(seed=5)).json["id"]
    inspection_id = _draft_with_photo(client, inspector_h, institution.id, photo_id)
    _again = client.put(
        f"{API}/inspections/{inspection_id}/answers",
        json=[
            {"checklist": "fire", "item_code": "F-01", "result": "fail", "photo_ids": [photo_id]}
        ],
        headers=inspector_h,
    )
    rows = db.session.scalars(select(PhotoAttachment)).all()
    assert len(rows) == 1
    assert (rows[0].institution_id, str(rows[0].inspection_id)) == (institution.id, inspection_id)
    assert (rows[0].checklist_key, rows[0].item_code) == ("fire", "F-01")


def test_submit_requires_a_photo_on_failed_items_that_need_one(client, inspector_h, institution):
    inspection_id = new_id()
    url = f"{API}/inspections/{inspection_id}"
    client.put(url, json=draft_body(institution.id), headers=inspector_h)
    answers = answers_for(institution.id, fail={"F-01", "F-04"})
    for answer in answers:
        answer["photo_ids"] = []
    assert client.put(f"{url}/answers", json=answers, headers=inspector_h).status_code == 200
    refused = client.post(f"{url}/submit", headers=inspector_h)
    assert refused.status_code == 422
    assert refused.json["errors"]["photo_required"] == ["fire:F-01", "fire:F-04"]
    assert client.get(url, headers=inspector_h).json["status"] == "draft"

    photo_id = upload(client, inspector_h, jpeg(seed=9)).json["id"]
    fixed = [
        {"checklist": "fire", "item_code": code, "result": "fail", "photo_ids": [photo_id]}
        for code in ("F-01", "F-04")
    ]
    assert client.put(f"{url}/answers", json=fixed, headers=inspector_h).status_code == 200
    submitted = client.post(f"{url}/submit", headers=inspector_h)
    assert submitted.status_code == 200, submitted.json
    found = db.session.scalars(select(HazardEvent).where(HazardEvent.type == "found")).all()
    assert all(event.photo_ids == [photo_id] for event in found)


def test_failed_item_without_photo_requirement_submits_without_one(
    client, inspector_h, institution
):
    from inspect_app.checklists import versions as checklist_versions

    items = checklist_versions.items_by_code(checklist_versions.latest_version("food"))
    answers = answers_for(institution.id, ["food"])
    code = next(
        a["item_code"] for a in answers if not items[a["item_code"]]["photo_required_on_fail"]
    )
    inspection_id = new_id()
    url = f"{API}/inspections/{inspection_id}"
    client.put(url, json=draft_body(institution.id, ["food"]), headers=inspector_h)
    answers = answers_for(institution.id, ["food"], fail={code})
    assert client.put(f"{url}/answers", json=answers, headers=inspector_h).status_code == 200
    assert client.post(f"{url}/submit", headers=inspector_h).status_code == 200


# --- provenance flags --------------------------------------------------------------------


def test_provenance_flags_on_attachment(client, inspector_h, make_institution):
    institution = make_institution(lat=31.0300, lon=121.2200)
    # started 2026-11-20 09:30 UTC; taken three days later, about 5 km away
    far = jpeg(seed=21, exif=exif_block(taken="2026:11:23 17:30:00", gps=(31.0750, 121.2200)))
    near = jpeg(seed=22, exif=exif_block(taken="2026:11:20 17:40:00", gps=(31.0305, 121.2203)))
    bare = jpeg(seed=23)
    ids = [upload(client, inspector_h, data).json["id"] for data in (far, near, bare)]
    info = [client.get(f"{API}/photos/{i}/info", headers=inspector_h).json for i in ids]
    assert all(i["flags"] == [] and i["attachments"] == [] for i in info)  # not yet attached

    for code, photo_id in zip(("F-01", "F-02", "F-03"), ids, strict=True):
        _draft_with_photo(client, inspector_h, institution.id, photo_id, code=code)
    flags = [
        {
            f["code"]: f
            for f in client.get(f"{API}/photos/{i}/info", headers=inspector_h).json["flags"]
        }
        for i in ids
    ]
    assert set(flags[0]) == {"capture_time_far", "far_from_institution"}
    assert flags[0]["capture_time_far"]["value"] == pytest.approx(72.0)
    assert 4900 < flags[0]["far_from_institution"]["value"] < 5100
    assert "米" in flags[0]["far_from_institution"]["message"]
    assert flags[1] == {}
    assert set(flags[2]) == {"no_capture_time", "no_gps"}
    detail = client.get(f"{API}/photos/{ids[0]}/info", headers=inspector_h).json
    assert detail["attachments"][0]["item_code"] == "F-01"


def test_manager_info_hides_other_institutions_uses_and_location(
    client, inspector_h, institution, make_institution, manager_h
):
    data = jpeg(seed=31, exif=exif_block(gps=(31.03, 121.22)))
    photo_id = upload(client, inspector_h, data).json["id"]
    _draft_with_photo(client, inspector_h, institution.id, photo_id)
    _draft_with_photo(client, inspector_h, make_institution().id, photo_id)
    mine = client.get(f"{API}/photos/{photo_id}/info", headers=manager_h).json
    assert [a["institution_id"] for a in mine["attachments"]] == [institution.id]
    assert mine["gps"] is None
    assert (
        len(client.get(f"{API}/photos/{photo_id}/info", headers=inspector_h).json["attachments"])
        == 2
    )


# --- hazard events (the service the hazard lifecycle calls) ------------------------------


def test_attaching_photos_to_a_hazard_event_checks_who_may_use_which_photo(
    app,
    client,
    inspector,
    inspector_h,
    manager,
    manager_h,
    institution,
    make_institution,
    make_user,
    token_for,
):
    from inspect_app.errors import InvalidInput
    from inspect_app.hazards import chain, evidence
    from inspect_app.models import Hazard
    from tests.helpers import submit_with_failures

    submit_with_failures(client, inspector_h, institution.id, ["F-02"])
    hazard = db.session.scalar(select(Hazard))
    own = upload(client, manager_h, jpeg(seed=41)).json["id"]
    stranger = token_for(make_user("manager", institution_id=make_institution().id))
    theirs = upload(client, stranger, jpeg(seed=42)).json["id"]
    event = chain.append_event(hazard, "note", Principal.of(manager), note="整改中")

    with pytest.raises(InvalidInput) as refused:
        evidence.attach_photos(Principal.of(manager), event, [own, theirs, "not-a-uuid"])
    assert theirs in refused.value.message and "not-a-uuid" in refused.value.message
    assert own not in refused.value.message

    photos = evidence.attach_photos(Principal.of(manager), event, [own])
    assert [str(p.id) for p in photos] == [own]
    evidence.attach_photos(Principal.of(manager), event, [own])  # again: no second row
    db.session.commit()
    rows = db.session.scalars(
        select(PhotoAttachment).where(PhotoAttachment.hazard_event_id == event.id)
    ).all()
    assert [(str(r.photo_id), r.hazard_id, r.institution_id) for r in rows] == [
        (own, hazard.id, institution.id)
    ]
    # attached: every manager of the institution now sees it; the inspector may use theirs
    colleague = token_for(make_user("manager", institution_id=institution.id))
    assert client.get(f"{API}/photos/{own}", headers=colleague).status_code == 200
    assert evidence.attach_photos(Principal.of(inspector), event, [theirs])


# --- clean-up ----------------------------------------------------------------------------


def test_cleanup_removes_old_unattached_photos_only(app, client, inspector_h, institution):
    old_loose = upload(client, inspector_h, jpeg(seed=51)).json
    old_attached = upload(client, inspector_h, jpeg(seed=52)).json
    _draft_with_photo(client, inspector_h, institution.id, old_attached["id"])
    later = datetime.now(UTC) + timedelta(hours=app.config["UNATTACHED_PHOTO_MAX_AGE_HOURS"] + 1)
    fresh = upload(client, inspector_h, jpeg(seed=53)).json
    db.session.execute(
        Photo.__table__.update()
        .where(Photo.id == db.bindparam("pid"))
        .values(last_uploaded_at=later - timedelta(minutes=1)),
        [{"pid": __import__("uuid").UUID(fresh["id"])}],
    )
    db.session.commit()

    assert run_job("remove_unattached_photos", later) == 1
    remaining = {str(p.id) for p in db.session.scalars(select(Photo))}
    assert remaining == {old_attached["id"], fresh["id"]}
    names = {p.name.split(".")[0] for p in stored_files(app)}
    assert old_loose["sha256"] not in names
    assert {old_attached["sha256"], fresh["sha256"]} <= names
    assert client.get(old_loose["url"], headers=inspector_h).status_code == 404
    assert run_job("remove_unattached_photos", later) == 0


def test_uploading_again_restarts_the_unattached_clock(app, client, inspector_h):
    data = jpeg(seed=61)
    first = upload(client, inspector_h, data).json
    hours = app.config["UNATTACHED_PHOTO_MAX_AGE_HOURS"]
    import time_machine

    with time_machine.travel(datetime.now(UTC) + timedelta(hours=hours - 1)):
        assert upload(client, inspector_h, data).status_code == 200
    assert upkeep.remove_unattached_photos(datetime.now(UTC) + timedelta(hours=hours + 1)) == 0
    assert client.get(first["url"], headers=inspector_h).status_code == 200


# --- flask photos verify -----------------------------------------------------------------


def test_photos_verify_reports_altered_and_missing_originals(app, client, inspector_h, runner):
    bodies = [upload(client, inspector_h, jpeg(seed=s)).json for s in (71, 72, 73)]
    ok = runner.invoke(args=["photos", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "3" in ok.output

    root = Path(app.config["STORAGE_URL"])
    altered = root / storage_keys.storage_key(bodies[0]["sha256"], "original")
    altered.write_bytes(altered.read_bytes()[:-1] + b"\x00")
    (root / storage_keys.storage_key(bodies[1]["sha256"], "original")).unlink()

    bad = runner.invoke(args=["photos", "verify"])
    assert bad.exit_code == 1, bad.output
    assert f"altered {bodies[0]['id']}" in bad.output
    assert f"missing {bodies[1]['id']}" in bad.output
    assert bodies[2]["id"] not in bad.output
