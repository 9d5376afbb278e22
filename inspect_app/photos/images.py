"""Image checks and derivatives: the type from the bytes, one reduced decode, no metadata out.

The order matters for speed (see PERFORMANCE.md): a JPEG is decoded once, at the smallest
DCT scale that still gives a display-sized picture (``draft()``); the display copy and the
thumbnail both come from that one decode, and they are rotated upright only after they were
made small. The decode is also the integrity check: ``Image.verify()`` passes a JPEG cut in
half, a real decode does not.
"""

from __future__ import annotations

import io
import logging
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import BinaryIO

import pillow_heif
from PIL import ExifTags, Image, UnidentifiedImageError

from inspect_app.errors import InvalidInput

pillow_heif.register_heif_opener()

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
HEIF_GENERIC_BRANDS = {b"mif1", b"msf1"}

# A reduced JPEG decode may come out a little under the display size (4000 px / 2 = 2000
# px for a 2048 px target): accept down to this fraction of it rather than decode in full.
DRAFT_TOLERANCE = 0.9
DISPLAY_QUALITY = 85
THUMB_QUALITY = 80

# EXIF orientation -> the transpose that makes the pixels upright.
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

UNSUPPORTED = (
    "不支持的文件类型，请上传 JPEG、PNG、WebP 或 HEIC 照片 / "
    "Not an accepted image type: upload a JPEG, PNG, WebP or HEIC photo"
)
EMPTY = "文件为空 / The file is empty"
DAMAGED = (
    "照片文件已损坏或不完整，请重新拍摄或上传 / "
    "The photo file is damaged or incomplete: take or upload it again"
)


def _reject(message: str) -> InvalidInput:
    return InvalidInput(message, {"file": [message]})


def detect_format(head: bytes) -> str | None:
    """The format named by the file's first bytes, if it is one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if len(head) >= 16 and head[4:8] == b"ftyp":
        box_size = int.from_bytes(head[:4], "big")
        major = head[8:12]
        brands = {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
        if major in HEIF_BRANDS or (major in HEIF_GENERIC_BRANDS and brands & HEIF_BRANDS):
            return "HEIF"
    return None


@dataclass(frozen=True)
class Metadata:
    taken_at: datetime | None = None
    taken_at_exif: str | None = None
    gps_lat: float | None = None
    gps_lon: float | None = None
    make: str | None = None
    model: str | None = None
    orientation: int = 1


@dataclass(frozen=True)
class Rendition:
    data: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"


@dataclass(frozen=True)
class Processed:
    format: str
    content_type: str
    width: int  # upright
    height: int
    metadata: Metadata
    display: Rendition
    thumbnail: Rendition


@dataclass(frozen=True)
class Limits:
    max_pixels: int
    max_metadata_bytes: int
    display_px: int
    thumb_px: int


def process(source: BinaryIO, fmt: str, limits: Limits, local_zone: tzinfo) -> Processed:
    """Check the image, read its metadata and make both derivatives, or raise
    ``InvalidInput`` (422) with a message a person understands."""
    try:
        image = Image.open(source, formats=[fmt])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(None, limits) from None
    except UnidentifiedImageError:
        raise _reject(DAMAGED) from None
    except Exception as error:  # a malformed header can fail in many ways
        log.info("photo rejected at open: %r", error)
        raise _reject(DAMAGED) from None
    with image:
        width, height = image.size
        if width < 1 or height < 1:
            raise _reject(DAMAGED)
        if width * height > limits.max_pixels:
            raise _too_many_pixels((width, height), limits)
        _check_metadata_size(image, limits.max_metadata_bytes)
        metadata = read_metadata(image, local_zone)
        try:
            decoded = _decode(image, fmt, limits.display_px)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels((width, height), limits) from None
        except Exception as error:  # truncated or corrupt data: the decoder says so
            log.info("photo rejected at decode: %r", error)
            raise _reject(DAMAGED) from None
        display, thumbnail = _derivatives(decoded, metadata.orientation, limits)
    if metadata.orientation in (5, 6, 7, 8):
        width, height = height, width
    return Processed(
        format=fmt,
        content_type=CONTENT_TYPES[fmt],
        width=width,
        height=height,
        metadata=metadata,
        display=display,
        thumbnail=thumbnail,
    )


def _too_many_pixels(size: tuple[int, int] | None, limits: Limits) -> InvalidInput:
    limit = limits.max_pixels / 1_000_000
    shown = f"{size[0]}×{size[1]}，" if size else ""
    shown_en = f"{size[0]}x{size[1]}; " if size else ""
    return _reject(
        f"照片像素过多（{shown}上限 {limit:g} 百万像素）/ "
        f"The photo has too many pixels ({shown_en}the limit is {limit:g} megapixels)"
    )


def _check_metadata_size(image: Image.Image, limit: int) -> None:
    applist = getattr(image, "applist", None)
    if applist is not None:  # JPEG: every APPn and COM segment before the picture
        size = sum(len(data) for _marker, data in applist)
    else:
        size = sum(len(v) for v in image.info.values() if isinstance(v, bytes | str))
    if size > limit:
        raise _reject(
            f"照片附带的元数据过大（{size // 1024} KB，上限 {limit // 1024} KB）/ "
            f"The photo carries too much embedded metadata ({size // 1024} KB; "
            f"the limit is {limit // 1024} KB)"
        )


def _decode(image: Image.Image, fmt: str, display_px: int) -> Image.Image:
    """One decode; for JPEG at the smallest DCT scale that still fills the display size."""
    if fmt == "JPEG":
        width, height = image.size
        target = min(max(width, height), display_px) * DRAFT_TOLERANCE
        for scale in (8, 4, 2):
            if max(width, height) / scale >= target:
                mode = image.mode if image.mode in ("RGB", "L") else None
                image.draft(mode, (max(1, width // scale), max(1, height // scale)))
                break
    image.load()
    return image


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        return image.convert("I").point(lambda v: v / 256).convert("L")
    return image.convert("RGB")


def _derivatives(
    decoded: Image.Image, orientation: int, limits: Limits
) -> tuple[Rendition, Rendition]:
    """Display copy and thumbnail from one decode: shrink first, rotate after.

    The display copy (the bigger job) is finished on a worker thread while this one makes
    the thumbnail: Pillow releases the GIL as it works, so on an idle core they overlap.
    """
    display = _to_rgb(decoded)
    if max(display.size) > limits.display_px:
        display.thumbnail((limits.display_px, limits.display_px), Image.Resampling.BICUBIC)
    method = TRANSPOSE.get(orientation)

    def finish(image: Image.Image, quality: int) -> Rendition:
        if method is not None:
            image = image.transpose(method)
        return _encode(image, quality)

    display_job = workers().submit(finish, display, DISPLAY_QUALITY)
    thumb = display.copy()
    # reducing_gap=1: box-reduce by a whole factor first, then a small bicubic step (3x faster
    # than the default, and as sharp as a 400 px picture needs)
    thumb.thumbnail((limits.thumb_px, limits.thumb_px), Image.Resampling.BICUBIC, reducing_gap=1.0)
    thumbnail = finish(thumb, THUMB_QUALITY)
    return display_job.result(), thumbnail


_workers: ThreadPoolExecutor | None = None
_workers_pid: int | None = None


def workers() -> ThreadPoolExecutor:
    """A few threads for work that releases the GIL (image codecs, storage I/O); made per
    process, so a forking server's workers each get their own."""
    global _workers, _workers_pid
    if _workers is None or _workers_pid != os.getpid():
        _workers, _workers_pid = ThreadPoolExecutor(4, thread_name_prefix="photo"), os.getpid()
    return _workers


def _encode(image: Image.Image, quality: int) -> Rendition:
    """A baseline JPEG with no EXIF, XMP, ICC profile or comment: nothing but pixels."""
    buffer = io.BytesIO()
    # a fresh, empty info: the JPEG writer would otherwise copy a comment from it
    image.save(buffer, "JPEG", quality=quality, comment=b"")
    return Rendition(buffer.getvalue(), image.width, image.height)


# --- EXIF ------------------------------------------------------------------------------


def read_metadata(image: Image.Image, local_zone: tzinfo) -> Metadata:
    """Capture time, GPS position, device and orientation; broken EXIF reads as none."""
    try:
        exif = image.getexif()
    except Exception as error:
        log.info("unreadable EXIF: %r", error)
        return Metadata()
    orientation = _orientation(exif)
    try:
        ifd = exif.get_ifd(ExifTags.IFD.Exif)
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception as error:
        log.info("unreadable EXIF sub-directory: %r", error)
        ifd, gps_ifd = {}, {}
    raw_time = _text(ifd.get(ExifTags.Base.DateTimeOriginal)) or _text(
        ifd.get(ExifTags.Base.DateTimeDigitized)
    )
    offset = _text(ifd.get(ExifTags.Base.OffsetTimeOriginal)) or _text(
        ifd.get(ExifTags.Base.OffsetTimeDigitized)
    )
    lat, lon = _gps(gps_ifd)
    return Metadata(
        taken_at=_capture_time(raw_time, offset, local_zone),
        taken_at_exif=(raw_time + (f" {offset}" if offset else ""))[:40] if raw_time else None,
        gps_lat=lat,
        gps_lon=lon,
        make=_text(exif.get(ExifTags.Base.Make), 100),
        model=_text(exif.get(ExifTags.Base.Model), 100),
        orientation=orientation,
    )


def _orientation(exif: Image.Exif) -> int:
    value = exif.get(ExifTags.Base.Orientation, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _text(value, limit: int = 64) -> str | None:
    """EXIF ASCII as clean text: no NULs (PostgreSQL refuses them), trimmed, bounded."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    value = value.replace("\x00", "").strip()
    return value[:limit] or None


def _capture_time(raw: str | None, offset: str | None, local_zone: tzinfo) -> datetime | None:
    """``YYYY:MM:DD HH:MM:SS`` with its EXIF offset, or in local time when it has none."""
    if not raw:
        return None
    try:
        moment = datetime.strptime(raw[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    zone = _offset(offset) or local_zone
    return moment.replace(tzinfo=zone).astimezone(UTC)


def _offset(text: str | None) -> tzinfo | None:
    if not text or len(text) != 6 or text[0] not in "+-" or text[3] != ":":
        return None
    try:
        hours, minutes = int(text[1:3]), int(text[4:6])
    except ValueError:
        return None
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _degrees(value) -> float | None:
    try:
        d, m, s = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    return result if math.isfinite(result) else None


def _gps(gps_ifd) -> tuple[float | None, float | None]:
    lat = _degrees(gps_ifd.get(ExifTags.GPS.GPSLatitude))
    lon = _degrees(gps_ifd.get(ExifTags.GPS.GPSLongitude))
    if lat is None or lon is None:
        return None, None
    if _text(gps_ifd.get(ExifTags.GPS.GPSLatitudeRef)) == "S":
        lat = -lat
    if _text(gps_ifd.get(ExifTags.GPS.GPSLongitudeRef)) == "W":
        lon = -lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None, None  # 0,0 is what some cameras write without a fix
    return round(lat, 7), round(lon, 7)


def placeholder_jpeg(seed: str, size: tuple[int, int] = (640, 480)) -> bytes:
    """A made-up but photo-like JPEG, the same for the same seed (demo data, benchmarks)."""
    import random

    from PIL import ImageDraw

    rng = random.Random(seed)
    base = tuple(rng.randrange(60, 200) for _ in range(3))
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    for _ in range(24):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randrange(20, size[0] // 2), rng.randrange(20, size[1] // 2)
        draw.rectangle((x, y, x + w, y + h), fill=tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
