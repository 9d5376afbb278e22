"""China's working-day calendar (public holidays and make-up working days, 调休), from the
``chinesecalendar`` package; for years it does not know yet, weekdays, with a warning."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import chinese_calendar

log = logging.getLogger(__name__)
_warned: set[int] = set()


def is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        if day.year not in _warned:  # once per year and process, not once per day
            _warned.add(day.year)
            log.warning("no holiday calendar for %s: counting weekdays only", day.year)
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
