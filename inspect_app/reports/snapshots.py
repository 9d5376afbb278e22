"""The daily clearance snapshot (a scheduled job): each institution's figures at the end
of the local day, which the monthly report's daily trend reads."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select

from inspect_app.clock import local_date, start_of_local_day, utcnow
from inspect_app.extensions import db
from inspect_app.institutions.models import Institution
from inspect_app.reports.clearance import COUNTS, cleared_counts, live_counts
from inspect_app.reports.models import ClearanceSnapshot


def snapshot(now: datetime | None = None) -> int:
    """Store today's (local) figures per institution; running it again replaces them.

    The same definitions as the board now (``live_counts``): open major (confirmed),
    proposed major, open general, overdue, awaiting review, and the hazards cleared on
    this local day; voided ones nowhere."""
    now = now or utcnow()
    day = local_date(now)
    start = start_of_local_day(day)
    live = {row[0]: row[1 : 1 + len(COUNTS)] for row in live_counts(now)}
    cleared = dict(cleared_counts(start, start + timedelta(days=1)))
    institution_ids = db.session.scalars(select(Institution.id)).all()
    db.session.execute(delete(ClearanceSnapshot).where(ClearanceSnapshot.day == day))
    empty = (0,) * len(COUNTS)
    rows = []
    for institution_id in institution_ids:
        counts = dict(zip(COUNTS, live.get(institution_id, empty), strict=True))
        rows.append(
            {
                "day": day,
                "institution_id": institution_id,
                "open_major": counts["open_major"],
                "open_general": counts["open_general"],
                "overdue": counts["overdue"],
                "proposed_major": counts["proposed_major"],
                "awaiting_review": counts["awaiting_review"],
                "cleared_today": cleared.get(institution_id, 0),
            }
        )
    if rows:
        db.session.execute(insert(ClearanceSnapshot), rows)
    return len(rows)
