"""The per-process decode budget: full decodes run only while their memory estimate fits.

A decode reserves its estimated bytes (``images.decode_estimate``) before it starts and gives
them back when it ends; one that does not fit waits for others to finish, or gives up after
a while (the request then answers 503 with ``Retry-After``). ``PHOTO_DECODE_MEMORY_MB`` sizes
the budget; a single decode that could never fit is refused at upload (422), so nothing
waits for room that never comes."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from inspect_app.errors import ServiceBusy

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
