"""The hazard ledger (隐患台账) as CSV or XLSX, streamed.

The rows are the hazard list's (``hazards.listing.list_query``: the same filters, the
same scope, soonest deadline first), read in keyset-paged batches of ``BATCH`` hazards
with their lifecycle events, so that memory stays flat however many rows there are:

- CSV: UTF-8 with a BOM (Excel then reads the Chinese right), one chunk per batch;
- XLSX: openpyxl's write-only workbook, whose rows go to a temporary file on disk; the
  finished file is then sent in chunks. (openpyxl keeps one table of the distinct strings
  in memory; an XLSX sheet holds at most 1,048,576 rows, so larger ledgers continue on
  further sheets.)

Columns (docs/reports.md, "The ledger export"): the hazard's short number (``YH`` and the
first eight hex digits of its id, as an officer reads it out), the number of the document
that ordered it (the notice of the inspection that found it; the on-site record for a
finding fixed on site; none for a hazard recorded by hand), institution, street,
category, checklist item, severity, fixed on site, evidence (photos), found on,
deadline, responsible person (who acknowledged or rectified for the institution),
rectification proof (description and photos), reviewer, reviewed on, status, whether it
is overdue. No UUID is printed. Dates are dates (a date cell in the XLSX).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    Text,
    and_,
    bindparam,
    cast,
    func,
    or_,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import Label
from sqlalchemy.types import NullType

from inspect_app import sheets
from inspect_app.accounts.models import User
from inspect_app.checklists.models import Category, Severity
from inspect_app.clock import local_zone, utcnow
from inspect_app.extensions import db
from inspect_app.hazards.listing import list_query
from inspect_app.hazards.models import CLOSED_STATUSES, EventType, Hazard, HazardEvent, HazardStatus
from inspect_app.inspections.models import Document
from inspect_app.institutions.models import Institution
from inspect_app.principal import Department, Principal

BATCH = 2000
XLSX_SHEET_ROWS = 1_000_000
CHUNK = 256 * 1024
ONE_MICROSECOND = timedelta(microseconds=1)

HEADER = [
    "隐患编号",
    "文书编号",
    "机构",
    "街镇",
    "类别",
    "检查项目",
    "等级",
    "当场整改",
    "证据照片（张）",
    "发现日期",
    "整改期限",
    "责任人",
    "整改说明",
    "整改照片（张）",
    "复查人",
    "复查日期",
    "状态",
    "是否逾期",
]
# The XLSX's column widths, in characters (a Chinese character counts two).
WIDTHS = [12, 26, 26, 12, 10, 40, 14, 10, 10, 12, 12, 12, 30, 10, 12, 12, 12, 10]
EVIDENCE_EVENTS = (EventType.FOUND, EventType.FOUND_AGAIN)
RESPONSIBLE_EVENTS = (EventType.ACKNOWLEDGED, EventType.RECTIFICATION_SUBMITTED)
REVIEW_EVENTS = (EventType.REVIEW_APPROVED, EventType.REVIEW_REJECTED)
LEDGER_EVENTS = (*EVIDENCE_EVENTS, *RESPONSIBLE_EVENTS, *REVIEW_EVENTS)


def _text(value: str | None) -> str:
    """Free text with the characters no spreadsheet can hold dropped; the writers
    (``inspect_app/sheets.py``) make sure it is never run as a formula."""
    return sheets.printable(value) if value else ""


def _raw(column: Any) -> Label[Any]:
    """``column`` as the driver gives it, without SQLAlchemy's per-value processing (UUID
    objects, datetime parsing, JSON decoding): the export converts only what it prints."""
    return type_coerce(column, NullType()).label(column.key)


def hazard_number(value: object) -> str:
    """A hazard's short number: ``YH`` and the first eight hex digits of its id (a
    driver's UUID object, SQLite's 32 hex digits, or the API's text)."""
    digits = str(value).replace("-", "")
    return "YH" + digits[:8].upper()


def _aware(value: str | datetime) -> datetime:
    """A UTC datetime: a driver's datetime, or SQLite's text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _photo_list(value: str | list | None) -> list:
    """A JSON list of photo ids: decoded by the driver (PostgreSQL) or text (SQLite)."""
    if not value:
        return []
    if isinstance(value, str):
        return [] if value == "[]" else json.loads(value)
    return value


def _user_names() -> dict[int, str]:
    """Every user's display name, read once per export (users are few; events many)."""
    return {
        user_id: name for user_id, name in db.session.execute(select(User.id, User.display_name))
    }


class _Memo(dict):
    """A bounded memo (values repeat: days, deadlines, names, streets, item titles)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> Any:
        if len(self) > 50_000:
            self.clear()
        value = self[key] = self.make(key)
        return value


def ledger_rows(principal: Principal, filters: dict, now: datetime | None = None) -> Iterator[list]:
    """The ledger's rows (without the header), page by page: keyset pages of ``BATCH``
    hazards in the list's order (deadline, id), each page's ledger events in one more
    query; Core rows of raw column values, converted only where printed."""
    now = now or utcnow()
    notice, record = aliased(Document), aliased(Document)
    found_by = func.coalesce(Hazard.department, Department.CIVIL_AFFAIRS.value)
    base = (
        list_query(principal, now=now, **filters)
        .with_only_columns(
            _raw(Hazard.id),
            Institution.name,
            Hazard.street,
            Hazard.category,
            Hazard.item_code,
            Hazard.title,
            Hazard.severity,
            _raw(Hazard.found_at),
            _raw(Hazard.due_at),
            Hazard.status,
            Hazard.fixed_on_site,
            notice.number.label("notice_number"),
            record.number.label("record_number"),
        )
        .join(Institution, Institution.id == Hazard.institution_id)
        .outerjoin(
            # The notice of the department that found it, or the referral letter to it
            # (one or the other per department and inspection).
            notice,
            and_(
                notice.inspection_id == Hazard.inspection_id,
                or_(
                    and_(notice.kind == "notice", notice.issuer == found_by),
                    and_(notice.kind == "referral", notice.subject == found_by),
                ),
            ),
        )
        .outerjoin(
            record, and_(record.inspection_id == Hazard.inspection_id, record.kind == "record")
        )
        .limit(BATCH)
    )
    connection = db.session.connection()
    zone = local_zone()
    # SQLite hands back text ("YYYY-MM-DD HH:MM:SS.ffffff", UTC): it orders as the
    # moments do, so "now" in the same form compares with a deadline as it is.
    now_text = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    memo = _Memos(
        names=_user_names(),
        text=_Memo(_text),
        # Local dates by the hour (zones move by whole hours): SQLite's text starts with
        # "YYYY-MM-DD HH"; a driver's datetime is cut to its hour.
        day=_Memo(lambda hour: _aware(hour).astimezone(zone).date()),
        # The deadline is the end of its last day: show that day.
        due_day=_Memo(lambda due: (_aware(due) - ONE_MICROSECOND).astimezone(zone).date()),
        now=now,
        now_text=now_text,
    )
    last: tuple | None = None
    while True:
        query = base
        if last is not None:
            query = query.where(
                tuple_(type_coerce(Hazard.due_at, NullType()), type_coerce(Hazard.id, NullType()))
                > tuple_(*(bindparam(None, value, type_=NullType()) for value in last))
            )
        batch = connection.execute(query).all()
        if not batch:
            return
        last = (batch[-1].due_at, batch[-1].id)
        events = _events(connection, [row.id for row in batch])
        for row in batch:
            yield _ledger_row(row, events.get(row.id, ()), memo)
        if len(batch) < BATCH:
            return


@dataclass
class _Memos:
    names: dict
    text: _Memo
    day: _Memo
    due_day: _Memo
    now: datetime
    now_text: str

    def local_day(self, value: str | datetime) -> date:
        if isinstance(value, str):
            return self.day[value[:13]]
        return self.day[value.replace(minute=0, second=0, microsecond=0)]


def _events(connection: Connection, hazard_ids: list) -> dict:
    """hazard id (raw) -> [(hazard_id, type, actor_id, at, note, photo_ids)] of the ledger's events,
    in order; raw values. A finding without photos adds nothing: not read."""
    events: dict = {}
    rows = connection.execute(
        select(
            _raw(HazardEvent.hazard_id),
            HazardEvent.type,
            HazardEvent.actor_id,
            _raw(HazardEvent.at),
            HazardEvent.note,
            _raw(HazardEvent.photo_ids),
        )
        .where(
            type_coerce(HazardEvent.hazard_id, NullType()).in_(hazard_ids),
            or_(
                HazardEvent.type.in_((*RESPONSIBLE_EVENTS, *REVIEW_EVENTS)),
                and_(
                    HazardEvent.type.in_(EVIDENCE_EVENTS),
                    cast(HazardEvent.photo_ids, Text) != "[]",
                ),
            ),
        )
        .order_by(HazardEvent.hazard_id, HazardEvent.seq)
    )
    for row in rows:
        events.setdefault(row[0], []).append(row)
    return events


def _ledger_row(row: Row[Any], events: dict, memo: _Memos) -> list:
    evidence: dict[str, None] = {}
    responsible = proof_note = reviewer = ""
    proof_photos: list = []
    reviewed_on: date | str = ""
    names = memo.names
    for _hazard_id, type_, actor_id, at, note, photo_ids in events:
        if type_ in EVIDENCE_EVENTS:
            for photo in _photo_list(photo_ids):
                evidence.setdefault(str(photo), None)
        elif type_ in RESPONSIBLE_EVENTS:
            responsible = names.get(actor_id, "") or responsible
            if type_ == EventType.RECTIFICATION_SUBMITTED:
                proof_note = note or ""
                proof_photos = _photo_list(photo_ids)
        elif type_ in REVIEW_EVENTS:
            reviewer = names.get(actor_id, "") or "系统"
            reviewed_on = memo.local_day(at)
    due_at = row.due_at
    if row.status in CLOSED_STATUSES:
        overdue = "否"
    else:
        overdue = (
            "是" if due_at < (memo.now_text if isinstance(due_at, str) else memo.now) else "否"
        )
    text = memo.text
    fixed = bool(row.fixed_on_site)
    document = row.record_number if fixed else (row.notice_number or row.record_number)
    return [
        hazard_number(row.id),
        document or "",
        text[row.name],
        text[row.street],
        Category.label_of(row.category),
        text[f"{row.item_code} {row.title}" if row.item_code else row.title],
        Severity.label_of(row.severity),
        "是" if fixed else "否",
        len(evidence),
        memo.local_day(row.found_at),
        memo.due_day[due_at],
        _text(responsible),
        _text(proof_note),
        len(proof_photos),
        _text(reviewer),
        reviewed_on,
        HazardStatus.label_of(row.status),
        overdue,
    ]


def csv_chunks(principal: Principal, filters: dict) -> Iterator[bytes]:
    """The ledger as UTF-8 CSV with a BOM, a chunk per batch of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(HEADER)
    cell = _Memo(sheets.csv_text)  # values repeat (names, streets, titles): made once
    for count, row in enumerate(ledger_rows(principal, filters), 1):
        writer.writerow([cell[value] if isinstance(value, str) else value for value in row])
        if count % BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def xlsx_chunks(principal: Principal, filters: dict) -> Iterator[bytes]:
    """The ledger as XLSX (write-only workbook, spooled to disk), sent in chunks; every
    text a string cell."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    table: sheets.XlsxTable | None = None
    written = 0
    for row in ledger_rows(principal, filters):
        if table is None or written == XLSX_SHEET_ROWS:
            if table is not None:
                table.close()
            number = len(book.worksheets) + 1
            title = "隐患台账" if number == 1 else f"隐患台账{number}"
            table = sheets.XlsxTable(book, title, HEADER, WIDTHS)
            written = 0
        table.append(row)
        written += 1
    if table is None:
        table = sheets.XlsxTable(book, "隐患台账", HEADER, WIDTHS)
    table.close()
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(CHUNK):
            yield chunk
