"""A worker process (``flask worker run``): takes items from the work queue until stopped.

Run as many as the machines allow (PostgreSQL: ``FOR UPDATE SKIP LOCKED`` shares the
items out; SQLite: one). SIGTERM or SIGINT asks it to stop: the item in hand is finished
(its claim then marked done) and no new one is taken; a second signal stops it at once,
giving the item in hand back to the queue (released, due now). A worker killed outright
(SIGKILL, the OOM killer) leaves its claim to expire (``WORK_LEASE_SECONDS``); the item is
then taken again, and its first attempt's writes, never committed, count for nothing.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from flask import Flask

from inspect_app.extensions import db
from inspect_app.jobs import queue

log = logging.getLogger(__name__)


class Stop:
    """The stop request: the first signal sets it, the second raises ``SystemExit``."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.event.is_set():
            raise SystemExit(128 + signum)
        log.info("worker stopping: finishing the item in hand")
        self.event.set()


def install_stop() -> Stop:
    """SIGTERM and SIGINT set the returned stop request (call it in the main thread)."""
    stop = Stop()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return stop


def work(app: Flask, stop: threading.Event, *, until_empty: bool = False) -> int:
    """Take and do items until ``stop`` is set (or, with ``until_empty``, none is due);
    returns how many were taken."""
    owner = queue.worker_name()
    poll = float(app.config["WORK_POLL_SECONDS"])
    taken = 0
    while not stop.is_set():
        with app.app_context():
            try:
                item = queue.run_one(owner)
            except Exception:  # the database away a moment: wait, then look again
                log.exception("worker: could not take an item")
                item = None
            finally:
                db.session.remove()
        if item is not None:
            taken += 1
            continue
        if until_empty:
            break
        stop.wait(poll)
    return taken
