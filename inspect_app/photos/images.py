"""Image checks and derivatives: the type from the bytes, one reduced decode, no metadata out.

The order matters for speed (see docs/performance.md): a JPEG is decoded once, at the smallest
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
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import BinaryIO

import pillow_heif
from PIL import ExifTags, Image, UnidentifiedImageError

from inspect_app.errors import InvalidInput
from inspect_app.photos.budget import decode_budget

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
    # None when the derivatives are left to the job (``derivatives.make_pending``)
    display: Rendition | None
    thumbnail: Rendition | None


@dataclass(frozen=True)
class Limits:
    max_pixels: int
    max_metadata_bytes: int
    display_px: int
    thumb_px: int
    # The per-process decode budget (bytes): no single decode may need more.
    decode_memory: int = 1024 * 1024 * 1024
    # PNG, WebP, HEIC (and progressive JPEG) up to this many pixels are decoded in the
    # request; larger ones only checked there, and decoded by the job.
    inline_max_pixels: int = 1_000_000
    # How long a request waits for room in the decode budget before answering 503.
    decode_wait_seconds: float = 10.0


def process(source: BinaryIO, fmt: str, limits: Limits, local_zone: tzinfo) -> Processed:
    """Check the image and read its metadata; make both derivatives now if that is cheap
    (a JPEG's reduced decode, or a small picture), else check the file's structure without
    decoding it and leave the derivatives to the job. Raises ``InvalidInput`` (422) with a
    message a person understands, or ``ServiceBusy`` (503) when the decode budget is full."""
    _pillow_backstop(limits)
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
        estimate = decode_estimate(image, fmt, limits)
        if estimate > limits.decode_memory:
            raise _too_much_memory((width, height), estimate, limits)
        if fmt == "PNG":
            # Always (the CRCs are cheap, and Pillow checks none of IDAT's); it also finds an
            # eXIf chunk after the pixels, which Pillow would decode the picture to reach.
            source.seek(0)
            image.info.setdefault("exif", _walk_png(source))
        _check_metadata_size(image, limits.max_metadata_bytes)
        metadata = read_metadata(image, local_zone)
        display: Rendition | None = None
        thumbnail: Rendition | None = None
        inline = decodes_inline(image, fmt, limits)
        if fmt in ("WEBP", "HEIF") or (fmt == "JPEG" and not inline):
            # cheap, and a decoder may pass what this refuses (an item cut off at the end)
            source.seek(0)
            check_structure(source, fmt)
        if inline:
            with decode_budget(limits.decode_memory).reserve(estimate, limits.decode_wait_seconds):
                display, thumbnail = _decode_and_derive(image, fmt, metadata.orientation, limits)
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


def make_derivatives(source: BinaryIO, fmt: str, limits: Limits) -> tuple[Rendition, Rendition]:
    """The job's half: decode a stored original (under the budget, waiting for room as
    long as it takes) and make its display copy and thumbnail. ``InvalidInput`` when the
    picture turns out damaged."""
    _pillow_backstop(limits)
    try:
        image = Image.open(source, formats=[fmt])
    except Exception as error:
        log.info("stored photo unreadable: %r", error)
        raise _reject(DAMAGED) from None
    with image:
        if fmt == "PNG":
            source.seek(0)
            image.info.setdefault("exif", _walk_png(source))
        estimate = decode_estimate(image, fmt, limits)
        with decode_budget(limits.decode_memory).reserve(estimate):
            decoded = _decode_checked(image, fmt, limits)
            # EXIF after the decode: reading it first could decode (and swallow an error)
            return _derivatives(decoded, _orientation(_safe_exif(image)), limits)


def _pillow_backstop(limits: Limits) -> None:
    """Pillow's own bomb check (a warning past ``MAX_IMAGE_PIXELS``, an error past twice
    that) stays as a backstop at twice our cap: below it, ours answers, naming the size.

    Pillow's limit is one per process, and every ``Image.open`` in it obeys: it is only
    ever raised, so an app with a lower cap never shrinks it under another's feet."""
    Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, 2 * limits.max_pixels)


def _decode_and_derive(
    image: Image.Image, fmt: str, orientation: int, limits: Limits
) -> tuple[Rendition, Rendition]:
    return _derivatives(_decode_checked(image, fmt, limits), orientation, limits)


def _decode_checked(image: Image.Image, fmt: str, limits: Limits) -> Image.Image:
    try:
        return _decode(image, fmt, limits.display_px)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(image.size, limits) from None
    except Exception as error:  # truncated or corrupt data: the decoder says so
        log.info("photo rejected at decode: %r", error)
        raise _reject(DAMAGED) from None


def _safe_exif(image: Image.Image) -> Image.Exif:
    try:
        return image.getexif()
    except Exception:
        return Image.Exif()


# --- the budget --------------------------------------------------------------------------

# Modes the display copy is shrunk in before it is flattened to RGB (others convert first).
SHRINK_FIRST = ("RGB", "L", "RGBA", "LA")


# Bytes a pixel takes in Pillow's memory, by mode: 1, L, P one byte; 16-bit grey two;
# everything else (RGB included: Pillow keeps it as 32-bit RGBX) four.
def _held_bytes(mode: str) -> int:
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    return 4


def _draft_scale(size: tuple[int, int], display_px: int) -> int:
    """The DCT scale (1, 2, 4 or 8) a JPEG is decoded at for a display copy."""
    long_side = max(size)
    target = min(long_side, display_px) * DRAFT_TOLERANCE
    for scale in (8, 4, 2):
        if long_side / scale >= target:
            return scale
    return 1


def _progressive(image: Image.Image) -> bool:
    return bool(image.info.get("progressive") or image.info.get("progression"))


def decode_estimate(image: Image.Image, fmt: str, limits: Limits) -> int:
    """Bytes one decode of this picture holds at its peak: the decoded pixels (with the
    codec's own buffer where it has one) plus the small working copies of the derivatives.

    - PNG: the picture in Pillow's mode (1, 2 or 4 bytes a pixel); 4 more for RGBA (resized
      through a premultiplied copy); 8 more for palette, 1-bit and 16-bit pictures, which
      are converted at full size before they can be shrunk.
    - WebP: libwebp's RGBA buffer, then Pillow's copy: 8 bytes a pixel.
    - HEIC: libheif's YCbCr planes and RGB buffer, then Pillow's copy: 9 bytes a pixel.
    - JPEG: only the reduced picture (``draft()``), 4 bytes a pixel at 1/scale² of the
      pixels; a progressive JPEG also keeps every DCT coefficient of the whole picture
      (2 bytes a pixel per component, at most 3 components' worth counted here as 6).
    """
    width, height = image.size
    pixels = width * height
    working = 2 * limits.display_px * limits.display_px * 4
    if fmt == "JPEG":
        scale = _draft_scale(image.size, limits.display_px)
        held = -(-width // scale) * -(-height // scale) * 4
        if _progressive(image):
            held += pixels * 2 * len(image.getbands())
        return held + working
    if fmt == "PNG":
        per_pixel = _held_bytes(image.mode)
        if image.mode in ("RGBA", "LA"):
            per_pixel += 4  # resized through a premultiplied copy
        elif image.mode not in SHRINK_FIRST:
            per_pixel += 8  # converted at full size before it can be shrunk
    else:
        per_pixel = {"WEBP": 8, "HEIF": 9}[fmt]
    return pixels * per_pixel + working


def decodes_inline(image: Image.Image, fmt: str, limits: Limits) -> bool:
    """A baseline JPEG always (its reduced decode is cheap); anything else only when small."""
    if fmt == "JPEG" and not _progressive(image):
        return True
    return image.size[0] * image.size[1] <= limits.inline_max_pixels


def _too_much_memory(size: tuple[int, int], estimate: int, limits: Limits) -> InvalidInput:
    need, limit = estimate // 2**20, limits.decode_memory // 2**20
    return _reject(
        f"照片解码所需内存过大（{size[0]}×{size[1]}，约 {need} MB，上限 {limit} MB）/ "
        f"The photo needs too much memory to decode ({size[0]}x{size[1]}, about {need} MB; "
        f"the limit is {limit} MB)"
    )


# --- structure checks: what can be known without decoding ---------------------------------


def check_structure(source: BinaryIO, fmt: str) -> None:
    """For a picture decoded later: refuse (422) a file that is truncated or whose checksums
    fail, without decoding it. PNG: every chunk's CRC up to IEND; WebP: the RIFF chunk
    sizes; HEIC: every item's data inside the file (``iloc``); progressive JPEG: an end
    marker after the last scan. Damage these cannot see is found by the decode in the job."""
    checks = {"PNG": _check_png, "WEBP": _check_webp, "HEIF": _check_heif, "JPEG": _check_jpeg}
    try:
        ok = checks[fmt](source)
    except (struct.error, ValueError, IndexError) as error:
        log.info("photo structure unreadable: %r", error)
        ok = False
    if not ok:
        raise _reject(DAMAGED)


def _walk_png(source: BinaryIO) -> bytes:
    """Check every chunk's CRC up to IEND (422 if one fails or the file ends first);
    returns the eXIf chunk's data, or b"" when there is none."""
    exif: list[bytes] = []
    try:
        ok = _check_png(source, exif)
    except (struct.error, ValueError) as error:
        log.info("PNG structure unreadable: %r", error)
        ok = False
    if not ok:
        raise _reject(DAMAGED)
    return exif[0] if exif else b""


def _check_png(source: BinaryIO, exif: list[bytes] | None = None) -> bool:
    source.seek(8)
    first, idat = True, False
    while True:
        head = source.read(8)
        if len(head) < 8:
            return False  # truncated before IEND
        length, kind = struct.unpack(">I4s", head)
        if length > 0x7FFFFFFF or (first and kind != b"IHDR"):
            return False
        first = False
        crc = zlib.crc32(kind)
        remaining = length
        while remaining:
            chunk = source.read(min(remaining, 1 << 20))
            if not chunk:
                return False
            if kind == b"IDAT" and not idat:
                if len(chunk) < 2 or chunk[0] & 0x0F != 8 or (chunk[0] << 8 | chunk[1]) % 31:
                    return False  # not a zlib stream
                idat = True
            crc = zlib.crc32(chunk, crc)
            remaining -= len(chunk)
        stored = source.read(4)
        if len(stored) < 4 or int.from_bytes(stored, "big") != crc:
            return False
        if kind == b"eXIf" and exif is not None and not exif and length <= 1 << 20:
            source.seek(-4 - length, 1)
            exif.append(source.read(length))
            source.seek(4, 1)
        if kind == b"IEND":
            return idat  # bytes after IEND are ignored, as by every reader


def _check_webp(source: BinaryIO) -> bool:
    data = source.read()
    riff_size = int.from_bytes(data[4:8], "little")
    end = 8 + riff_size
    if end > len(data) or riff_size < 4:
        return False
    position, image_data = 12, False
    while position + 8 <= end:
        kind = data[position : position + 4]
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        position += 8 + size + (size & 1)
        if position > end + (size & 1):
            return False
        image_data |= kind in (b"VP8 ", b"VP8L", b"ANMF")
    return image_data


def _boxes(data: bytes, start: int, end: int):
    """ISOBMFF boxes in data[start:end]: (type, body start, body end); stops at one that
    does not fit (trailing bytes after the last box are no box)."""
    position = start
    while position + 8 <= end:
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[position + 8 : position + 16])[0], 16
        elif size == 0:
            size = end - position
        if size < header or position + size > end:
            return
        yield kind, position + header, position + size
        position += size


def _check_heif(source: BinaryIO) -> bool:
    data = source.read()
    meta = next(((s, e) for kind, s, e in _boxes(data, 0, len(data)) if kind == b"meta"), None)
    if meta is None:
        return False
    iloc = next(((s, e) for k, s, e in _boxes(data, meta[0] + 4, meta[1]) if k == b"iloc"), None)
    if iloc is None:
        return False
    body, position = data[iloc[0] : iloc[1]], 4
    version = body[0]

    def number(size: int) -> int:
        nonlocal position
        value = int.from_bytes(body[position : position + size], "big")
        if position + size > len(body):
            raise ValueError("iloc ends early")
        position += size
        return value

    sizes = number(1)
    offset_size, length_size = sizes >> 4, sizes & 0x0F
    sizes = number(1)
    base_size, index_size = sizes >> 4, (sizes & 0x0F if version in (1, 2) else 0)
    items = number(2 if version < 2 else 4)
    for _ in range(items):
        number(2 if version < 2 else 4)  # item id
        method = number(2) & 0x0F if version in (1, 2) else 0
        number(2)  # data reference index
        base = number(base_size)
        for _ in range(number(2)):
            number(index_size)
            offset, length = number(offset_size), number(length_size)
            if method == 0 and base + offset + length > len(data):
                return False  # the item's data lies beyond the end: truncated
    return True


def _check_jpeg(source: BinaryIO) -> bool:
    data = source.read()
    return data.rfind(b"\xff\xd9") > data.rfind(b"\xff\xda") > 0


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
        scale = _draft_scale(image.size, display_px)
        if scale > 1:
            width, height = image.size
            mode = image.mode if image.mode in ("RGB", "L") else None
            image.draft(mode, (max(1, width // scale), max(1, height // scale)))
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
    display = decoded if decoded.mode in SHRINK_FIRST else _to_rgb(decoded)
    if max(display.size) > limits.display_px:
        display.thumbnail((limits.display_px, limits.display_px), Image.Resampling.BICUBIC)
    display = _to_rgb(display)  # small by now: flattening costs little
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
