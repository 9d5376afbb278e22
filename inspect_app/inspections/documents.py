"""The documents an inspection issues (执法文书): numbered once, built once, kept as bytes.

A submitted inspection has an on-site record (``record``, 现场检查记录) and, where it
raised or found again a hazard, a rectification notice (``notice``, 责令限期整改通知书).
A document is *issued* on its first fetch: it claims the next number of its kind and
year, its PDF is built (``paperwork``) and stored, and its row keeps the number and the
SHA-256. Every later fetch serves the stored bytes.

Why on first fetch rather than at submit: submitting is the phone's critical, offline-
synced step and stays as cheap as it was (a PDF with photos costs tens of milliseconds);
the printed content does not depend on when it is built, because it is read from
records that are fixed at submit (answers, pinned checklists, each hazard's facts as
its chain recorded them at this inspection); only the directory's names are read then.

Numbers: ``{prefix}检〔2026〕第0001号`` for records, ``{prefix}改〔...〕`` for notices,
``DOCUMENT_NUMBER_PREFIX`` configurable; the year is the Shanghai year of the submit.
The serial is claimed from ``document_counters`` with one conditional UPDATE inside
the issuing savepoint: two documents issued at once queue on the counter row (on
SQLite, on the write lock) and never share a number, and a rollback gives the number
back, so numbers have no gaps. Two fetches of the same new document at once: the unique
(inspection, kind) lets one win; the other's savepoint (counter included) rolls back
and it serves the winner's document.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from inspect_app.accounts.principal import Principal
from inspect_app.clock import local_date
from inspect_app.db import affected_rows
from inspect_app.errors import Conflict, NotFound
from inspect_app.extensions import db
from inspect_app.inspections import paperwork, policy
from inspect_app.inspections.listing import get_visible
from inspect_app.inspections.models import DOCUMENT_KINDS, Document, DocumentCounter, Inspection
from inspect_app.storage import ObjectMissing, get_storage

log = logging.getLogger(__name__)

CONTENT_TYPE = "application/pdf"
KIND_MARKS = {"record": "检", "notice": "改"}
NO_NOTICE = (
    "本次检查未发现隐患，没有责令限期整改通知书 / "
    "This inspection found no hazards: there is no rectification notice"
)


@dataclass(frozen=True)
class DocumentFile:
    document: Document
    data: bytes


def format_number(kind: str, year: int, serial: int) -> str:
    prefix = current_app.config.get("DOCUMENT_NUMBER_PREFIX") or ""
    return f"{prefix}{KIND_MARKS[kind]}〔{year}〕第{serial:04d}号"


def storage_key(kind: str, year: int, sha256: str) -> str:
    return f"documents/{kind}/{year}/{sha256}.pdf"


def kinds_for(inspection: Inspection) -> list[str]:
    """The documents a submitted inspection has: a record, and a notice if it found hazards."""
    if inspection.status != "submitted":
        return []
    return ["record", "notice"] if inspection.hazard_ids else ["record"]


def get_file(user: Principal, inspection_id: uuid.UUID, kind: str) -> DocumentFile:
    """The document's row and bytes, issuing it first if this is its first fetch."""
    if kind not in DOCUMENT_KINDS:
        raise NotFound("没有这种文书 / No such document")
    inspection = get_visible(user, inspection_id)
    policy.require_documents(user, inspection)
    if kind not in kinds_for(inspection):
        raise NotFound(NO_NOTICE)
    document = find(inspection.id, kind)
    if document is None:
        return issue(inspection, kind)
    return DocumentFile(document, read(document, inspection))


def find(inspection_id: uuid.UUID, kind: str) -> Document | None:
    return db.session.scalar(
        select(Document).where(Document.inspection_id == inspection_id, Document.kind == kind)
    )


def issue(inspection: Inspection, kind: str) -> DocumentFile:
    """Number, build and store the document (see the module's notes on races)."""
    assert inspection.submitted_at is not None
    year = local_date(inspection.submitted_at).year
    try:
        with db.session.begin_nested():
            serial = _claim_serial(kind, year)
            number = format_number(kind, year, serial)
            data = paperwork.render(inspection, kind, number)
            digest = hashlib.sha256(data).hexdigest()
            document = Document(
                inspection_id=inspection.id,
                kind=kind,
                year=year,
                serial=serial,
                number=number,
                sha256=digest,
                bytes=len(data),
                storage_key=storage_key(kind, year, digest),
            )
            db.session.add(document)
            db.session.flush()
    except IntegrityError:
        # The same document was issued by a request that committed first: serve that one.
        winner = find(inspection.id, kind)
        if winner is None:
            raise Conflict("文书正在出具，请重试 / The document is being issued, retry") from None
        return DocumentFile(winner, read(winner, inspection))
    # Content-addressed: if this transaction rolls back after all, the object is an
    # unreferenced copy that a retry writes again under the same key.
    get_storage().put_bytes(document.storage_key, data, content_type=CONTENT_TYPE)
    db.session.expire(inspection, ["documents"])
    return DocumentFile(document, data)


def _claim_serial(kind: str, year: int) -> int:
    """The next serial of (kind, year): one conditional UPDATE of the counter row (made on
    first use), which holds the row until the transaction ends."""
    counter = (DocumentCounter.kind == kind) & (DocumentCounter.year == year)
    for _ in range(3):
        claimed = affected_rows(
            db.session.execute(
                update(DocumentCounter)
                .where(counter)
                .values(last_serial=DocumentCounter.last_serial + 1)
                .execution_options(synchronize_session=False)
            )
        )
        if claimed == 1:
            return db.session.execute(
                select(DocumentCounter.last_serial).where(counter)
            ).scalar_one()
        try:
            with db.session.begin_nested():
                db.session.execute(
                    insert(DocumentCounter).values(kind=kind, year=year, last_serial=1)
                )
            return 1
        except IntegrityError:
            continue  # another request made the row first: claim from it
    raise Conflict("文书编号繁忙，请重试 / Document numbering is busy, retry")


def read(document: Document, inspection: Inspection) -> bytes:
    """The stored bytes. Should the object have gone from storage, the document is built
    again from its records and number: kept only if it is byte-identical to the one issued."""
    try:
        with get_storage().open(document.storage_key) as stream:
            return stream.read()
    except ObjectMissing:
        log.error("document %s (%s) missing from storage; rebuilding", document.id, document.number)
    data = paperwork.render(inspection, document.kind, document.number)
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise NotFound(
            "文书文件缺失且无法按原样重建，请联系管理员 / "
            "The document's file is missing and cannot be rebuilt as issued"
        )
    get_storage().put_bytes(document.storage_key, data, content_type=CONTENT_TYPE)
    return data
