"""The monthly report's figures, as of the month's end (月度隐患报告的数据).

``month_figures(month, street=None)`` reads everything the report prints, as the record
stood at the end of the month (the first instant of the next month, Shanghai time), so
that a report made later shows the same numbers:

- a hazard is *found* in the month when ``found_at`` falls in it, *cleared* when
  ``cleared_at`` does, and *open* at a moment T when ``found_at < T`` and it was not
  cleared before T (``cleared_at`` null or ``>= T``);
- its status at T (pending review, voided) is the status set by its latest lifecycle
  event before T, and its facts (street, category, severity, deadline ...) are the facts
  as of its events before T: facts changed later (a street move, an extension) are
  replayed from the event chain;
- voided hazards (recorded in error) count nowhere; a ``pending_review`` hazard is never
  overdue (the institution has done its part).

TODO(clearance): the ``clearance`` branch computes the bureau's figures for any past
month; once merged, the key figures here should come from there (one definition). Hazards
are about to gain ``severity_confirmed``, ``fixed_on_site`` and a ``voided`` status: this
module reads ``severity_confirmed`` when the column exists (else no major hazard counts as
proposed) and treats a ``voided`` event as the status ``voided``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select

from inspect_app.checklists.models import CATEGORIES, ChecklistVersion
from inspect_app.clock import local_date, start_of_local_day
from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.hazards.chain import FACTS
from inspect_app.hazards.models import AuditCheckpoint, ClearanceSnapshot, Hazard, HazardEvent
from inspect_app.inspections.models import Answer, Inspection
from inspect_app.institutions.models import Institution
from inspect_app.spot_checks.models import SpotCheckDraw, SpotCheckPlan, SpotCheckSelection

MONTH_PATTERN = re.compile(r"^([1-9]\d{3})-(0[1-9]|1[0-2])$")

# The status each lifecycle event leaves a hazard in.
STATUS_AFTER = {
    "found": "open",
    "acknowledged": "rectifying",
    "rectification_submitted": "pending_review",
    "review_approved": "cleared",
    "review_rejected": "rectifying",
    "voided": "voided",  # TODO(hazard-rules): the void action's event type
}
# Events that never change a fact; any other event may carry new facts in data["facts"].
FACTLESS_EVENTS = {*STATUS_AFTER, "found_again", "overdue", "referred"}
# Events that put a hazard under supervision, and the label printed for each.
# TODO(hazard-rules): the event types of 挂牌督办 and 移送 once they exist.
SUPERVISION_EVENTS = {
    "supervised": "挂牌督办",
    "listed_for_supervision": "挂牌督办",
    "referred": "已移送",
}


def parse_month(month: str) -> date:
    match = MONTH_PATTERN.match(month or "")
    if not match:
        raise InvalidInput(errors={"month": ["月份格式须为 YYYY-MM / Month must be YYYY-MM"]})
    return date(int(match[1]), int(match[2]), 1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


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
    status: str = "open"  # at the month's end

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
    cleared_on_time_year: int = 0
    rectification_rate: float | None = None  # 整改率
    on_time_rate: float | None = None  # 按期整改率
    open_major: int = 0  # confirmed and proposed
    open_major_prev: int = 0  # at the end of the previous month
    proposed_major: int = 0  # 拟判重大, open at the month's end
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
    checkpoint: tuple[int, str, datetime] | None = None  # (seq, root, at)

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
    figures = MonthFigures(month=month, street=street or None, start=start, end=end)
    year_start = start_of_local_day(first.replace(month=1))
    trend_start = start_of_local_day(add_months(first, -11))

    institutions = _institutions(street)
    operating = {i for i, (_, _, status) in institutions.items() if status == "operating"}
    figures.institutions = len(operating)
    _inspections(figures, street, year_start, operating)

    hazards = _hazards_as_of(end, trend_start, street)
    _hazard_figures(figures, hazards, institutions, year_start)
    _trend(figures, hazards, first)
    _daily_open_major(figures, hazards, street)
    _lists(figures, hazards, institutions)
    figures.top_failed = _top_failed(start, end, street)
    figures.spot_checks = _spot_checks(year_start, end, street)
    checkpoint = db.session.execute(
        select(AuditCheckpoint.seq, AuditCheckpoint.root, AuditCheckpoint.at)
        .where(AuditCheckpoint.at < end)
        .order_by(AuditCheckpoint.seq.desc())
        .limit(1)
    ).first()
    figures.checkpoint = tuple(checkpoint) if checkpoint else None  # type: ignore[assignment]
    return figures


# -- institutions and inspections ---------------------------------------------------------


def _institutions(street: str | None) -> dict[int, tuple[str, str, str]]:
    """id -> (name, street, status). TODO: streets and statuses as they are now, not as of
    the month's end (institutions keep no history yet)."""
    query = select(Institution.id, Institution.name, Institution.street, Institution.status)
    if street:
        query = query.where(Institution.street == street)
    return {row.id: (row.name, row.street, row.status) for row in db.session.execute(query)}


def _inspections(
    figures: MonthFigures, street: str | None, year_start: datetime, operating: set[int]
) -> None:
    query = select(Inspection.institution_id, Inspection.submitted_at).where(
        Inspection.status == "submitted",
        Inspection.submitted_at >= year_start,
        Inspection.submitted_at < figures.end,
    )
    if street:
        query = query.join(Institution, Institution.id == Inspection.institution_id).where(
            Institution.street == street
        )
    in_month: set[int] = set()
    in_year: set[int] = set()
    for institution_id, submitted_at in db.session.execute(query):
        in_year.add(institution_id)
        if submitted_at is not None and submitted_at >= figures.start:
            figures.inspections += 1
            in_month.add(institution_id)
    figures.institutions_inspected_month = len(in_month)
    figures.institutions_inspected_year = len(in_year & operating)
    if operating:
        figures.coverage = figures.institutions_inspected_year / len(operating)


# -- hazards as of the month's end ----------------------------------------------------------


def _hazards_as_of(end: datetime, since: datetime, street: str | None) -> list[HazardAsOf]:
    """Every hazard found before ``end`` that was still open at ``since`` or found or
    cleared after it, with its facts and status as of ``end``."""
    proposed_column = getattr(Hazard, "severity_confirmed", None)
    columns = [
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
    ]
    if proposed_column is not None:
        columns.append(proposed_column)
    relevant = and_(
        Hazard.found_at < end, or_(Hazard.cleared_at.is_(None), Hazard.cleared_at >= since)
    )
    hazards: dict[str, HazardAsOf] = {}
    for row in db.session.execute(select(*columns).where(relevant)):
        hazard = HazardAsOf(str(row[0]), *row[1:11])  # type: ignore[arg-type]
        if proposed_column is not None:
            hazard.proposed = row[4] == "major" and row[11] is False
        hazards[hazard.id] = hazard
    _replay_changed_facts(hazards, end, relevant)
    _status_at(hazards, end, relevant)
    return [
        h for h in hazards.values() if h.status != "voided" and (not street or h.street == street)
    ]


def _replay_changed_facts(hazards: dict[str, HazardAsOf], end: datetime, relevant) -> None:
    """Hazards whose facts changed after ``end``: their facts as of ``end``, from events."""
    changed = select(HazardEvent.hazard_id).where(
        HazardEvent.at >= end,
        HazardEvent.seq > 1,
        HazardEvent.type.not_in(FACTLESS_EVENTS),
        HazardEvent.hazard_id.in_(select(Hazard.id).where(relevant)),
    )
    ids = set(db.session.scalars(changed))
    for hazard_id in ids:
        hazard = hazards.get(str(hazard_id))
        if hazard is None:
            continue
        facts: dict = {}
        events = db.session.execute(
            select(HazardEvent.data)
            .where(HazardEvent.hazard_id == hazard_id, HazardEvent.at < end)
            .order_by(HazardEvent.seq)
        ).scalars()
        for data in events:
            facts.update((data or {}).get("facts") or {})
        for name in ("street", "category", "severity", "title", "due_at", "institution_id"):
            if name in facts and name in FACTS:
                value = facts[name]
                if name == "due_at":
                    value = datetime.fromisoformat(value)
                setattr(hazard, name, value)


def _status_at(hazards: dict[str, HazardAsOf], end: datetime, relevant) -> None:
    """The status set by each live-at-``end`` hazard's latest lifecycle event before it."""
    live = select(Hazard.id).where(
        relevant, or_(Hazard.cleared_at.is_(None), Hazard.cleared_at >= end)
    )
    latest = (
        select(HazardEvent.hazard_id, func.max(HazardEvent.seq).label("seq"))
        .where(
            HazardEvent.at < end,
            HazardEvent.type.in_(STATUS_AFTER),
            HazardEvent.hazard_id.in_(live),
        )
        .group_by(HazardEvent.hazard_id)
        .subquery()
    )
    query = select(HazardEvent.hazard_id, HazardEvent.type).join(
        latest, and_(HazardEvent.hazard_id == latest.c.hazard_id, HazardEvent.seq == latest.c.seq)
    )
    for hazard_id, type_ in db.session.execute(query):
        hazard = hazards.get(str(hazard_id))
        if hazard is not None:
            hazard.status = STATUS_AFTER[type_]


def _hazard_figures(
    figures: MonthFigures,
    hazards: list[HazardAsOf],
    institutions: dict[int, tuple[str, str, str]],
    year_start: datetime,
) -> None:
    start, end = figures.start, figures.end
    found_by: Counter = Counter()
    matrix: dict[tuple[str, str], Cell] = defaultdict(Cell)
    streets = {street for _, street, _ in institutions.values()}
    for h in hazards:
        cell = matrix[(h.street, h.category)]
        streets.add(h.street)
        if year_start <= h.found_at < end:
            figures.found_year += 1
            if h.cleared_at is not None and h.cleared_at < end:
                figures.cleared_of_found_year += 1
            if h.found_at >= start:
                figures.found += 1
                found_by[(h.category, h.severity)] += 1
                cell.found += 1
        if h.cleared_at is not None and year_start <= h.cleared_at < end:
            figures.cleared_year += 1
            if h.cleared_at <= h.due_at:
                figures.cleared_on_time_year += 1
            if h.cleared_at >= start:
                figures.cleared += 1
                cell.cleared += 1
        if h.severity == "major" and h.open_at(start):
            figures.open_major_prev += 1
        if h.open_at(end):
            cell.open += 1
            if h.severity == "major":
                figures.open_major += 1
                figures.proposed_major += h.proposed
            else:
                figures.open_general += 1
            if h.status == "pending_review":
                figures.awaiting_review += 1
            elif h.due_at < end:
                figures.overdue += 1
                cell.overdue += 1
    figures.found_by = dict(found_by)
    figures.streets = sorted(streets)
    figures.matrix = {
        (street, category): matrix.get((street, category), Cell())
        for street in figures.streets
        for category in sorted({*CATEGORIES, *(c for _, c in matrix)})
    }
    if figures.found_year:
        figures.rectification_rate = figures.cleared_of_found_year / figures.found_year
    if figures.cleared_year:
        figures.on_time_rate = figures.cleared_on_time_year / figures.cleared_year


def _trend(figures: MonthFigures, hazards: list[HazardAsOf], first: date) -> None:
    """Found and cleared in each of the twelve months up to this one."""
    months = [add_months(first, offset) for offset in range(-11, 1)]
    bounds = [start_of_local_day(m) for m in [*months, add_months(first, 1)]]
    found = [0] * 12
    cleared = [0] * 12

    def bucket(moment: datetime) -> int | None:
        if moment < bounds[0] or moment >= bounds[-1]:
            return None
        for index in range(12):
            if moment < bounds[index + 1]:
                return index
        return None

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


def _daily_open_major(figures: MonthFigures, hazards: list[HazardAsOf], street: str | None) -> None:
    """Open major hazards at the end of each day of the month: from the daily clearance
    snapshots, and for a day without one, from the hazards themselves."""
    first, last = local_date(figures.start), local_date(figures.end) - timedelta(days=1)
    query = (
        select(ClearanceSnapshot.day, func.sum(ClearanceSnapshot.open_major))
        .where(ClearanceSnapshot.day >= first, ClearanceSnapshot.day <= last)
        .group_by(ClearanceSnapshot.day)
    )
    if street:
        query = query.join(Institution, Institution.id == ClearanceSnapshot.institution_id).where(
            Institution.street == street
        )
    snapshots = {day: int(total or 0) for day, total in db.session.execute(query)}
    majors = [h for h in hazards if h.severity == "major"]
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
    institutions: dict[int, tuple[str, str, str]],
) -> None:
    end = figures.end
    end_day = local_date(end - timedelta(microseconds=1))
    titles = _item_titles()
    open_major = [h for h in hazards if h.severity == "major" and h.open_at(end)]
    overdue = [
        h for h in hazards if h.open_at(end) and h.due_at < end and h.status != "pending_review"
    ]
    supervision = _supervision([h.id for h in open_major], end)
    names = dict(institutions)
    missing = {h.institution_id for h in (*open_major, *overdue)} - names.keys()
    if missing:
        for row in db.session.execute(
            select(Institution.id, Institution.name, Institution.street, Institution.status).where(
                Institution.id.in_(missing)
            )
        ):
            names[row.id] = (row.name, row.street, row.status)

    def line(h: HazardAsOf) -> HazardLine:
        item = titles.get((h.checklist_key, h.item_code), h.title)
        label = f"{h.item_code} {item}" if h.item_code else item
        return HazardLine(
            institution=names.get(h.institution_id, (str(h.institution_id), "", ""))[0],
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
        line(h) for h in sorted(open_major, key=lambda h: (h.found_at, h.id))
    ]
    figures.overdue_list = [line(h) for h in sorted(overdue, key=lambda h: (h.due_at, h.id))]


def _supervision(hazard_ids: list[str], end: datetime) -> dict[str, str]:
    labels: dict[str, set[str]] = defaultdict(set)
    if not hazard_ids:
        return {}
    rows = db.session.execute(
        select(HazardEvent.hazard_id, HazardEvent.type).where(
            HazardEvent.type.in_(SUPERVISION_EVENTS), HazardEvent.at < end
        )
    )
    wanted = set(hazard_ids)
    for hazard_id, type_ in rows:
        if str(hazard_id) in wanted:
            labels[str(hazard_id)].add(SUPERVISION_EVENTS[type_])
    return {hazard_id: "、".join(sorted(names)) for hazard_id, names in labels.items()}


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
