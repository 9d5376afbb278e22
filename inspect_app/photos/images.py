"""One upload's picture: open it as the format its bytes name, check it against the
limits, read its metadata, and make its derivatives now when that is cheap (else check its
container and leave them to the job). The decode is also the integrity check:
``Image.verify()`` passes a JPEG cut in half, a real decode does not.

The jobs are in their own modules: ``formats`` (what the bytes are), ``containers``
(checks without decoding), ``budget`` (what a decode costs, and the room for it),
``renditions`` (display copy and thumbnail), ``exif`` (what the picture says of itself).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import tzinfo
from typing import BinaryIO

import pillow_heif
from PIL import Image, UnidentifiedImageError

from inspect_app.errors import InvalidInput
from inspect_app.photos import containers, exif, renditions
from inspect_app.photos.budget import (
    decode_budget,
    decode_estimate,
    decodes_inline,
    too_much_memory,
)
from inspect_app.photos.exif import Metadata
from inspect_app.photos.formats import CONTENT_TYPES, DAMAGED, reject
from inspect_app.photos.limits import Limits
from inspect_app.photos.renditions import Rendition

pillow_heif.register_heif_opener()

log = logging.getLogger(__name__)


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
        raise reject(DAMAGED) from None
    except Exception as error:  # a malformed header can fail in many ways
        log.info("photo rejected at open: %r", error)
        raise reject(DAMAGED) from None
    with image:
        width, height = image.size
        if width < 1 or height < 1:
            raise reject(DAMAGED)
        if width * height > limits.max_pixels:
            raise _too_many_pixels((width, height), limits)
        estimate = decode_estimate(image, fmt, limits)
        if estimate > limits.decode_memory:
            raise too_much_memory((width, height), estimate, limits)
        if fmt == "PNG":
            # Always (the CRCs are cheap, and Pillow checks none of IDAT's); it also finds an
            # eXIf chunk after the pixels, which Pillow would decode the picture to reach.
            source.seek(0)
            image.info.setdefault("exif", containers.walk_png(source))
        _check_metadata_size(image, limits.max_metadata_bytes)
        metadata = exif.read_metadata(image, local_zone)
        display: Rendition | None = None
        thumbnail: Rendition | None = None
        inline = decodes_inline(image, fmt, limits)
        if fmt in ("WEBP", "HEIF") or (fmt == "JPEG" and not inline):
            # cheap, and a decoder may pass what this refuses (an item cut off at the end)
            source.seek(0)
            containers.check_structure(source, fmt)
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
        raise reject(DAMAGED) from None
    with image:
        if fmt == "PNG":
            source.seek(0)
            image.info.setdefault("exif", containers.walk_png(source))
        estimate = decode_estimate(image, fmt, limits)
        with decode_budget(limits.decode_memory).reserve(estimate):
            decoded = _decode_checked(image, fmt, limits)
            # EXIF after the decode: reading it first could decode (and swallow an error)
            return renditions.derive(decoded, exif.orientation(exif.safe_exif(image)), limits)


def _pillow_backstop(limits: Limits) -> None:
    """Pillow's own bomb check (a warning past ``MAX_IMAGE_PIXELS``, an error past twice
    that) stays as a backstop at twice our cap: below it, ours answers, naming the size.

    Pillow's limit is one per process, and every ``Image.open`` in it obeys: it is only
    ever raised, so an app with a lower cap never shrinks it under another's feet."""
    Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, 2 * limits.max_pixels)


def _decode_and_derive(
    image: Image.Image, fmt: str, orientation: int, limits: Limits
) -> tuple[Rendition, Rendition]:
    return renditions.derive(_decode_checked(image, fmt, limits), orientation, limits)


def _decode_checked(image: Image.Image, fmt: str, limits: Limits) -> Image.Image:
    try:
        return renditions.decode(image, fmt, limits.display_px)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(image.size, limits) from None
    except Exception as error:  # truncated or corrupt data: the decoder says so
        log.info("photo rejected at decode: %r", error)
        raise reject(DAMAGED) from None


def _too_many_pixels(size: tuple[int, int] | None, limits: Limits) -> InvalidInput:
    limit = limits.max_pixels / 1_000_000
    shown = f"{size[0]}×{size[1]}，" if size else ""
    shown_en = f"{size[0]}x{size[1]}; " if size else ""
    return reject(
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
        raise reject(
            f"照片附带的元数据过大（{size // 1024} KB，上限 {limit // 1024} KB）/ "
            f"The photo carries too much embedded metadata ({size // 1024} KB; "
            f"the limit is {limit // 1024} KB)"
        )


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
