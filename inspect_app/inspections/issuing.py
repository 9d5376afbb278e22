"""The documents an inspection issues (执法文书): numbered at submit, built once, kept.

A submitted inspection has an on-site record (``record``, 现场检查记录); where it raised
or found again a hazard not fixed on site, for each department whose officers found one,
a rectification notice (``notice``, 责令限期整改通知书) in that department's name where it
issues here (``numbering.issuers``), else a referral letter (``referral``, 移送函) from the
bureau to it: another department's findings are never ordered in the bureau's name; and a
re-inspection (复查) its opinion (``opinion``, 整改复查意见书).

Numbers are given when the inspection is submitted, in submit order, per GB/T 9704
(``numbering``): 沪松民养检〔2026〕1号 for records, 沪松民养改〔2026〕1号 for notices (the
issuer's prefix, the series mark, the kind's mark; the year is the Shanghai year of the
submit). The serial comes from ``document_counters`` with one conditional UPDATE inside
the submit's transaction: submits at once queue on the counter row (on SQLite, on the
write lock that the submit holds anyway) and never share a number, and a rolled-back
submit gives its number back, so there are no gaps. That costs the submit two small
statements per document.

The PDF is built on the document's first fetch (``document_layout``), stored, and its SHA-256,
size and key recorded with one conditional UPDATE (``WHERE sha256 IS NULL``); every
later fetch serves the stored bytes. Building is deterministic (reportlab ``invariant``,
fixed metadata) and reads only records fixed at submit (answers, pinned checklists, each
hazard's facts as its chain recorded them at this inspection) and the directory's
names, so two first fetches at once build the same bytes; the first to record them
wins and the other serves what was recorded. No lock is held while a PDF is built.

Why not build at submit: submitting is the phone's critical, offline-synced step; a PDF
with photos costs tens of milliseconds, more on a busy server, and would hold the
database's write lock (SQLite) or the counter row (PostgreSQL) all that time.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from inspect_app.clock import local_date, utcnow
from inspect_app.db import affected_rows
from inspect_app.errors import Conflict, NotFound
from inspect_app.extensions import db
from inspect_app.inspections import document_layout, policy
from inspect_app.inspections.listing import get_visible
from inspect_app.inspections.models import (
    DOCUMENT_KINDS,
    KIND_MARKS,
    Document,
    DocumentKind,
    Inspection,
)
from inspect_app.jobs import queue
from inspect_app.numbering import issuers, numbers
from inspect_app.principal import Principal
from inspect_app.storage import ObjectMissing, get_storage

log = logging.getLogger(__name__)

CONTENT_TYPE = "application/pdf"
NO_NOTICE = (
    "本次检查未发现隐患，没有责令限期整改通知书 / "
    "This inspection found no hazards: there is no rectification notice"
)


@dataclass(frozen=True)
class DocumentFile:
    document: Document
    data: bytes

    @property
    def sha256(self) -> str:
        """Of the bytes served: the one recorded (the file's own, should they differ)."""
        return self.document.sha256 or hashlib.sha256(self.data).hexdigest()


def storage_key(kind: str, year: int, sha256: str) -> str:
    return f"documents/{kind}/{year}/{sha256}.pdf"


def number_documents(
    inspection_id: uuid.UUID,
    submitted_at: datetime,
    *,
    ordering: set[str] | frozenset[str] = frozenset(),
    opinion: bool = False,
) -> None:
    """Give a submitted inspection its documents' numbers (inside the submit's transaction):
    the record; per department in ``ordering`` (whose officers' findings are to be
    rectified) its notice, or the bureau's referral letter to it; a re-inspection's opinion."""
    year = local_date(submitted_at).year
    numbered = [_number(inspection_id, DocumentKind.RECORD, year)]
    for department in sorted(ordering):
        issuer = issuers.issuer_of(department)
        if issuer is not None:
            numbered.append(_number(inspection_id, DocumentKind.NOTICE, year, issuer))
        else:
            numbered.append(_number(inspection_id, DocumentKind.REFERRAL, year, subject=department))
    if opinion:
        numbered.append(_number(inspection_id, DocumentKind.OPINION, year))
    # Added only once every serial is claimed: a pending row would be flushed by the next
    # claim's UPDATE, one INSERT per document; together they are one (on PostgreSQL).
    db.session.add_all(numbered)
    db.session.flush()
    # a worker builds each PDF soon (the first fetch builds it if none has yet)
    queue.enqueue(BUILD, [str(document.id) for document in numbered])


def _number(
    inspection_id: uuid.UUID,
    kind: str,
    year: int,
    issuer: issuers.Issuer | None = None,
    subject: str = "",
) -> Document:
    """A document with its number claimed, not yet added to the session."""
    issuer = issuer or issuers.bureau()
    serial, number = numbers.claim(issuer, KIND_MARKS[DocumentKind(kind)], year)
    document = Document(
        inspection_id=inspection_id,
        kind=kind,
        issuer=issuer.department,
        subject=subject,
        year=year,
        serial=serial,
        number=number,
    )
    return document


def get_file(user: Principal, inspection_id: uuid.UUID, kind: str) -> DocumentFile:
    """The record, or the notice (the bureau's where there are several), by kind: its row
    and PDF bytes, building the PDF if this is its first fetch."""
    if kind not in DOCUMENT_KINDS:
        raise NotFound("没有这种文书 / No such document")
    inspection = get_visible(user, inspection_id)
    policy.require_documents(user, inspection)
    document = find(inspection.id, kind)
    if document is None and kind == DocumentKind.RECORD:
        document = _number_late(inspection, kind)
    if document is None:
        raise NotFound(NO_NOTICE)
    return _file(document, inspection)


def get_document(user: Principal, inspection_id: uuid.UUID, document_id: int) -> DocumentFile:
    """Any document of the inspection by its id (a department's notice, a referral
    letter, a re-inspection's opinion)."""
    inspection = get_visible(user, inspection_id)
    policy.require_documents(user, inspection)
    document = db.session.get(Document, document_id)
    if document is None or document.inspection_id != inspection.id:
        raise NotFound("没有这份文书 / No such document")
    return _file(document, inspection)


def _file(document: Document, inspection: Inspection) -> DocumentFile:
    if document.sha256 is None:
        return _build(document, inspection)
    return DocumentFile(document, read(document, inspection))


# The work item that builds a numbered document's PDF ahead of its first fetch.
BUILD = "inspection_document"


def build_queued(key: str, now: datetime) -> str:
    """The work item: build and store a document's PDF unless it is built already."""
    document = db.session.get(Document, int(key))
    if document is None or document.sha256 is not None:
        return "built already"
    inspection = db.session.get_one(Inspection, document.inspection_id)
    _build(document, inspection)
    return "built"


def find(inspection_id: uuid.UUID, kind: str) -> Document | None:
    """The inspection's document of ``kind``; of several (notices of several issuers), the
    bureau's first."""
    return db.session.scalar(
        select(Document)
        .where(Document.inspection_id == inspection_id, Document.kind == kind)
        .order_by(Document.issuer != issuers.bureau().department, Document.id)
        .limit(1)
    )


def _number_late(inspection: Inspection, kind: str) -> Document:
    """An inspection submitted before documents were numbered at submit: number it now."""
    assert inspection.submitted_at is not None
    try:
        with db.session.begin_nested():
            return _number(inspection.id, kind, local_date(inspection.submitted_at).year)
    except IntegrityError:
        winner = find(inspection.id, kind)
        if winner is None:
            raise Conflict("文书正在编号，请重试 / The document is being numbered, retry") from None
        return winner


def _build(document: Document, inspection: Inspection) -> DocumentFile:
    data = document_layout.render(inspection, document)
    digest = hashlib.sha256(data).hexdigest()
    key = storage_key(document.kind, document.year, digest)
    # Content-addressed: a concurrent build writes the same bytes under the same key, and
    # an object left by a rolled-back request is rewritten identically by the next build.
    get_storage().put_bytes(key, data, content_type=CONTENT_TYPE)
    recorded = affected_rows(
        db.session.execute(
            update(Document)
            .where(Document.id == document.id, Document.sha256.is_(None))
            .values(sha256=digest, bytes=len(data), storage_key=key, built_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    )
    db.session.refresh(document)
    if recorded == 1 or document.sha256 == digest:
        return DocumentFile(document, data)
    # Another fetch recorded different bytes first (the directory changed in between):
    # what was recorded is the document.
    log.warning("document %s built twice with different bytes; serving the first", document.id)
    return DocumentFile(document, read(document, inspection))


def read(document: Document, inspection: Inspection) -> bytes:
    """The stored bytes. Should the object have gone from storage, the document is built
    again from its records and number: kept only if it is byte-identical to the one issued."""
    assert document.storage_key is not None
    try:
        with get_storage().open(document.storage_key) as stream:
            return stream.read()
    except ObjectMissing:
        log.error("document %s (%s) missing from storage; rebuilding", document.id, document.number)
    data = document_layout.render(inspection, document)
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise NotFound(
            "文书文件缺失且无法按原样重建，请联系管理员 / "
            "The document's file is missing and cannot be rebuilt as issued"
        )
    get_storage().put_bytes(document.storage_key, data, content_type=CONTENT_TYPE)
    return data
