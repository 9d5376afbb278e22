"""Dynamic clearance (动态清零): live figures per institution, street and district.

An institution is cleared when it has no open major hazard. The clearance rate is the
share of this month's workload that is done: cleared this month / (cleared this month
+ still open); 1.0 when nothing is open. Computed from two grouped queries that touch
only live hazards and this month's clearances, never the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select, text

from inspect_app.accounts.principal import Principal
from inspect_app.clock import local_date, start_of_local_day
from inspect_app.db import utcnow
from inspect_app.extensions import db
from inspect_app.hazards import policy
from inspect_app.hazards.models import LIVE_CONDITION, ClearanceSnapshot, Hazard
from inspect_app.institutions.models import Institution


@dataclass
class InstitutionFigures:
    id: int
    name: str
    street: str
    open_major: int = 0
    open_general: int = 0
    overdue: int = 0
    cleared_this_month: int = 0

    @property
    def cleared(self) -> bool:
        return self.open_major == 0


def month_start(now: datetime) -> datetime:
    return start_of_local_day(local_date(now).replace(day=1))


def live_counts(now: datetime, institution_ids=None):
    """(institution_id, open_major, open_general, overdue) over live hazards only."""
    query = (
        select(
            Hazard.institution_id,
            func.count().filter(Hazard.severity == "major"),
            func.count().filter(Hazard.severity == "general"),
            func.count().filter(Hazard.due_at < now, Hazard.status != "pending_review"),
        )
        # Literal, not a bound parameter: only then can SQLite use the partial index
        # on live hazards (its WHERE clause must match the query's text).
        .where(text(LIVE_CONDITION))
        .group_by(Hazard.institution_id)
    )
    if institution_ids is not None:
        query = query.where(Hazard.institution_id.in_(institution_ids))
    return db.session.execute(query).all()


def cleared_counts(since: datetime, until: datetime, institution_ids=None):
    query = (
        select(Hazard.institution_id, func.count())
        .where(Hazard.cleared_at >= since, Hazard.cleared_at < until)
        .group_by(Hazard.institution_id)
    )
    if institution_ids is not None:
        query = query.where(Hazard.institution_id.in_(institution_ids))
    return db.session.execute(query).all()


def figures(street: str | None = None, now: datetime | None = None) -> list[InstitutionFigures]:
    now = now or utcnow()
    institutions = select(Institution.id, Institution.name, Institution.street).order_by(
        Institution.id
    )
    scope = None
    if street:
        institutions = institutions.where(Institution.street == street)
        scope = select(Institution.id).where(Institution.street == street)
    rows = {
        row.id: InstitutionFigures(row.id, row.name, row.street)
        for row in db.session.execute(institutions)
    }
    for institution_id, major, general, overdue in live_counts(now, scope):
        if institution_id in rows:
            row = rows[institution_id]
            row.open_major, row.open_general, row.overdue = major, general, overdue
    for institution_id, count in cleared_counts(month_start(now), now, scope):
        if institution_id in rows:
            rows[institution_id].cleared_this_month = count
    return list(rows.values())


def clearance(principal: Principal, street: str | None = None, now: datetime | None = None) -> dict:
    """The board: totals and per-institution figures, district-wide or for one street."""
    policy.require_figures_reader(principal)
    now = now or utcnow()
    rows = figures(street, now)
    open_major = sum(r.open_major for r in rows)
    open_general = sum(r.open_general for r in rows)
    cleared = sum(r.cleared_this_month for r in rows)
    workload = cleared + open_major + open_general
    return {
        "as_of": now,
        "street": street,
        "totals": {
            "institutions": len(rows),
            "institutions_cleared": sum(1 for r in rows if r.cleared),
            "open_major": open_major,
            "open_general": open_general,
            "overdue": sum(r.overdue for r in rows),
            "cleared_this_month": cleared,
            "clearance_rate": round(cleared / workload, 4) if workload else 1.0,
        },
        "on_target": open_major == 0 and sum(r.overdue for r in rows) == 0,
        "institutions": rows,
    }


def snapshot(now: datetime | None = None) -> int:
    """Store today's (local) figures per institution; running it again replaces them."""
    now = now or utcnow()
    day = local_date(now)
    start = start_of_local_day(day)
    live = {row[0]: row[1:] for row in live_counts(now)}
    cleared = dict(cleared_counts(start, start + timedelta(days=1)))
    institution_ids = db.session.scalars(select(Institution.id)).all()
    db.session.execute(delete(ClearanceSnapshot).where(ClearanceSnapshot.day == day))
    rows = [
        {
            "day": day,
            "institution_id": institution_id,
            "open_major": live.get(institution_id, (0, 0, 0))[0],
            "open_general": live.get(institution_id, (0, 0, 0))[1],
            "overdue": live.get(institution_id, (0, 0, 0))[2],
            "cleared_today": cleared.get(institution_id, 0),
        }
        for institution_id in institution_ids
    ]
    if rows:
        db.session.execute(insert(ClearanceSnapshot), rows)
    return len(rows)
