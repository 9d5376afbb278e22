"""Making, storing and finding monthly reports: one frozen PDF per month and scope.

A report is made once, from the record as it stood at the month's end, and kept in the
object store under its SHA-256 (``reports/monthly/<month>/<sha256>.pdf``) with a row
naming it; asking again answers the stored report. The file is written before its row;
if another process made the same report meanwhile, its row wins and ours is dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from inspect_app.clock import add_months, local_date, utcnow
from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.hazards.models import Hazard
from inspect_app.institutions.models import Institution
from inspect_app.principal import Principal
from inspect_app.reports import monthly_layout, policy
from inspect_app.reports.models import DISTRICT, MonthlyReport
from inspect_app.reports.monthly_figures import month_figures, parse_month
from inspect_app.storage import get_storage

CONTENT_TYPE = "application/pdf"
STEPS = ("figures", "layout", "store")  # what ``progress`` is told, in order

Progress = Callable[[str], None]


def last_finished_month(now: datetime) -> str:
    previous = add_months(local_date(now).replace(day=1), -1)
    return f"{previous.year}-{previous.month:02d}"


def _require_finished(first: date, now: datetime) -> None:
    if first >= local_date(now).replace(day=1):
        raise InvalidInput(
            errors={
                "month": ["只能为已结束的月份出具报告 / Reports are made for finished months only"]
            }
        )


def _require_known_street(street: str) -> None:
    known = db.session.scalar(
        select(Institution.id).where(Institution.street == street).limit(1)
    ) or db.session.scalar(select(Hazard.id).where(Hazard.street == street).limit(1))
    if known is None:
        raise InvalidInput(errors={"street": ["无此街镇 / Unknown street"]})


def find(month: str, street: str | None) -> MonthlyReport | None:
    return db.session.scalar(
        select(MonthlyReport).where(
            MonthlyReport.month == month, MonthlyReport.street == (street or DISTRICT)
        )
    )


def storage_key(month: str, sha256: str) -> str:
    return f"reports/monthly/{month}/{sha256}.pdf"


def make(
    principal: Principal,
    month: str,
    street: str | None = None,
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> tuple[MonthlyReport, bool]:
    """The report of a finished month (made now if it does not exist yet), and whether it
    was made by this call."""
    street = policy.require_reporter(principal, (street or "").strip() or None)
    now = now or utcnow()
    first = parse_month(month)
    _require_finished(first, now)
    if street:
        _require_known_street(street)
    existing = find(month, street)
    if existing is not None:
        return existing, False
    tell = progress or (lambda step: None)
    figures = month_figures(month, street)
    tell("figures")
    pdf, pages = monthly_layout.render(
        figures, district=current_app.config["DISTRICT_NAME"], made_at=now
    )
    tell("layout")
    digest = hashlib.sha256(pdf).hexdigest()
    key = storage_key(month, digest)
    get_storage().put_bytes(key, pdf, content_type=CONTENT_TYPE)
    report = MonthlyReport(
        month=month,
        street=street or DISTRICT,
        sha256=digest,
        storage_key=key,
        size=len(pdf),
        pages=pages,
        made_at=now,
        made_by_id=principal.user_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        winner = find(month, street)
        if winner is None:
            raise
        return winner, False
    tell("store")
    return report, True


def rerender(report: MonthlyReport) -> bytes:
    """The report made again from today's record with its own ``made_at``: the same bytes
    as the stored file when nothing as of the month's end has changed."""
    figures = month_figures(report.month, report.street_or_none)
    pdf, _ = monthly_layout.render(
        figures, district=current_app.config["DISTRICT_NAME"], made_at=report.made_at
    )
    return pdf


def open_pdf(
    principal: Principal, month: str, street: str | None = None
) -> tuple[MonthlyReport, BinaryIO]:
    """The stored PDF of a finished month (made on first request): (report, stream)."""
    report, _ = make(principal, month, street)
    return report, get_storage().open(report.storage_key)
