"""The work queue: a claim table (``work_items``) that any number of worker processes
take items from (``flask worker run``), while the scheduler stays the one clock.

- ``enqueue(kind, key)`` asks for work in the caller's transaction: one row per (kind,
  key), so asking twice queues it once, and work asked for by a transaction that rolls
  back was never asked for.
- ``run_one`` claims the oldest due item: ``SELECT … FOR UPDATE SKIP LOCKED`` on
  PostgreSQL (workers pass each other's rows by), then a conditional UPDATE that makes it
  ``running`` under a lease (``WORK_LEASE_SECONDS``); on SQLite, which has no row locks,
  the conditional UPDATE alone decides, and one worker is the rule. An item whose lease
  expired (its worker died) is claimed again like a due one.
- The handler's writes and the item's ``done`` commit in one transaction, and ``done`` is
  a conditional UPDATE on the claim (owner and attempt): a worker that lost its lease
  (another claimed the item meanwhile) rolls its writes back. So an item retried after a
  crash takes effect once; what a handler writes outside the database (the object store)
  is content-addressed and the same however often it is written.
- A handler that raises is rolled back and tried again after a backoff (``BACKOFF_BASE``
  seconds, doubled each attempt, at most ``BACKOFF_MAX``), ``failed`` after
  ``MAX_ATTEMPTS``.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, delete, func, or_, select, update

from inspect_app import metrics
from inspect_app.clock import utcnow
from inspect_app.db import affected_rows, insert_absent
from inspect_app.extensions import db
from inspect_app.jobs import policy
from inspect_app.jobs.models import WorkItem
from inspect_app.principal import Principal

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE = 10.0
BACKOFF_MAX = 3600.0
STATUSES = ("queued", "running", "done", "failed")


@dataclass(frozen=True)
class Handler:
    """What does one kind of work: a function of the item's key and "now", whose writes
    are committed with the item's ``done``; ``lease_seconds`` overrides
    ``WORK_LEASE_SECONDS`` for work that takes longer."""

    func: Callable[[str, datetime], object]
    description: str = ""
    lease_seconds: int | None = None


HANDLERS: dict[str, Handler] = {}


def register_handlers(*groups: Mapping[str, Handler]) -> None:
    """Every package's handlers by kind (``create_app``); one kind twice is a mistake."""
    merged: dict[str, Handler] = {}
    for group in groups:
        for kind, handler in group.items():
            if kind in merged:
                raise ValueError(f"two packages declare work of kind {kind!r}")
            merged[kind] = handler
    HANDLERS.update(merged)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(kind: str, keys: list[str] | str, now: datetime | None = None) -> None:
    """Queue ``kind`` work for each key, in the caller's transaction (never commits)."""
    if kind not in HANDLERS:
        raise KeyError(f"no handler for work of kind {kind!r}")
    now = now or utcnow()
    rows = [
        {
            "kind": kind,
            "key": key,
            "status": "queued",
            "attempts": 0,
            "run_after": now,
            "created_at": now,
        }
        for key in ([keys] if isinstance(keys, str) else keys)
    ]
    insert_absent(db.session, WorkItem, rows, ("kind", "key"))


def enqueue_again(kind: str, keys: list[str], now: datetime | None = None) -> None:
    """Queue again the items of ``keys`` that are done or failed (work that is needed once
    more); items queued or running are left alone."""
    if not keys:
        return
    db.session.execute(
        update(WorkItem)
        .where(
            WorkItem.kind == kind,
            WorkItem.key.in_(keys),
            WorkItem.status.in_(("done", "failed")),
        )
        .values(
            status="queued",
            attempts=0,
            run_after=now or utcnow(),
            finished_at=None,
            owner=None,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(WorkItem.status == "queued", WorkItem.run_after <= now),
        and_(WorkItem.status == "running", WorkItem.leased_until < now),
    )


@dataclass(frozen=True)
class Claim:
    id: int
    kind: str
    key: str
    attempt: int
    owner: str


def claim(owner: str, now: datetime | None = None) -> Claim | None:
    """Take the oldest due item under a lease, and commit the claim; None if none is due."""
    now = now or utcnow()
    while True:
        row = db.session.execute(
            select(WorkItem.id, WorkItem.kind, WorkItem.key, WorkItem.attempts)
            .where(_due(now))
            .order_by(WorkItem.run_after, WorkItem.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if row is None:
            db.session.commit()
            return None
        handler = HANDLERS.get(row.kind)
        if handler is None or row.attempts >= MAX_ATTEMPTS:
            # no code for it here, or its worker died on every attempt: give up on it
            reason = "no handler" if handler is None else "lease expired on every attempt"
            db.session.execute(
                update(WorkItem)
                .where(WorkItem.id == row.id, _due(now))
                .values(status="failed", leased_until=None, finished_at=now, last_error=reason)
            )
            db.session.commit()
            continue
        lease = handler.lease_seconds or int(current_app.config["WORK_LEASE_SECONDS"])
        won = affected_rows(
            db.session.execute(
                update(WorkItem)
                .where(WorkItem.id == row.id, WorkItem.attempts == row.attempts, _due(now))
                .values(
                    status="running",
                    owner=owner,
                    attempts=row.attempts + 1,
                    leased_until=now + timedelta(seconds=lease),
                )
                .execution_options(synchronize_session=False)
            )
        )
        db.session.commit()
        if won:
            return Claim(row.id, row.kind, row.key, row.attempts + 1, owner)


def _mine(item: Claim) -> ColumnElement[bool]:
    return and_(
        WorkItem.id == item.id,
        WorkItem.owner == item.owner,
        WorkItem.attempts == item.attempt,
        WorkItem.status == "running",
    )


def backoff(attempt: int) -> float:
    """Seconds before attempt ``attempt + 1``."""
    return min(BACKOFF_BASE * 2 ** (attempt - 1), BACKOFF_MAX)


def run_one(owner: str | None = None, now: datetime | None = None) -> Claim | None:
    """Claim one due item and do it; returns what was claimed, None if nothing was due."""
    owner = owner or worker_name()
    item = claim(owner, now)
    if item is None:
        return None
    started = time.perf_counter()
    try:
        HANDLERS[item.kind].func(item.key, now or utcnow())
        finished = utcnow()
        done = affected_rows(
            db.session.execute(
                update(WorkItem)
                .where(_mine(item))
                .values(status="done", leased_until=None, finished_at=finished, last_error=None)
                .execution_options(synchronize_session=False)
            )
        )
        if not done:  # the lease ran out and another worker took the item: its effect wins
            db.session.rollback()
            _count(item, "lost", started)
            return item
        db.session.commit()
        _count(item, "done", started)
    except Exception as error:
        db.session.rollback()
        _retry_later(item, repr(error))
        _count(item, "failed" if item.attempt >= MAX_ATTEMPTS else "retry", started)
    except BaseException:
        # stopped in the middle (a second SIGTERM, Ctrl-C): give the item back at once
        db.session.rollback()
        release(item)
        raise
    return item


def _retry_later(item: Claim, error: str) -> None:
    now = utcnow()
    last = item.attempt >= MAX_ATTEMPTS
    db.session.execute(
        update(WorkItem)
        .where(_mine(item))
        .values(
            status="failed" if last else "queued",
            run_after=now + timedelta(seconds=backoff(item.attempt)),
            leased_until=None,
            finished_at=now if last else None,
            last_error=error[:500],
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    log.log(
        logging.ERROR if last else logging.WARNING,
        "work item failed",
        extra={"job": item.kind, "run_id": item.id, "outcome": "failed", "result": error[:500]},
    )


def release(item: Claim) -> None:
    """Give a claimed item back undone, due now, its attempt not counted."""
    db.session.execute(
        update(WorkItem)
        .where(_mine(item))
        .values(
            status="queued",
            attempts=item.attempt - 1,
            leased_until=None,
            owner=None,
            run_after=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _count(item: Claim, outcome: str, started: float) -> None:
    seconds = time.perf_counter() - started
    metrics.WORK_ITEMS.labels(kind=item.kind, outcome=outcome).inc()
    log.info(
        "work item",
        extra={
            "job": item.kind,
            "run_id": item.id,
            "outcome": outcome,
            "duration_ms": round(seconds * 1000, 1),
        },
    )


def run_until_empty(owner: str | None = None, now: datetime | None = None) -> int:
    """Do every due item, one after another (``flask worker run --until-empty``, tests);
    returns how many were claimed."""
    count = 0
    while run_one(owner, now) is not None:
        count += 1
    return count


def prune(before: datetime) -> int:
    """Delete items done or failed before ``before`` (the caller commits)."""
    return affected_rows(
        db.session.execute(
            delete(WorkItem)
            .where(WorkItem.status.in_(("done", "failed")), WorkItem.finished_at < before)
            .execution_options(synchronize_session=False)
        )
    )


def list_items(
    principal: Principal, status: str | None = None, kind: str | None = None
) -> Select[WorkItem]:
    """The queue as the bureau sees it (``GET /jobs/queue``): newest first."""
    policy.require_run_reader(principal)
    query = select(WorkItem).order_by(WorkItem.id.desc())
    if status:
        query = query.where(WorkItem.status == status)
    if kind:
        query = query.where(WorkItem.kind == kind)
    return query


def counts() -> dict[tuple[str, str], int]:
    """Items by (kind, status) (``/metrics``)."""
    rows = db.session.execute(
        select(WorkItem.kind, WorkItem.status, func.count()).group_by(
            WorkItem.kind, WorkItem.status
        )
    )
    return {(kind, status): count for kind, status, count in rows}
