"""Container checks: what can be known of a picture's file without decoding it.

A picture decoded later (by the derivatives job) is refused at upload when its container
is truncated or its checksums fail: PNG chunks and their CRCs, WebP's RIFF chunk sizes,
HEIC's item locations, a progressive JPEG's end marker."""

from __future__ import annotations

import logging
import struct
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from inspect_app.photos.formats import DAMAGED, reject

log = logging.getLogger(__name__)


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
        raise reject(DAMAGED)


def walk_png(source: BinaryIO) -> bytes:
    """Check every chunk's CRC up to IEND (422 if one fails or the file ends first);
    returns the eXIf chunk's data, or b"" when there is none."""
    exif: list[bytes] = []
    try:
        ok = _check_png(source, exif)
    except (struct.error, ValueError) as error:
        log.info("PNG structure unreadable: %r", error)
        ok = False
    if not ok:
        raise reject(DAMAGED)
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


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
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
