"""Documents issued on an official's decision about one hazard (not by an inspection):

- ``extend``: the extension decision (延期决定书), 同意延期 or 不同意延期, on the decision of an
  institution's application (``lifecycle.decide_extension``);
- ``correct``: the correction notice (撤销/更正通知书) served when a void is approved
  (``lifecycle.decide_void``): the hazard on the rectification notice is withdrawn;
- ``change``: the change notice (隐患等级变更通知书) served when the bureau decides a
  proposed major (拟判重大) the notice said so of: confirmed, or reclassified
  (``lifecycle.reclassify``, ``on_reclassified``);
- ``refer``: the referral letter (隐患移送函) a hazard referred to another department is
  sent with (``lifecycle.refer``), in the name of the department that holds it, numbered
  in the one series of 移送函 with the inspections' referral letters.

Numbered in the decision's transaction with the inspections' numbering (``issuing``: one
counter per kind and year, no gaps), built on the first fetch from the decision's event
(fixed in the chain), stored with its SHA-256, and served as stored ever after."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlalchemy import select, update

from inspect_app.checklists.models import Severity
from inspect_app.clock import local_date, utcnow
from inspect_app.errors import NotFound
from inspect_app.extensions import db
from inspect_app.hazards.listing import get_visible
from inspect_app.hazards.models import EventType, Hazard, HazardEvent
from inspect_app.inspections import issuing
from inspect_app.inspections.document_layout import _facts_table, last_local_day, local_day, text
from inspect_app.inspections.models import HazardDocument, Inspection
from inspect_app.institutions.models import Institution
from inspect_app.numbering import issuers, numbers
from inspect_app.pdf.build import build
from inspect_app.pdf.styles import styles
from inspect_app.principal import Department, Principal
from inspect_app.storage import get_storage

TITLES: dict[tuple[str, str], str] = {
    ("extend", EventType.DEADLINE_EXTENDED): "同意延期整改决定书",
    ("extend", EventType.EXTENSION_REFUSED): "不同意延期整改决定书",
    ("correct", EventType.VOIDED): "撤销隐患更正通知书",
    ("change", EventType.RECLASSIFIED): "隐患等级变更通知书",
    ("refer", EventType.REFERRED): "隐患移送函",
}


# The mark of each kind in a number (沪松民养延〔2026〕1号; the inspections' are 检, 改...).
MARKS = {"extend": "延", "correct": "更", "change": "变", "refer": "移"}

# Issued in the name of the department that issued the hazard's notice; the others (a
# correction, a change of severity: the bureau's decisions) in the bureau's.
IN_THE_ISSUERS_NAME = ("extend", "refer")


def issuer_of(hazard: Hazard) -> issuers.Issuer:
    """The department that issued the hazard's notice (the bureau for one referred)."""
    return issuers.issuer_of(hazard.department) or issuers.bureau()


def issue(hazard_id: uuid.UUID, kind: str, event_seq: int) -> HazardDocument:
    """Number the document of a decision just recorded (in its transaction), in the name
    of the department that issued the notice (a correction: the bureau, which voids)."""
    hazard = db.session.get_one(Hazard, hazard_id)
    issuer = issuer_of(hazard) if kind in IN_THE_ISSUERS_NAME else issuers.bureau()
    year = local_date(utcnow()).year
    serial, number = numbers.claim(issuer, MARKS[kind], year)
    document = HazardDocument(
        hazard_id=hazard_id,
        event_seq=event_seq,
        kind=kind,
        year=year,
        serial=serial,
        number=number,
    )
    db.session.add(document)
    db.session.flush()
    return document


def was_proposed(user: Principal, hazard_id: uuid.UUID) -> bool:
    """Before a reclassification: a proposed major hazard (拟判重大) the bureau has not
    decided yet."""
    hazard = get_visible(user, hazard_id)
    return hazard.severity == Severity.MAJOR and not hazard.severity_confirmed


def on_reclassified(hazard: Hazard, proposed_before: bool) -> HazardDocument | None:
    """The change notice, when a reclassification just decided a proposed major (its
    ``reclassified`` event is the last): confirmed or downgraded. A retry that changed
    nothing issues nothing."""
    last = hazard.events[-1] if hazard.events else None
    decided = hazard.severity != Severity.MAJOR or hazard.severity_confirmed
    if not (proposed_before and decided and last and last.type == EventType.RECLASSIFIED):
        return None
    return issue(hazard.id, "change", last.seq)


def listed(user: Principal, hazard_id: uuid.UUID) -> list[HazardDocument]:
    """A hazard's documents, oldest first (whoever sees the hazard)."""
    hazard = get_visible(user, hazard_id)
    return list(
        db.session.scalars(
            select(HazardDocument)
            .where(HazardDocument.hazard_id == hazard.id)
            .order_by(HazardDocument.event_seq)
        )
    )


def get_file(user: Principal, hazard_id: uuid.UUID, number_id: int) -> issuing.DocumentFile:
    """The document's PDF, built on its first fetch and stored; the stored bytes after."""
    hazard = get_visible(user, hazard_id)
    document = db.session.get(HazardDocument, number_id)
    if document is None or document.hazard_id != hazard.id:
        raise NotFound("文书不存在 / No such document")
    if document.sha256 is not None and document.storage_key is not None:
        with get_storage().open(document.storage_key) as stream:
            return issuing.DocumentFile(document, stream.read())  # type: ignore[arg-type]
    data = render(hazard, document)
    digest = hashlib.sha256(data).hexdigest()
    key = f"documents/{document.kind}/{document.year}/{digest}.pdf"
    get_storage().put_bytes(key, data, content_type=issuing.CONTENT_TYPE)
    db.session.execute(
        update(HazardDocument)
        .where(HazardDocument.id == document.id, HazardDocument.sha256.is_(None))
        .values(sha256=digest, bytes=len(data), storage_key=key, built_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(document)
    return issuing.DocumentFile(document, data)  # type: ignore[arg-type]


def render(hazard: Hazard, document: HazardDocument) -> bytes:
    """The PDF: who, which hazard, what was decided and why, as the decision's event holds."""
    event = db.session.scalars(
        select(HazardEvent).where(
            HazardEvent.hazard_id == hazard.id, HazardEvent.seq == document.event_seq
        )
    ).one()
    institution = db.session.get_one(Institution, hazard.institution_id)
    issuer = issuer_of(hazard) if document.kind in IN_THE_ISSUERS_NAME else issuers.bureau()
    authority = issuer.authority
    title = TITLES[(document.kind, event.type)]
    st = styles()
    notice = None
    if hazard.inspection_id is not None:
        inspection = db.session.get(Inspection, hazard.inspection_id)
        found = issuing.find(inspection.id, "notice") if inspection else None
        notice = found.number if found else None
    rows = [
        ("被检查单位", institution.name),
        ("隐患", hazard.title),
        ("原通知书", notice or "—"),
        ("原整改期限", local_day(last_local_day(hazard.original_due_at or hazard.due_at))),
    ]
    data = event.data or {}
    if event.type == EventType.DEADLINE_EXTENDED:
        new_due = data.get("facts", {}).get("due_at")
        if new_due:
            rows.append(("延长至", local_day(last_local_day(datetime.fromisoformat(new_due)))))
        decision = f"经审查，同意你单位的延期申请。{event.note or ''}"
    elif event.type == EventType.RECLASSIFIED:
        now = Severity.label_of((data.get("facts") or {}).get("severity") or hazard.severity)
        same = "整改要求和期限不变。" if now == Severity.MAJOR.label else ""
        decision = (
            f"上述隐患在原通知书中为拟判重大事故隐患。经本机关复核，确定为{now}。"
            f"{same}理由：{event.note or ''}"
        )
    elif event.type == EventType.REFERRED:
        rows.insert(2, ("隐患等级", Severity.label_of(_severity_at(hazard, event.seq))))
        decision = (
            "上述隐患属贵部门职责范围，现依法移送（抄告）贵部门，请依法处理，并将处理结果"
            f"告知本机关。移送理由：{event.note or ''}"
        )
    elif event.type == EventType.EXTENSION_REFUSED:
        decision = f"经审查，不同意你单位的延期申请，请按原期限完成整改。理由：{event.note or ''}"
    else:
        decision = (
            f"经复核，上述隐患系误登记，现予撤销，原通知书中该项不再执行。理由：{event.note or ''}"
        )
    # A referral goes to the department it is referred to; the others to the institution.
    addressee = (
        f"{Department.label_of(data['department'])}部门"
        if event.type == EventType.REFERRED
        else institution.name
    )
    flowables: list[Flowable] = [
        Paragraph(text(title), st.title),
        Paragraph(text(document.number), st.number),
        Paragraph(text(f"{addressee}："), st.body),
        _facts_table(rows, st),
        Spacer(1, 4),
        Paragraph(text(decision), st.body),
        Spacer(1, 12),
        Paragraph(text(authority), st.right),
        Paragraph(text(local_day(local_date(event.at))), st.right),
    ]
    return build(
        flowables,
        title=f"{title} {document.number}",
        subject=institution.name,
        author=authority,
    )


def _severity_at(hazard: Hazard, seq: int) -> str:
    """The severity as the chain recorded it up to event ``seq`` (a later reclassification
    does not rewrite a letter already issued)."""
    facts: dict = {}
    for event in hazard.events:
        if event.seq > seq:
            break
        facts.update((event.data or {}).get("facts") or {})
    return str(facts.get("severity") or hazard.severity)
