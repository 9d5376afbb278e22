"""Dynamic clearance (动态清零) and the figures a bureau reports, now or for a past month.

Every figure is computed by grouped queries (never by loading hazards), as of one moment
``as_of``: now, or the end of a past month (the start of the next month, Asia/Shanghai).
"This month" and "this year" are the local month and year that ``as_of`` falls in, up to
``as_of``. Definitions (docs/hazards.md, "Clearance figures", says the same in prose):

- A hazard counts from ``found_at``. It is **open at T** when found before T and not
  cleared before T (``cleared_at``). Open counts include hazards awaiting review: a hazard
  is cleared (销号) only when the review approves it.
- **Voided** hazards (recorded in error) count nowhere, in no month, even in months before
  they were voided: a void says the hazard never existed, so the corrected record is what
  every report shows (a past month's figures can therefore drop after a void; nothing
  else changes them).
- ``open_major``: open confirmed major hazards; ``proposed_major`` (拟判重大): open major
  hazards not yet confirmed by the bureau, apart. An institution is **cleared** when it
  has no open (confirmed) major hazard.
- ``awaiting_review``: open and waiting for the reviewer at T; ``overdue``: open, past its
  deadline at T and not awaiting review (the institution has done its part).
  Now, both come from the hazard's status. For a past T, from the event log: a hazard
  awaited review at T when its last ``rectification_submitted`` event before T is not
  followed (before T) by a review event.
- Severity, proposed/confirmed and the deadline are the hazard's current values (a later
  reclassification or extension shows in past months too); the street is the hazard's
  ``street`` column (a closed hazard keeps the street it was closed in, a live one follows
  its institution), institutions are listed under their current street.
- ``found_this_month`` / ``found_this_year``, ``cleared_this_month`` /
  ``cleared_this_year``: by ``found_at`` / ``cleared_at`` in the period up to ``as_of``.
  A hazard fixed on site (当场整改) is found and cleared at once: it counts in both.
- ``rectification_rate`` (整改率): of the hazards found this year, the share cleared by
  ``as_of``. ``on_time_rate`` (按期整改率): of the hazards cleared this year, the share
  cleared by their deadline (``cleared_at <= due_at``; an extension granted counts).
- ``clearance_rate``: cleared in the month of ``as_of`` and the 11 before it ÷ (that +
  open at ``as_of``): the share of the last year's workload that is done. It has no
  cliff on the 1st of a month or of a year (the window drops one old month).
- Cost: "now" reads the live hazards (one partial index), this month's found and
  cleared hazards (two index ranges) and, for the year's figures, each completed
  month's counts, memoized per process until a void or an institution's edit
  (``_memo_stamp``). A past month reads the same, plus the hazards cleared since its end
  (they were open then) and, for those open then, their last review event.
- ``coverage``: institutions in operation (their current status) with a submitted
  inspection this year ÷ institutions in operation.
- Every rate is ``None`` when its denominator is 0 (nothing to measure is not 100%).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, func, literal, or_, select, text, union_all

from inspect_app.accounts.models import User
from inspect_app.checklists.models import Severity
from inspect_app.clock import add_months, local_date, start_of_local_day, utcnow
from inspect_app.db import core_rows
from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.hazards.models import (
    LIVE_CONDITION,
    WAITING_STATUSES,
    EventType,
    Hazard,
    HazardEvent,
    HazardStatus,
)
from inspect_app.inspections.models import Inspection, InspectionKind
from inspect_app.institutions.models import Institution
from inspect_app.principal import Department, Principal
from inspect_app.reports import history, policy

# The events that put a hazard into review and take it out again (lifecycle.TRANSITIONS).
SUBMITTED_EVENTS = (EventType.RECTIFICATION_SUBMITTED,)
REVIEW_EVENTS = (EventType.REVIEW_APPROVED, EventType.REVIEW_REJECTED)

EARLIEST_YEAR = 2000  # no records before; also keeps date arithmetic in range
COUNTS = ("open_major", "proposed_major", "open_general", "overdue", "awaiting_review")


@dataclass(frozen=True)
class Period:
    """The moment figures are taken at and the periods that end there."""

    as_of: datetime  # exclusive: now, or the start of the month after a past month
    month_start: datetime
    year_start: datetime
    month: str  # YYYY-MM of the month as_of falls in (or ends)
    past: bool  # True: as_of is in the past, statuses come from the record

    @classmethod
    def now(cls, now: datetime | None = None) -> Period:
        now = now or utcnow()
        today = local_date(now)
        return cls._make(now, today.replace(day=1), past=False)

    @classmethod
    def month_end(cls, year: int, month: int, now: datetime | None = None) -> Period:
        """As of the end of ``year-month``; the current month is "now"; a later one: 422."""
        now = now or utcnow()
        try:
            first = date(year, month, 1)
        except ValueError as error:
            raise InvalidInput(errors={"month": ["月份无效 / Not a valid month"]}) from error
        this_month = local_date(now).replace(day=1)
        if first > this_month:
            raise InvalidInput(errors={"month": ["不能是未来月份 / Not a future month"]})
        if first.year < EARLIEST_YEAR:
            raise InvalidInput(errors={"month": ["月份过早 / Too early a month"]})
        if first == this_month:
            return cls.now(now)
        return cls._make(start_of_local_day(add_months(first, 1)), first, past=True)

    @classmethod
    def _make(cls, as_of: datetime, first: date, past: bool) -> Period:
        return cls(
            as_of=as_of,
            month_start=start_of_local_day(first),
            year_start=start_of_local_day(first.replace(month=1)),
            month=f"{first.year:04d}-{first.month:02d}",
            past=past,
        )


@dataclass(slots=True)
class InstitutionFigures:
    id: int
    name: str
    street: str
    open_major: int = 0
    proposed_major: int = 0
    open_general: int = 0
    overdue: int = 0
    awaiting_review: int = 0
    cleared_this_month: int = 0

    @property
    def cleared(self) -> bool:
        """动态清零: no open major hazard, confirmed or only proposed (a proposed one is not
        cleared until the bureau confirms or downgrades it)."""
        return self.open_major == 0 and self.proposed_major == 0


@dataclass
class Totals:
    """The totals that are not sums of the rows, in the order they are reported."""

    found_this_month: int = 0
    found_this_year: int = 0
    cleared_this_year: int = 0
    open_found_this_year: int = 0
    open_major_prev_month_end: int = 0
    institutions_operating: int = 0
    institutions_inspected: int = 0
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------- queries


def not_rewritten(rewritten: dict) -> tuple[ColumnElement[bool], ...]:
    """The condition that leaves out the hazards ``rewritten`` (counted as they stood, by
    the caller), or none when there are none: ``id NOT IN (an id no hazard has)`` would
    make every index on hazards read the table too, for the id (now: always none)."""
    return (Hazard.id.not_in(list(rewritten)),) if rewritten else ()


def _severity_counts(
    columns: Any, overdue: ColumnElement[bool], awaiting: ColumnElement[bool]
) -> tuple[ColumnElement[int], ...]:
    major = columns.severity == Severity.MAJOR
    return (
        func.count().filter(major, columns.severity_confirmed.is_(True)),
        func.count().filter(major, columns.severity_confirmed.is_(False)),
        func.count().filter(columns.severity == Severity.GENERAL),
        func.count().filter(overdue),
        func.count().filter(awaiting),
    )


def live_counts(
    now: datetime,
    street: str | None = None,
    found_since: datetime | None = None,
    major_found_before: datetime | None = None,
    proposed_found_before: datetime | None = None,
) -> Sequence[Any]:
    """Now: (institution_id, *COUNTS, found since ``found_since``, confirmed majors found
    before ``major_found_before``, proposed majors found before ``proposed_found_before``)
    over live hazards only, statuses from the hazard row; one pass over the covering
    partial index."""
    waiting = Hazard.status.in_(WAITING_STATUSES)
    query = (
        select(
            Hazard.institution_id,
            *_severity_counts(Hazard, and_(Hazard.due_at < now, ~waiting), waiting),
            func.count().filter(Hazard.found_at >= (found_since or now)),
            func.count().filter(
                Hazard.severity == Severity.MAJOR,
                Hazard.severity_confirmed.is_(True),
                Hazard.found_at < (major_found_before or now),
            ),
            func.count().filter(
                Hazard.severity == Severity.MAJOR,
                Hazard.severity_confirmed.is_(False),
                Hazard.found_at < (proposed_found_before or now),
            ),
        )
        # Literal, not a bound parameter: only then can SQLite use the partial index
        # on live hazards (its WHERE clause must match the query's text).
        .where(text(LIVE_CONDITION))
        .group_by(Hazard.institution_id)
    )
    if street:
        query = query.where(Hazard.street == street)
    return core_rows(db.session, query)


def _open_at_parts(moment: datetime) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Hazards open at ``moment`` (found before it, not cleared before it, never voided),
    as two conditions that each read one index: the live ones, and the ones cleared
    since ``moment``."""
    return (
        and_(text(LIVE_CONDITION), Hazard.found_at < moment),
        and_(
            Hazard.cleared_at >= moment,
            Hazard.status == HazardStatus.CLEARED,
            Hazard.found_at < moment,
        ),
    )


def _awaiting_review_at(moment: datetime) -> ColumnElement[bool]:
    """True when the hazard's last review step before ``moment`` put it into review."""
    last = (
        select(HazardEvent.type)
        .where(
            HazardEvent.hazard_id == Hazard.id,
            HazardEvent.at < moment,
            HazardEvent.type.in_(SUBMITTED_EVENTS + REVIEW_EVENTS),
        )
        .order_by(HazardEvent.seq.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(last.in_(SUBMITTED_EVENTS), literal(False))


def past_counts(
    moment: datetime,
    street: str | None = None,
    found_since: datetime | None = None,
    rewritten: dict | None = None,
) -> Sequence[Any]:
    """(institution_id, *COUNTS, found since ``found_since``) as of a past ``moment``,
    statuses from the event log; the hazards rewritten since (``history``) as they stood."""
    rewritten = history.rewritten_since(moment) if rewritten is None else rewritten
    since = found_since or moment
    extra: dict[int, list[int]] = {}
    for then in rewritten.values():
        if not then.open_at(moment) or (street and then.street != street):
            continue
        row = extra.setdefault(then.institution_id, [0] * (len(COUNTS) + 1))
        major = then.severity == Severity.MAJOR
        row[0] += major and then.severity_confirmed
        row[1] += major and not then.severity_confirmed
        row[2] += then.severity == Severity.GENERAL
        row[3] += then.due_at < moment and not then.waiting
        row[4] += then.waiting
        row[5] += then.found_at >= since
    parts = []
    for condition in _open_at_parts(moment):
        part = select(
            Hazard.institution_id,
            Hazard.severity,
            Hazard.severity_confirmed,
            Hazard.due_at,
            Hazard.found_at,
            _awaiting_review_at(moment).label("waiting"),
        ).where(condition, *not_rewritten(rewritten))
        if street:
            part = part.where(Hazard.street == street)
        parts.append(part)
    h = union_all(*parts).subquery()
    waiting = h.c.waiting.is_(True)
    query = select(
        h.c.institution_id,
        *_severity_counts(h.c, and_(h.c.due_at < moment, ~waiting), waiting),
        func.count().filter(h.c.found_at >= since),
    ).group_by(h.c.institution_id)
    rows = {row[0]: list(row[1:]) for row in core_rows(db.session, query)}
    for institution_id, values in extra.items():
        have = rows.setdefault(institution_id, [0] * (len(COUNTS) + 1))
        rows[institution_id] = [a + int(b) for a, b in zip(have, values, strict=True)]
    return [(institution_id, *values) for institution_id, values in rows.items()]


def open_major_at(moment: datetime, street: str | None = None, live: bool = True) -> int:
    """Confirmed major hazards open at ``moment``, as they stood then.

    ``live=False``: the caller counted, in its own pass, the live hazards found before
    ``moment`` that are confirmed majors now; this adds the others (those cleared since),
    and puts those rewritten since (reclassified, moved, voided) as they stood then: one
    counted by its facts now is taken back out."""
    rewritten = history.rewritten_since(moment)
    total = sum(
        1
        for then in rewritten.values()
        if then.open_at(moment)
        and then.severity == Severity.MAJOR
        and then.severity_confirmed
        and (not street or then.street == street)
    )
    live_part, cleared_part = _open_at_parts(moment)
    for condition in (live_part, cleared_part) if live else (cleared_part,):
        query = select(func.count()).where(
            condition,
            Hazard.severity == Severity.MAJOR,
            Hazard.severity_confirmed.is_(True),
            *not_rewritten(rewritten),
        )
        if street:
            query = query.where(Hazard.street == street)
        total += db.session.scalar(query) or 0
    if not live and rewritten:
        counted_now = select(func.count()).where(
            live_part,
            Hazard.severity == Severity.MAJOR,
            Hazard.severity_confirmed.is_(True),
            Hazard.id.in_(list(rewritten)),
        )
        if street:
            counted_now = counted_now.where(Hazard.street == street)
        total -= db.session.scalar(counted_now) or 0
    return total


def cleared_counts(
    since: datetime, until: datetime, street: str | None = None, rewritten: dict | None = None
) -> Sequence[Any]:
    """(institution_id, count) of hazards cleared in [since, until); those ``rewritten``
    since (a void after the clearance), as they stood."""
    rewritten = rewritten or {}
    query = (
        select(Hazard.institution_id, func.count())
        .where(
            Hazard.cleared_at >= since,
            Hazard.cleared_at < until,
            Hazard.status == HazardStatus.CLEARED,
            *not_rewritten(rewritten),
        )
        .group_by(Hazard.institution_id)
    )
    if street:
        query = query.where(Hazard.street == street)
    counts: dict[int, int] = {row[0]: row[1] for row in core_rows(db.session, query)}
    for then in rewritten.values():
        cleared_then = then.cleared_at is not None and since <= then.cleared_at < until
        if cleared_then and (not street or then.street == street):
            counts[then.institution_id] = counts.get(then.institution_id, 0) + 1
    return list(counts.items())


def _months(first: date, last: date) -> list[date]:
    """The first days of the months from ``first`` to ``last``, both included."""
    months = []
    while first <= last:
        months.append(first)
        first = add_months(first, 1)
    return months


def _flows(
    since: datetime,
    until: datetime,
    street: str | None,
    rewritten: dict | None = None,
    cleared: int | None = None,
) -> tuple[int, int, int]:
    """(found, cleared, found fixed on site) in [since, until); hazards voided (as of the
    moment ``rewritten`` was taken) never; those rewritten since, as they stood.
    ``cleared``: the count of cleared ones (the sum of ``cleared_counts``), when the caller
    has it already (the board's current month)."""
    rewritten = rewritten or {}
    found = select(func.count(), func.count().filter(Hazard.fixed_on_site.is_(True))).where(
        Hazard.found_at >= since,
        Hazard.found_at < until,
        Hazard.status != HazardStatus.VOIDED,
        *not_rewritten(rewritten),
    )
    if street:
        found = found.where(Hazard.street == street)
    found_count, fixed = db.session.execute(found).one()
    for then in rewritten.values():
        if (not street or then.street == street) and since <= then.found_at < until:
            found_count += 1
            fixed += then.fixed_on_site
    if cleared is None:
        cleared = sum(count for _, count in cleared_counts(since, until, street, rewritten))
    return found_count, cleared, fixed


def _memo_stamp() -> tuple:
    """What can change a completed month's flows: a void (the hazard leaves every count)
    and an institution's edit (a live hazard follows its institution to a new street);
    institutions' count too, so that a bulk load (demo data) is seen. Cheap: an index
    range over the few voided hazards and the institutions table."""
    voided = db.session.execute(
        select(func.count(), func.max(Hazard.voided_at)).where(Hazard.voided_at.is_not(None))
    ).one()
    institutions = db.session.execute(select(func.count(), func.max(Institution.updated_at))).one()
    return (*voided, *institutions)


def _month_memo() -> dict:
    return current_app.extensions.setdefault("clearance_month_flows", {})


def forget() -> None:
    """Drop the memo of completed months (tests, after writing history behind its back)."""
    current_app.extensions.pop("clearance_month_flows", None)


def _completed_month_flows(first: date, street: str | None, stamp: tuple) -> tuple[int, int, int]:
    """A completed month's flows, memoized per process: they change only by what
    ``_memo_stamp`` sees, so "this year" costs one scan of the current month, not of
    the year."""
    memo = _month_memo()
    key = (first, street)
    hit = memo.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    flows = _flows(start_of_local_day(first), start_of_local_day(add_months(first, 1)), street)
    memo[key] = (stamp, flows)
    return flows


def _flow_totals(
    period: Period,
    street: str | None,
    totals: Totals,
    rewritten: dict | None,
    cleared_this_month: int,
) -> None:
    """Found and cleared this month and year. Now: completed months from the memo, this
    month's found by one range scan (its cleared the board counted already:
    ``cleared_this_month``). A past month: each month of its year as the record stood at
    its end (``rewritten``: the hazards rewritten since, as they stood)."""
    stamp = _memo_stamp()
    current_first = local_date(period.month_start)
    year_first = current_first.replace(month=1)
    by_month = {}
    for first in _months(year_first, current_first):
        if first == current_first:
            by_month[first] = _flows(
                period.month_start, period.as_of, street, rewritten, cleared_this_month
            )
        elif period.past:
            until = start_of_local_day(add_months(first, 1))
            by_month[first] = _flows(start_of_local_day(first), until, street, rewritten)
        else:
            by_month[first] = _completed_month_flows(first, street, stamp)
    this_year = list(by_month.values())
    totals.found_this_month = by_month[current_first][0]
    totals.found_this_year = sum(flows[0] for flows in this_year)
    totals.cleared_this_year = sum(flows[1] for flows in this_year)
    totals.extra["fixed_on_site_this_month"] = by_month[current_first][2]
    totals.extra["fixed_on_site_this_year"] = sum(flows[2] for flows in this_year)


def _last_submission() -> Any:
    """The moment of a hazard's last rectification submission (the approved one, for a
    cleared hazard: nothing is submitted after the approval)."""
    return (
        select(func.max(HazardEvent.at))
        .where(
            HazardEvent.hazard_id == Hazard.id,
            HazardEvent.type.in_(SUBMITTED_EVENTS),
        )
        .scalar_subquery()
    )


def _on_time(period: Period, street: str | None, totals: Totals, rewritten: dict) -> None:
    """按期整改率's parts: the hazards whose original deadline fell in the year up to
    ``as_of`` (never one fixed on site, nor one voided as of ``as_of``), and of them those
    whose rectification, submitted by that deadline, was approved before ``as_of``."""
    due = and_(
        Hazard.original_due_at >= period.year_start,
        Hazard.original_due_at < period.as_of,
        Hazard.fixed_on_site.is_(False),
        Hazard.status != HazardStatus.VOIDED,
        *not_rewritten(rewritten),
    )
    approved = and_(
        Hazard.status == HazardStatus.CLEARED,
        Hazard.cleared_at < period.as_of,
        _last_submission() <= Hazard.original_due_at,
    )
    query = select(func.count(), func.count().filter(approved)).where(due)
    if street:
        query = query.where(Hazard.street == street)
    denominator, numerator = db.session.execute(query).one()
    for then in rewritten.values():  # live at as_of: not yet approved
        if (
            period.year_start <= then.original_due_at < period.as_of
            and not then.fixed_on_site
            and (not street or then.street == street)
        ):
            denominator += 1
    totals.extra["due_this_year"] = denominator
    totals.extra["rectified_on_time"] = numerator


def _confirmation_limit(period: Period) -> datetime:
    """Proposed majors found before this are past the bureau's time to confirm them
    (``MAJOR_CONFIRMATION_DAYS``)."""
    return period.as_of - timedelta(days=int(current_app.config["MAJOR_CONFIRMATION_DAYS"]))


def _proposed_past_limit(period: Period, street: str | None, rewritten: dict) -> int:
    """Proposed major hazards (拟判重大) open at ``as_of`` and found longer ago than the
    bureau's confirmation time limit (``MAJOR_CONFIRMATION_DAYS``). Now, the board's pass
    over the live hazards counts them (``live_counts``); this is for a past ``period``."""
    limit = _confirmation_limit(period)
    total = 0
    for condition in _open_at_parts(period.as_of):
        query = select(func.count()).where(
            condition,
            Hazard.severity == Severity.MAJOR,
            Hazard.severity_confirmed.is_(False),
            Hazard.found_at < limit,
            *not_rewritten(rewritten),
        )
        if street:
            query = query.where(Hazard.street == street)
        total += db.session.scalar(query) or 0
    for then in rewritten.values():
        total += (
            then.open_at(period.as_of)
            and then.severity == Severity.MAJOR
            and not then.severity_confirmed
            and then.found_at < limit
            and (not street or then.street == street)
        )
    return total


# The visits coverage counts: civil affairs' own on-site inspections (not re-inspections).
COVERAGE_KINDS = (InspectionKind.ROUTINE, InspectionKind.SPECIAL, InspectionKind.SPOT_CHECK)


def _coverage(period: Period, street: str | None, totals: Totals) -> None:
    """Institutions in operation at some time this year up to ``as_of`` (as the directory
    stood then, ``history``), and how many of them had a civil-affairs on-site inspection
    (routine, special or spot check; by a civil affairs officer) submitted in that time."""
    operating = history.operating_during(period.year_start, period.as_of)
    if street:
        operating = {i: s for i, s in operating.items() if s == street}
    civil = or_(User.department.is_(None), User.department == Department.CIVIL_AFFAIRS)
    inspected = set(
        db.session.scalars(
            select(Inspection.institution_id)
            .join(User, User.id == Inspection.inspector_id)
            .where(
                Inspection.status == "submitted",
                Inspection.submitted_at >= period.year_start,
                Inspection.submitted_at < period.as_of,
                Inspection.kind.in_(COVERAGE_KINDS),
                civil,
            )
            .distinct()
        )
    )
    totals.institutions_operating = len(operating)
    totals.institutions_inspected = len(inspected & operating.keys())


# ---------------------------------------------------------------- figures


def figures(
    street: str | None = None, period: Period | None = None, rewritten: dict | None = None
) -> tuple[Period, list[InstitutionFigures], dict]:
    """Per-institution figures (district-wide or one street) as of ``period``, and how
    many of the hazards open then were found this year (and, now, how many live
    confirmed majors were found before this month)."""
    period = period or Period.now()
    institutions = select(Institution.id, Institution.name, Institution.street).order_by(
        Institution.id
    )
    if period.past:
        # Listed under the street they were in at the time.
        then = history.institutions_at(period.as_of)
        names = dict(core_rows(db.session, select(Institution.id, Institution.name)))
        rows = {
            i: InstitutionFigures(i, names[i], then[i][0])
            for i in sorted(then)
            if i in names and (not street or then[i][0] == street)
        }
    else:
        if street:
            institutions = institutions.where(Institution.street == street)
        rows = {
            row.id: InstitutionFigures(row.id, row.name, row.street)
            for row in core_rows(db.session, institutions)
        }
    if period.past:
        counts = past_counts(period.as_of, street, period.year_start, rewritten)
    else:
        counts = live_counts(
            period.as_of,
            street,
            period.year_start,
            period.month_start,
            _confirmation_limit(period),
        )
    cleared = cleared_counts(period.month_start, period.as_of, street, rewritten)
    # A closed hazard keeps its street: its institution may have moved away since.
    strangers = {row[0] for row in (*counts, *cleared)} - set(rows)
    if strangers:
        for found in db.session.execute(
            select(Institution.id, Institution.name, Institution.street).where(
                Institution.id.in_(strangers)
            )
        ):
            rows[found.id] = InstitutionFigures(found.id, found.name, found.street)
    open_found_this_year = live_majors_from_before = proposed_past_limit = 0
    for institution_id, *values in counts:
        row = rows[institution_id]
        for name, value in zip(COUNTS, values[: len(COUNTS)], strict=True):
            setattr(row, name, value)
        open_found_this_year += values[len(COUNTS)]
        if not period.past:
            live_majors_from_before += values[len(COUNTS) + 1]
            proposed_past_limit += values[len(COUNTS) + 2]
    extra = {"open_found_this_year": open_found_this_year}
    if not period.past:  # from the same pass: the live part of open_major_at(month_start),
        # and the proposed majors past the time to confirm them (_proposed_past_limit)
        extra["live_majors_from_before"] = live_majors_from_before
        extra["proposed_major_past_limit"] = proposed_past_limit
    for institution_id, count in cleared:
        rows[institution_id].cleared_this_month = count
    return period, sorted(rows.values(), key=lambda r: r.id), extra


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def compute(street: str | None = None, period: Period | None = None) -> dict:
    """Totals and rows as of ``period`` (the body of ``GET /clearance``, rows as objects)."""
    period = period or Period.now()
    rewritten = history.rewritten_since(period.as_of) if period.past else {}
    period, rows, extra = figures(street, period, rewritten)
    open_found_this_year = extra["open_found_this_year"]
    totals = Totals()
    cleared_this_month = sum(r.cleared_this_month for r in rows)
    _flow_totals(period, street, totals, rewritten, cleared_this_month)
    _on_time(period, street, totals, rewritten)
    _coverage(period, street, totals)
    if period.past:
        totals.open_major_prev_month_end = open_major_at(period.month_start, street)
    else:
        totals.open_major_prev_month_end = extra["live_majors_from_before"] + open_major_at(
            period.month_start, street, live=False
        )
    sums = {name: sum(getattr(r, name) for r in rows) for name in COUNTS}
    return {
        "as_of": period.as_of,
        "month": period.month,
        "street": street,
        "totals": {
            "institutions": len(rows),
            "institutions_cleared": sum(1 for r in rows if r.cleared),
            **sums,
            "open_major_prev_month_end": totals.open_major_prev_month_end,
            "found_this_month": totals.found_this_month,
            "cleared_this_month": cleared_this_month,
            "found_this_year": totals.found_this_year,
            "cleared_this_year": totals.cleared_this_year,
            "rectification_rate": _rate(
                totals.found_this_year - open_found_this_year, totals.found_this_year
            ),
            "due_this_year": totals.extra["due_this_year"],
            "rectified_on_time": totals.extra["rectified_on_time"],
            "on_time_rate": _rate(totals.extra["rectified_on_time"], totals.extra["due_this_year"]),
            "fixed_on_site_this_month": totals.extra["fixed_on_site_this_month"],
            "fixed_on_site_this_year": totals.extra["fixed_on_site_this_year"],
            "proposed_major_past_limit": (
                _proposed_past_limit(period, street, rewritten)
                if period.past
                else extra["proposed_major_past_limit"]
            ),
            "institutions_operating": totals.institutions_operating,
            "institutions_inspected_this_year": totals.institutions_inspected,
            "coverage": _rate(totals.institutions_inspected, totals.institutions_operating),
        },
        "on_target": sums["open_major"] + sums["proposed_major"] == 0 and sums["overdue"] == 0,
        "institutions": rows,
    }


def clearance(
    principal: Principal,
    street: str | None = None,
    month: tuple[int, int] | None = None,
    now: datetime | None = None,
) -> dict:
    """The board: totals and per-institution figures, district-wide or for one street,
    now or as of the end of ``month`` (year, month)."""
    street = policy.require_figures_reader(principal, street)
    period = Period.month_end(*month, now=now) if month else Period.now(now)
    return compute(street, period)


def as_json(figures: dict) -> dict:
    """The figures as ``ClearanceSchema`` documents them (``as_of`` still a datetime),
    built by hand: a district has hundreds or thousands of rows and marshmallow would
    cost more than the queries."""
    return {
        **figures,
        "institutions": [
            {
                "id": row.id,
                "name": row.name,
                "street": row.street,
                "open_major": row.open_major,
                "proposed_major": row.proposed_major,
                "open_general": row.open_general,
                "overdue": row.overdue,
                "awaiting_review": row.awaiting_review,
                "cleared_this_month": row.cleared_this_month,
                "cleared": row.cleared,
            }
            for row in figures["institutions"]
        ],
    }


def month_board(year: int, month: int, street: str | None = None) -> dict:
    """For the monthly report: the body of ``GET /clearance?month=YYYY-MM`` (JSON-ready,
    rows as dicts), as of the end of that month (as of now for the current month)."""
    return as_json(compute(street, Period.month_end(year, month)))
