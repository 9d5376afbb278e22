"""The monthly report's figures, as of the month's end (月度隐患报告的数据).

``month_figures(month, street=None)`` reads everything the report prints, as of the end
of the month (the first instant of the next month, Shanghai time).

The key figures (found, cleared, open major / proposed major / open general, overdue,
awaiting review, the rates, coverage, the previous month's open majors) are the totals of
``reports.clearance.month_board``: the body of ``GET /clearance?month=YYYY-MM`` for the
same month and street, so the PDF and the dashboard agree by construction (its docstring
holds the definitions). The report's own breakdowns (street x category, by category and
severity, the twelve-month trend, the open-major and overdue lists, the daily open
majors) are read here with the same definitions, so that they add up to those totals:

- a hazard is *found* in a period when ``found_at`` falls in it, *cleared* when
  ``cleared_at`` does (status ``cleared``), *open* at T when found before T and not
  cleared before T;
- a finished month is read as the record stood at its end (``reports.history``): a hazard
  extended, reclassified, moved or voided since is replayed from its chain up to then, so
  none of these rewrites the month; a hazard voided by the month's end counts nowhere and
  is listed apart (``voided_list``);
- its status at T comes from its last lifecycle event before T; it awaits review at T
  when its last ``rectification_submitted`` / review event before T is the submission,
  and then it is never overdue;
- proposed major hazards (拟判重大) are apart from confirmed ones: ``open_major`` and the
  daily open majors count confirmed ones only.
"""

from __future__ import annotations

import re
import uuid
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select

from inspect_app.checklists.models import Category, ChecklistVersion, Severity
from inspect_app.clock import add_months, local_date, start_of_local_day
from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.hazards.lifecycle import STATUS_AFTER
from inspect_app.hazards.models import (
    AuditCheckpoint,
    EventType,
    Hazard,
    HazardEvent,
    HazardStatus,
    Measure,
    MeasureKind,
)
from inspect_app.inspections.models import Answer, HazardDocument, Inspection
from inspect_app.institutions.models import Institution
from inspect_app.reports import clearance, history
from inspect_app.reports.models import ClearanceSnapshot
from inspect_app.spot_checks.models import SpotCheckDraw, SpotCheckPlan, SpotCheckSelection

MONTH_PATTERN = re.compile(r"(20\d{2})-(0[1-9]|1[0-2])")  # the API's years, 2000-2099

# Events that put a hazard under supervision (the 督办 column): the bureau's measures
# (``measure_taken``, labelled by their kind) and referral (移送).
SUPERVISION_EVENTS = (EventType.MEASURE_TAKEN, EventType.REFERRED)


def parse_month(month: str) -> date:
    match = MONTH_PATTERN.fullmatch(month or "")
    if not match:
        raise InvalidInput(errors={"month": ["月份格式须为 YYYY-MM / Month must be YYYY-MM"]})
    return date(int(match[1]), int(match[2]), 1)


@dataclass(slots=True)
class HazardAsOf:
    """One hazard's facts and status at the month's end."""

    id: str
    institution_id: int
    street: str
    category: str
    severity: str
    checklist_key: str | None
    item_code: str | None
    title: str
    found_at: datetime
    due_at: datetime
    cleared_at: datetime | None
    proposed: bool = False
    status: str = HazardStatus.OPEN  # at the month's end

    def open_at(self, moment: datetime) -> bool:
        return self.found_at < moment and (self.cleared_at is None or self.cleared_at >= moment)


@dataclass
class HazardLine:
    """A row of the open-major or overdue list."""

    institution: str
    street: str
    item: str
    severity: str
    status: str
    found_on: date
    due_on: date
    age_days: int
    days_overdue: int
    supervision: str = ""
    proposed: bool = False


@dataclass
class VoidedLine:
    """A hazard voided in the month (作废/撤销), with the reasons given."""

    institution: str
    street: str
    item: str
    found_on: date
    voided_on: date
    reason: str
    correction_number: str


@dataclass
class Cell:
    found: int = 0
    cleared: int = 0
    open: int = 0
    overdue: int = 0


@dataclass
class SpotCheckLine:
    name: str
    period: str
    drawn: int
    inspected: int
    published: bool
    publish_due: date
    on_time: bool | None  # None: not yet published and not yet due


@dataclass
class MonthFigures:
    month: str
    street: str | None
    start: datetime
    end: datetime
    institutions: int = 0  # in operation
    inspections: int = 0  # submitted this month
    institutions_inspected_month: int = 0
    institutions_inspected_year: int = 0
    coverage: float | None = None  # inspected this year ÷ in operation
    found: int = 0
    found_year: int = 0
    found_by: dict[tuple[str, str], int] = field(default_factory=dict)  # (category, severity)
    cleared: int = 0
    cleared_year: int = 0
    cleared_of_found_year: int = 0
    cleared_on_time_year: int = 0  # rectified by the (original) deadline, approved
    due_year: int = 0  # original deadlines that fell this year up to the month's end
    fixed_on_site: int = 0  # 当场整改 this month, apart from the rates
    fixed_on_site_year: int = 0
    proposed_past_limit: int = 0  # 拟判重大 older than the confirmation time limit
    rectification_rate: float | None = None  # 整改率
    on_time_rate: float | None = None  # 按期整改率
    open_major: int = 0  # confirmed only
    open_major_prev: int = 0  # confirmed, at the end of the previous month
    proposed_major: int = 0  # 拟判重大, open at the month's end, apart from open_major
    open_general: int = 0
    overdue: int = 0
    awaiting_review: int = 0
    daily_open_major: list[tuple[date, int]] = field(default_factory=list)
    trend: list[tuple[str, int, int]] = field(default_factory=list)  # (YYYY-MM, found, cleared)
    streets: list[str] = field(default_factory=list)
    matrix: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (street, category)
    open_major_list: list[HazardLine] = field(default_factory=list)
    overdue_list: list[HazardLine] = field(default_factory=list)
    top_failed: list[tuple[str, str, int]] = field(default_factory=list)  # (code, item, fails)
    spot_checks: list[SpotCheckLine] = field(default_factory=list)
    # The bureau's measures taken in the month, by kind (MeasureKind order), and in the year.
    measures: list[tuple[str, int, int]] = field(default_factory=list)  # (label, month, year)
    voided_list: list[VoidedLine] = field(default_factory=list)  # voided in the month
    checkpoint: tuple[int, str, datetime] | None = None  # (seq, root, at)
    totals: dict = field(default_factory=dict)  # the clearance totals the key figures are

    @property
    def open_major_change(self) -> int:
        return self.open_major - self.open_major_prev

    @property
    def street_totals(self) -> dict[str, Cell]:
        totals: dict[str, Cell] = {}
        for (street, _), cell in self.matrix.items():
            total = totals.setdefault(street, Cell())
            total.found += cell.found
            total.cleared += cell.cleared
            total.open += cell.open
            total.overdue += cell.overdue
        return totals


def month_bounds(first: date) -> tuple[datetime, datetime]:
    return start_of_local_day(first), start_of_local_day(add_months(first, 1))


def month_figures(month: str, street: str | None = None) -> MonthFigures:
    """Every figure of the report for ``month`` ("YYYY-MM"), district-wide or one street."""
    first = parse_month(month)
    start, end = month_bounds(first)
    street = street or None
    figures = MonthFigures(month=month, street=street, start=start, end=end)
    year_start = start_of_local_day(first.replace(month=1))
    trend_start = start_of_local_day(add_months(first, -11))

    _key_figures(figures, clearance.month_board(first.year, first.month, street)["totals"])
    institutions = _institutions(street, end)
    _inspections(figures, street)
    hazards = _hazards_as_of(end, trend_start, street)
    _breakdowns(figures, hazards, institutions, year_start)
    _trend(figures, hazards, first)
    _daily_open_major(figures, hazards, street, institutions)
    _lists(figures, hazards, institutions)
    figures.top_failed = _top_failed(start, end, street)
    figures.spot_checks = _spot_checks(year_start, end, street)
    figures.measures = _measures(year_start, start, end, street)
    figures.voided_list = _voided(start, end, street)
    checkpoint = db.session.execute(
        select(AuditCheckpoint.seq, AuditCheckpoint.root, AuditCheckpoint.at)
        .where(AuditCheckpoint.at < end)
        .order_by(AuditCheckpoint.seq.desc())
        .limit(1)
    ).first()
    figures.checkpoint = tuple(checkpoint) if checkpoint else None  # type: ignore[assignment]
    return figures


def _key_figures(figures: MonthFigures, totals: dict) -> None:
    """The key figures: the clearance totals for the same month and scope, as they are."""
    figures.totals = totals
    figures.institutions = totals["institutions_operating"]
    figures.institutions_inspected_year = totals["institutions_inspected_this_year"]
    figures.coverage = totals["coverage"]
    figures.found = totals["found_this_month"]
    figures.found_year = totals["found_this_year"]
    figures.cleared = totals["cleared_this_month"]
    figures.cleared_year = totals["cleared_this_year"]
    figures.rectification_rate = totals["rectification_rate"]
    figures.on_time_rate = totals["on_time_rate"]
    figures.cleared_on_time_year = totals["rectified_on_time"]
    figures.due_year = totals["due_this_year"]
    figures.fixed_on_site = totals["fixed_on_site_this_month"]
    figures.fixed_on_site_year = totals["fixed_on_site_this_year"]
    figures.proposed_past_limit = totals["proposed_major_past_limit"]
    figures.open_major = totals["open_major"]
    figures.open_major_prev = totals["open_major_prev_month_end"]
    figures.proposed_major = totals["proposed_major"]
    figures.open_general = totals["open_general"]
    figures.overdue = totals["overdue"]
    figures.awaiting_review = totals["awaiting_review"]


# -- institutions and inspections ---------------------------------------------------------


def _institutions(street: str | None, end: datetime) -> dict[int, tuple[str, str]]:
    """id -> (name, street), the street as it was at the month's end (as in the clearance
    figures)."""
    then = history.institutions_at(end)
    names = dict(db.session.execute(select(Institution.id, Institution.name)).all())
    return {
        i: (names[i], then[i][0])
        for i in then
        if i in names and (not street or then[i][0] == street)
    }


def _inspections(figures: MonthFigures, street: str | None) -> None:
    """Inspections submitted in the month, and how many institutions they covered."""
    query = select(Inspection.institution_id).where(
        Inspection.status == "submitted",
        Inspection.submitted_at >= figures.start,
        Inspection.submitted_at < figures.end,
    )
    if street:
        query = query.join(Institution, Institution.id == Inspection.institution_id).where(
            Institution.street == street
        )
    institution_ids = db.session.scalars(query).all()
    figures.inspections = len(institution_ids)
    figures.institutions_inspected_month = len(set(institution_ids))


# -- hazards as of the month's end ----------------------------------------------------------


def _hazards_as_of(end: datetime, since: datetime, street: str | None) -> list[HazardAsOf]:
    """Every hazard (never a voided one) found before ``end`` that was still open at
    ``since`` or found or cleared after it, with its status as of ``end``."""
    rewritten = history.rewritten_since(end)
    relevant = and_(
        Hazard.found_at < end,
        Hazard.status != HazardStatus.VOIDED,
        or_(Hazard.cleared_at.is_(None), Hazard.cleared_at >= since),
        *clearance.not_rewritten(rewritten),
    )
    if street:
        relevant = and_(relevant, Hazard.street == street)
    query = select(
        Hazard.id,
        Hazard.institution_id,
        Hazard.street,
        Hazard.category,
        Hazard.severity,
        Hazard.checklist_key,
        Hazard.item_code,
        Hazard.title,
        Hazard.found_at,
        Hazard.due_at,
        Hazard.cleared_at,
        Hazard.severity_confirmed,
        Hazard.status,
    ).where(relevant)
    hazards: dict[str, HazardAsOf] = {}
    for row in db.session.execute(query):
        hazard = HazardAsOf(str(row[0]), *row[1:10], cleared_at=None)
        if row.status == HazardStatus.CLEARED:  # cleared_at is set exactly then
            hazard.cleared_at = row.cleared_at
        hazard.proposed = row.severity == Severity.MAJOR and row.severity_confirmed is False
        hazards[hazard.id] = hazard
    _status_at(hazards, end, relevant)
    # Those rewritten since the month's end (extended, reclassified, moved, voided), as
    # the record stood then.
    for then in rewritten.values():
        if street and then.street != street:
            continue
        if then.cleared_at is not None and then.cleared_at < since:
            continue
        stored = db.session.get_one(Hazard, then.id)
        hazard = HazardAsOf(
            str(then.id),
            then.institution_id,
            then.street,
            stored.category,
            then.severity,
            stored.checklist_key,
            stored.item_code,
            stored.title,
            then.found_at,
            then.due_at,
            then.cleared_at,
            proposed=then.severity == Severity.MAJOR and not then.severity_confirmed,
        )
        if hazard.open_at(end):
            hazard.status = then.status
        hazards[hazard.id] = hazard
    return list(hazards.values())


def _status_at(hazards: dict[str, HazardAsOf], end: datetime, relevant: Any) -> None:
    """The status at ``end`` of the hazards open then: the one their last lifecycle event
    before ``end`` left; awaiting review exactly as the clearance figures reckon it (the
    last submission or review event before ``end`` is a submission)."""
    open_then = select(Hazard.id).where(
        relevant, or_(Hazard.cleared_at.is_(None), Hazard.cleared_at >= end)
    )
    query = (
        select(HazardEvent.hazard_id, HazardEvent.type)
        .where(
            HazardEvent.at < end,
            HazardEvent.type.in_(STATUS_AFTER),
            HazardEvent.hazard_id.in_(open_then),
        )
        .order_by(HazardEvent.hazard_id, HazardEvent.seq)
    )
    status: dict[str, str] = {}
    waiting: dict[str, bool] = {}
    review_steps = (*clearance.SUBMITTED_EVENTS, *clearance.REVIEW_EVENTS)
    for hazard_id, type_ in db.session.execute(query):
        key = str(hazard_id)
        status[key] = STATUS_AFTER[type_]
        if type_ in review_steps:
            waiting[key] = type_ in clearance.SUBMITTED_EVENTS
    for key, hazard in hazards.items():
        if not hazard.open_at(end):
            continue
        if waiting.get(key):
            hazard.status = HazardStatus.PENDING_REVIEW
        else:
            label = status.get(key, HazardStatus.OPEN)
            if label not in (HazardStatus.OPEN, HazardStatus.RECTIFYING):
                label = HazardStatus.RECTIFYING
            hazard.status = label


def _breakdowns(
    figures: MonthFigures,
    hazards: list[HazardAsOf],
    institutions: dict[int, tuple[str, str]],
    year_start: datetime,
) -> None:
    """Found by category and severity, the street x category table, and the numerators
    of the two rates, each adding up to its clearance total."""
    start, end = figures.start, figures.end
    found_by: Counter = Counter()
    matrix: dict[tuple[str, str], Cell] = defaultdict(Cell)
    streets = {street for _, street in institutions.values()}
    for h in hazards:
        cell = matrix[(h.street, h.category)]
        streets.add(h.street)
        if year_start <= h.found_at < end and h.cleared_at is not None and h.cleared_at < end:
            figures.cleared_of_found_year += 1
        if start <= h.found_at < end:
            found_by[(h.category, h.severity)] += 1
            cell.found += 1
        if h.cleared_at is not None and start <= h.cleared_at < end:
            cell.cleared += 1
        if h.open_at(end):
            cell.open += 1
            if h.status != HazardStatus.PENDING_REVIEW and h.due_at < end:
                cell.overdue += 1
    figures.found_by = dict(found_by)
    figures.streets = sorted(streets)
    figures.matrix = {
        (street, category): matrix.get((street, category), Cell())
        for street in figures.streets
        for category in sorted({*Category, *(c for _, c in matrix)})
    }


def _trend(figures: MonthFigures, hazards: list[HazardAsOf], first: date) -> None:
    """Found and cleared in each of the twelve months up to this one."""
    months = [add_months(first, offset) for offset in range(-11, 1)]
    bounds = [start_of_local_day(m) for m in [*months, add_months(first, 1)]]
    found = [0] * 12
    cleared = [0] * 12

    def bucket(moment: datetime) -> int | None:
        index = bisect_right(bounds, moment) - 1
        return index if 0 <= index < 12 else None

    for h in hazards:
        index = bucket(h.found_at)
        if index is not None:
            found[index] += 1
        if h.cleared_at is not None:
            index = bucket(h.cleared_at)
            if index is not None:
                cleared[index] += 1
    figures.trend = [
        (f"{m.year}-{m.month:02d}", found[i], cleared[i]) for i, m in enumerate(months)
    ]


def _daily_open_major(
    figures: MonthFigures,
    hazards: list[HazardAsOf],
    street: str | None,
    institutions: dict[int, tuple[str, str]],
) -> None:
    """Open major hazards at the end of each day of the month: from the daily clearance
    snapshots, and for a day without one, from the hazards themselves (confirmed ones, as
    the snapshots count them). A street's: its institutions at the month's end."""
    first, last = local_date(figures.start), local_date(figures.end) - timedelta(days=1)
    query = (
        select(ClearanceSnapshot.day, func.sum(ClearanceSnapshot.open_major))
        .where(ClearanceSnapshot.day >= first, ClearanceSnapshot.day <= last)
        .group_by(ClearanceSnapshot.day)
    )
    if street:
        query = query.where(ClearanceSnapshot.institution_id.in_(list(institutions) or [0]))
    snapshots = {day: int(total or 0) for day, total in db.session.execute(query)}
    majors = [h for h in hazards if h.severity == Severity.MAJOR and not h.proposed]
    day = first
    while day <= last:
        if day in snapshots:
            count = snapshots[day]
        else:
            day_end = start_of_local_day(day + timedelta(days=1))
            count = sum(1 for h in majors if h.open_at(day_end))
        figures.daily_open_major.append((day, count))
        day += timedelta(days=1)


def _lists(
    figures: MonthFigures,
    hazards: list[HazardAsOf],
    institutions: dict[int, tuple[str, str]],
) -> None:
    """Open major hazards at the end (confirmed ones first, then the proposed ones) and
    the overdue ones (never awaiting review)."""
    end = figures.end
    end_day = local_date(end - timedelta(microseconds=1))
    titles = _item_titles()
    open_major = [h for h in hazards if h.severity == Severity.MAJOR and h.open_at(end)]
    overdue = [
        h
        for h in hazards
        if h.open_at(end) and h.due_at < end and h.status != HazardStatus.PENDING_REVIEW
    ]
    supervision = _supervision([h.id for h in open_major], end)
    names = dict(institutions)
    missing = {h.institution_id for h in (*open_major, *overdue)} - names.keys()
    if missing:
        for row in db.session.execute(
            select(Institution.id, Institution.name, Institution.street).where(
                Institution.id.in_(missing)
            )
        ):
            names[row.id] = (row.name, row.street)

    def line(h: HazardAsOf) -> HazardLine:
        item = titles.get((h.checklist_key, h.item_code), h.title)
        label = f"{h.item_code} {item}" if h.item_code else item
        return HazardLine(
            institution=names.get(h.institution_id, (str(h.institution_id), ""))[0],
            street=h.street,
            item=label,
            severity=h.severity,
            status=h.status,
            found_on=local_date(h.found_at),
            due_on=local_date(h.due_at - timedelta(microseconds=1)),
            age_days=(end_day - local_date(h.found_at)).days,
            days_overdue=max(0, (end - h.due_at).days),
            supervision=supervision.get(h.id, ""),
            proposed=h.proposed,
        )

    figures.open_major_list = [
        line(h) for h in sorted(open_major, key=lambda h: (h.proposed, h.found_at, h.id))
    ]
    figures.overdue_list = [line(h) for h in sorted(overdue, key=lambda h: (h.due_at, h.id))]


def _supervision(hazard_ids: list[str], end: datetime) -> dict[str, str]:
    labels: dict[str, set[str]] = defaultdict(set)
    if not hazard_ids:
        return {}
    # Only the listed hazards' events, a chunk at a time (the (hazard_id, seq) index), never
    # every supervision event of the district's history.
    for start in range(0, len(hazard_ids), 1000):
        rows = db.session.execute(
            select(HazardEvent.hazard_id, HazardEvent.type, HazardEvent.data).where(
                HazardEvent.hazard_id.in_([uuid.UUID(h) for h in hazard_ids[start : start + 1000]]),
                HazardEvent.type.in_(SUPERVISION_EVENTS),
                HazardEvent.at < end,
            )
        )
        for hazard_id, type_, data in rows:
            if type_ == EventType.REFERRED:
                labels[str(hazard_id)].add("已移送")
            else:
                labels[str(hazard_id)].add(MeasureKind.label_of((data or {}).get("kind", "")))
    return {hazard_id: "、".join(sorted(names)) for hazard_id, names in labels.items()}


def _measures(
    year_start: datetime, start: datetime, end: datetime, street: str | None
) -> list[tuple[str, int, int]]:
    """The bureau's measures (on hazards and institutions) taken in the month and in the
    year up to its end, by kind, in the street the institution was in when taken."""
    query = (
        select(
            Measure.kind,
            func.count().filter(Measure.taken_at >= start),
            func.count(),
        )
        .where(Measure.taken_at >= year_start, Measure.taken_at < end)
        .group_by(Measure.kind)
    )
    if street:
        query = query.where(Measure.street == street)
    counts = {kind: (month, year) for kind, month, year in db.session.execute(query)}
    return [(kind.label, *counts.get(kind.value, (0, 0))) for kind in MeasureKind]


def _voided(start: datetime, end: datetime, street: str | None) -> list[VoidedLine]:
    """Hazards voided in the month, with the proposer's and the approver's reasons and the
    correction notice's number."""
    query = (
        select(Hazard, Institution.name)
        .join(Institution, Institution.id == Hazard.institution_id)
        .where(Hazard.voided_at >= start, Hazard.voided_at < end)
        .order_by(Hazard.voided_at, Hazard.id)
    )
    if street:
        query = query.where(Hazard.street == street)
    rows = db.session.execute(query).all()
    if not rows:
        return []
    ids = [hazard.id for hazard, _ in rows]
    # The reasons of the proposal that was approved (the last one) and of the approval.
    notes: dict[Any, dict[str, str]] = defaultdict(dict)
    for hazard_id, type_, note in db.session.execute(
        select(HazardEvent.hazard_id, HazardEvent.type, HazardEvent.note)
        .where(
            HazardEvent.hazard_id.in_(ids),
            HazardEvent.type.in_((EventType.VOID_PROPOSED, EventType.VOIDED)),
        )
        .order_by(HazardEvent.hazard_id, HazardEvent.seq)
    ):
        if note:
            notes[hazard_id][type_] = note
    numbers = dict(
        db.session.execute(
            select(HazardDocument.hazard_id, HazardDocument.number).where(
                HazardDocument.hazard_id.in_(ids), HazardDocument.kind == "correct"
            )
        ).all()
    )
    return [
        VoidedLine(
            institution=name,
            street=hazard.street,
            item=f"{hazard.item_code} {hazard.title}" if hazard.item_code else hazard.title,
            found_on=local_date(hazard.found_at),
            voided_on=local_date(hazard.voided_at or hazard.found_at),
            reason="；".join(notes.get(hazard.id, {}).values()),
            correction_number=numbers.get(hazard.id, ""),
        )
        for hazard, name in rows
    ]


def _item_titles() -> dict[tuple[str | None, str | None], str]:
    """(checklist, item code) -> the item's Chinese prompt, from each checklist's latest
    version."""
    latest = (
        select(ChecklistVersion.key, func.max(ChecklistVersion.version).label("version"))
        .group_by(ChecklistVersion.key)
        .subquery()
    )
    versions = db.session.scalars(
        select(ChecklistVersion).join(
            latest,
            and_(
                ChecklistVersion.key == latest.c.key, ChecklistVersion.version == latest.c.version
            ),
        )
    )
    titles: dict[tuple[str | None, str | None], str] = {}
    for version in versions:
        for section in (version.content or {}).get("sections", []):
            for item in section.get("items", []):
                prompt = item.get("prompt") or {}
                titles[(version.key, item.get("code"))] = prompt.get("zh") or item.get("code")
    return titles


def _top_failed(start: datetime, end: datetime, street: str | None) -> list[tuple[str, str, int]]:
    """The ten checklist items failed most often in inspections submitted this month."""
    fails = func.count().label("fails")
    query = (
        select(Answer.checklist_key, Answer.item_code, fails)
        .join(Inspection, Inspection.id == Answer.inspection_id)
        .where(
            Answer.result == "fail",
            Inspection.status == "submitted",
            Inspection.submitted_at >= start,
            Inspection.submitted_at < end,
        )
        .group_by(Answer.checklist_key, Answer.item_code)
        .order_by(fails.desc(), Answer.checklist_key, Answer.item_code)
        .limit(10)
    )
    if street:
        query = query.join(Institution, Institution.id == Inspection.institution_id).where(
            Institution.street == street
        )
    titles = _item_titles()
    return [
        (code, titles.get((key, code), code), count)
        for key, code, count in db.session.execute(query)
    ]


def _spot_checks(year_start: datetime, end: datetime, street: str | None) -> list[SpotCheckLine]:
    """双随机 plans of the year: drawn, inspected and published as of the month's end."""
    first_day = local_date(year_start)
    last_day = local_date(end) - timedelta(days=1)
    plans = db.session.scalars(
        select(SpotCheckPlan)
        .where(
            SpotCheckPlan.period_start <= last_day,
            SpotCheckPlan.period_end >= first_day,
            SpotCheckPlan.created_at < end,
        )
        .order_by(SpotCheckPlan.period_start, SpotCheckPlan.id)
    ).all()
    lines = []
    for plan in plans:
        draw_id = db.session.scalar(
            select(SpotCheckDraw.id)
            .where(
                SpotCheckDraw.plan_id == plan.id,
                SpotCheckDraw.drawn_at < end,
                or_(SpotCheckDraw.superseded_at.is_(None), SpotCheckDraw.superseded_at >= end),
            )
            .order_by(SpotCheckDraw.number.desc())
            .limit(1)
        )
        drawn = inspected = 0
        if draw_id is not None:
            query = (
                select(
                    SpotCheckSelection.result, SpotCheckSelection.result_at, Inspection.submitted_at
                )
                .outerjoin(Inspection, Inspection.id == SpotCheckSelection.inspection_id)
                .where(SpotCheckSelection.draw_id == draw_id)
            )
            if street:
                query = query.join(
                    Institution, Institution.id == SpotCheckSelection.institution_id
                ).where(Institution.street == street)
            for result, result_at, submitted_at in db.session.execute(query):
                drawn += 1
                if (result is not None and result_at is not None and result_at < end) or (
                    submitted_at is not None and submitted_at < end
                ):
                    inspected += 1
        published = plan.published_at is not None and plan.published_at < end
        on_time: bool | None
        if published:
            on_time = local_date(plan.published_at) <= plan.publish_due  # type: ignore[arg-type]
        else:
            on_time = False if last_day > plan.publish_due else None
        lines.append(
            SpotCheckLine(
                name=plan.name,
                period=f"{plan.period_start.isoformat()} 至 {plan.period_end.isoformat()}",
                drawn=drawn,
                inspected=inspected,
                published=published,
                publish_due=plan.publish_due,
                on_time=on_time,
            )
        )
    return lines
