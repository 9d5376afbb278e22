"""The hazard ledger (隐患台账) as CSV or XLSX, streamed.

The rows are the hazard list's (``hazards.listing.list_query``: the same filters, the
same scope, soonest deadline first), read in keyset-paged batches of ``BATCH`` hazards
with their lifecycle events, so that memory stays flat however many rows there are:

- CSV: UTF-8 with a BOM (Excel then reads the Chinese right), one chunk per batch;
- XLSX: openpyxl's write-only workbook, whose rows go to a temporary file on disk; the
  finished file is then sent in chunks. (openpyxl keeps one table of the distinct strings
  in memory; an XLSX sheet holds at most 1,048,576 rows, so larger ledgers continue on
  further sheets.)

Columns (DOMAIN.md, "The ledger"): institution, street, category, checklist item,
severity, evidence (photo count and ids), found on, deadline, responsible person (who
acknowledged or rectified for the institution), rectification proof (description and
photo ids), reviewer, reviewed on, status; and the hazard's id and whether it is overdue,
to find it in the system.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select

from inspect_app.accounts.models import User
from inspect_app.accounts.principal import Principal
from inspect_app.clock import local_zone
from inspect_app.db import utcnow
from inspect_app.extensions import db
from inspect_app.hazards.listing import list_query
from inspect_app.hazards.models import Hazard, HazardEvent
from inspect_app.institutions.models import Institution

BATCH = 2000
XLSX_SHEET_ROWS = 1_000_000
CHUNK = 256 * 1024

HEADER = [
    "隐患编号",
    "机构",
    "街镇",
    "类别",
    "检查项目",
    "等级",
    "证据照片数",
    "证据照片",
    "发现日期",
    "整改期限",
    "责任人",
    "整改说明",
    "整改照片",
    "复查人",
    "复查日期",
    "状态",
    "是否逾期",
]
CATEGORY_LABELS = {"fire": "消防", "food": "食品", "gas": "燃气", "service": "服务"}
SEVERITY_LABELS = {"general": "一般事故隐患", "major": "重大事故隐患"}
STATUS_LABELS = {
    "open": "待整改",
    "rectifying": "整改中",
    "pending_review": "待复查",
    "cleared": "已销号",
    "voided": "已作废",
}
EVIDENCE_EVENTS = ("found", "found_again")
RESPONSIBLE_EVENTS = ("acknowledged", "rectification_submitted")
REVIEW_EVENTS = ("review_approved", "review_rejected")
LEDGER_EVENTS = (*EVIDENCE_EVENTS, *RESPONSIBLE_EVENTS, *REVIEW_EVENTS)
# XML 1.0 has no place for these; openpyxl refuses them.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value: str | None) -> str:
    """Free text as a spreadsheet should show it: never run as a formula (CSV/formula
    injection), never an illegal XML character."""
    if not value:
        return ""
    value = ILLEGAL_XML.sub("", value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Names:
    """Display names of users, looked up once each."""

    def __init__(self) -> None:
        self.names: dict[int, str] = {}

    def fill(self, ids: set[int]) -> None:
        wanted = ids - self.names.keys()
        if wanted:
            for user_id, name in db.session.execute(
                select(User.id, User.display_name).where(User.id.in_(wanted))
            ):
                self.names[user_id] = name

    def __getitem__(self, user_id: int | None) -> str:
        return self.names.get(user_id, "") if user_id else ""


def ledger_rows(principal: Principal, filters: dict, now: datetime | None = None) -> Iterator[list]:
    """The ledger's rows (without the header), batch by batch."""
    now = now or utcnow()
    base = (
        list_query(principal, now=now, **filters)
        .with_only_columns(
            Hazard.id,
            Institution.name,
            Hazard.street,
            Hazard.category,
            Hazard.item_code,
            Hazard.title,
            Hazard.severity,
            Hazard.found_at,
            Hazard.due_at,
            Hazard.status,
        )
        .join(Institution, Institution.id == Hazard.institution_id)
    )
    names = _Names()
    zone = local_zone()
    last: tuple | None = None
    while True:
        query = base
        if last is not None:
            due, hazard_id = last
            query = query.where(
                or_(Hazard.due_at > due, and_(Hazard.due_at == due, Hazard.id > hazard_id))
            )
        batch = db.session.execute(query.limit(BATCH)).all()
        if not batch:
            return
        last = (batch[-1].due_at, batch[-1].id)
        events = _events([row.id for row in batch])
        names.fill({e[2] for rows in events.values() for e in rows if e[2]})
        for row in batch:
            yield _ledger_row(row, events.get(row.id, []), names, now, zone)
        if len(batch) < BATCH:
            return


def _events(hazard_ids: list) -> dict:
    """hazard id -> [(seq, type, actor_id, at, note, photo_ids)] of the ledger's events."""
    events: dict = {}
    rows = db.session.execute(
        select(
            HazardEvent.hazard_id,
            HazardEvent.seq,
            HazardEvent.type,
            HazardEvent.actor_id,
            HazardEvent.at,
            HazardEvent.note,
            HazardEvent.photo_ids,
        )
        .where(HazardEvent.hazard_id.in_(hazard_ids), HazardEvent.type.in_(LEDGER_EVENTS))
        .order_by(HazardEvent.hazard_id, HazardEvent.seq)
    )
    for hazard_id, *rest in rows:
        events.setdefault(hazard_id, []).append(tuple(rest))
    return events


def _ledger_row(row, events: list, names: _Names, now: datetime, zone) -> list:
    evidence: dict[str, None] = {}
    responsible = proof_note = ""
    proof_photos: list[str] = []
    reviewer = reviewed_on = ""
    for _seq, type_, actor_id, at, note, photo_ids in events:
        if type_ in EVIDENCE_EVENTS:
            for photo in photo_ids or []:
                evidence.setdefault(str(photo), None)
        elif type_ in RESPONSIBLE_EVENTS:
            responsible = names[actor_id] or responsible
            if type_ == "rectification_submitted":
                proof_note = note or ""
                proof_photos = [str(p) for p in photo_ids or []]
        elif type_ in REVIEW_EVENTS:
            reviewer = names[actor_id] or "系统"
            reviewed_on = at.astimezone(zone).date().isoformat()
    overdue = row.status not in ("cleared", "voided") and row.due_at < now
    item = f"{row.item_code} {row.title}" if row.item_code else row.title
    return [
        str(row.id),
        _text(row.name),
        _text(row.street),
        CATEGORY_LABELS.get(row.category, row.category),
        _text(item),
        SEVERITY_LABELS.get(row.severity, row.severity),
        len(evidence),
        " ".join(evidence),
        row.found_at.astimezone(zone).date().isoformat(),
        # The deadline is the end of its last day: show that day.
        (row.due_at - timedelta(microseconds=1)).astimezone(zone).date().isoformat(),
        _text(responsible),
        _text(proof_note),
        " ".join(proof_photos),
        _text(reviewer),
        reviewed_on,
        STATUS_LABELS.get(row.status, row.status),
        "是" if overdue else "否",
    ]


def csv_chunks(principal: Principal, filters: dict) -> Iterator[bytes]:
    """The ledger as UTF-8 CSV with a BOM, a chunk per batch of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(HEADER)
    for count, row in enumerate(ledger_rows(principal, filters), 1):
        writer.writerow(row)
        if count % BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def xlsx_chunks(principal: Principal, filters: dict) -> Iterator[bytes]:
    """The ledger as XLSX (write-only workbook, spooled to disk), sent in chunks."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = None
    written = 0
    for row in ledger_rows(principal, filters):
        if sheet is None or written == XLSX_SHEET_ROWS:
            number = len(book.worksheets) + 1
            sheet = book.create_sheet("隐患台账" if number == 1 else f"隐患台账{number}")
            sheet.append(HEADER)
            written = 0
        sheet.append(row)
        written += 1
    if sheet is None:
        book.create_sheet("隐患台账").append(HEADER)
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(CHUNK):
            yield chunk
