"""The per-process decode budget: full decodes run only while their memory estimate fits.

A decode reserves its estimated bytes (``decode_estimate``, below) before it starts and gives
them back when it ends; one that does not fit waits for others to finish, or gives up after
a while (the request then answers 503 with ``Retry-After``). ``PHOTO_DECODE_MEMORY_MB`` sizes
the budget; a single decode that could never fit is refused at upload (422), so nothing
waits for room that never comes."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image

from inspect_app.errors import InvalidInput, ServiceBusy
from inspect_app.photos.formats import reject
from inspect_app.photos.limits import Limits
from inspect_app.photos.renditions import SHRINK_FIRST, draft_scale

BUSY = (
    "服务器正在处理其他照片，请稍后重试 / "
    "The server is busy processing other photos: try again shortly"
)
RETRY_AFTER_SECONDS = 5


class MemoryBudget:
    """A counting semaphore in bytes: at most ``total`` reserved at once in this process."""

    def __init__(self, total: int):
        self.total = total
        self.used = 0
        self.peak = 0
        self._changed = threading.Condition()

    @contextmanager
    def reserve(self, amount: int, timeout: float | None = None) -> Iterator[None]:
        amount = max(0, min(amount, self.total))
        with self._changed:
            if not self._changed.wait_for(lambda: self.used + amount <= self.total, timeout):
                raise ServiceBusy(RETRY_AFTER_SECONDS, BUSY)
            self.used += amount
            self.peak = max(self.peak, self.used)
        try:
            yield
        finally:
            with self._changed:
                self.used -= amount
                self._changed.notify_all()


_budget: MemoryBudget | None = None
_budget_key: tuple[int, int] | None = None
_budget_lock = threading.Lock()


def decode_budget(total: int) -> MemoryBudget:
    """This process's budget (a forking server's workers each get their own)."""
    global _budget, _budget_key
    with _budget_lock:
        key = (os.getpid(), total)
        if _budget is None or _budget_key != key:
            _budget, _budget_key = MemoryBudget(total), key
        return _budget


# --- the estimate: what one decode holds at its peak -----------------------------------


# Bytes a pixel takes in Pillow's memory, by mode: 1, L, P one byte; 16-bit grey two;
# everything else (RGB included: Pillow keeps it as 32-bit RGBX) four.
def _held_bytes(mode: str) -> int:
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    return 4


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
        scale = draft_scale(image.size, limits.display_px)
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


def too_much_memory(size: tuple[int, int], estimate: int, limits: Limits) -> InvalidInput:
    need, limit = estimate // 2**20, limits.decode_memory // 2**20
    return reject(
        f"照片解码所需内存过大（{size[0]}×{size[1]}，约 {need} MB，上限 {limit} MB）/ "
        f"The photo needs too much memory to decode ({size[0]}x{size[1]}, about {need} MB; "
        f"the limit is {limit} MB)"
    )
