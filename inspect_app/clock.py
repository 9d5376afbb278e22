"""Local time for deadlines and "this month": stored times are UTC, days are Shanghai's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

# Set by ``frozen_at`` to record history at a past moment (demo data, back-filled
# records) through the very same service code.
_now_override: ContextVar[datetime | None] = ContextVar("now_override", default=None)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (the only time we store)."""
    return _now_override.get() or datetime.now(UTC)


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("TZ_NAME", "Asia/Shanghai"))


def local_date(moment: datetime) -> date:
    return moment.astimezone(local_zone()).date()


def start_of_local_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_zone())


def deadline_after(found_at: datetime, days: int) -> datetime:
    """The end of the ``days``-th local day after ``found_at`` (the start of the next one)."""
    return start_of_local_day(local_date(found_at) + timedelta(days=days + 1))


def add_months(first: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) the month of ``first``."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@contextmanager
def frozen_at(moment: datetime) -> Iterator[datetime]:
    """Let every service stamp ``moment`` as "now" inside the block (e.g. for demo history)."""
    if moment.tzinfo is None:
        raise ValueError("frozen_at needs an aware datetime")
    token = _now_override.set(moment)
    try:
        yield moment
    finally:
        _now_override.reset(token)
