"""The derivatives of a picture: a display copy and a thumbnail from one decode, shrunk
first and rotated upright after, re-encoded as baseline JPEGs that carry no metadata.

The order matters for speed (see docs/performance.md): a JPEG is decoded once, at the smallest
DCT scale that still gives a display-sized picture (``draft()``); the display copy and the
thumbnail both come from that one decode."""

from __future__ import annotations

import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image

from inspect_app.photos.limits import Limits

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

# Modes the display copy is shrunk in before it is flattened to RGB (others convert first).
SHRINK_FIRST = ("RGB", "L", "RGBA", "LA")


@dataclass(frozen=True)
class Rendition:
    data: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"


def draft_scale(size: tuple[int, int], display_px: int) -> int:
    """The DCT scale (1, 2, 4 or 8) a JPEG is decoded at for a display copy."""
    long_side = max(size)
    target = min(long_side, display_px) * DRAFT_TOLERANCE
    for scale in (8, 4, 2):
        if long_side / scale >= target:
            return scale
    return 1


def decode(image: Image.Image, fmt: str, display_px: int) -> Image.Image:
    """One decode; for JPEG at the smallest DCT scale that still fills the display size."""
    if fmt == "JPEG":
        scale = draft_scale(image.size, display_px)
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


def derive(decoded: Image.Image, orientation: int, limits: Limits) -> tuple[Rendition, Rendition]:
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
