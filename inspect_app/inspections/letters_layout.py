"""The letters an inspection issues besides the record and the notices, laid out:

- the referral letter (移送函): from the bureau to a department that issues nothing here,
  the hazards its officers found on this visit, for it to deal with under its own powers
  (移送/抄告) — another department's findings are never ordered in the bureau's name;
- the re-inspection opinion (整改复查意见书): what a re-inspection (复查) found of each
  hazard it re-checked (已整改 / 未整改), to the institution.

Like the record and the notice, they print only records fixed at submit (the hazards'
facts as their chains recorded them, the re-inspection's results) and the directory's
names, so building again gives the same bytes."""

from __future__ import annotations

import uuid

from flask import current_app
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from inspect_app.checklists.models import Severity
from inspect_app.clock import local_zone
from inspect_app.extensions import db
from inspect_app.hazards.models import Hazard
from inspect_app.inspections import officers
from inspect_app.inspections.document_layout import (
    DATE_BLANKS,
    SIGN_BLANK,
    _as_recorded,
    local_day,
    officer_line,
    ordered_hazards,
    text,
)
from inspect_app.inspections.models import DocumentKind, Inspection, InspectionKind, RecheckResult
from inspect_app.institutions.models import Institution
from inspect_app.pdf.styles import Styles, grid, styles
from inspect_app.principal import Department


def _header(kind: str, number: str, st: Styles) -> list[Flowable]:
    return [Paragraph(DocumentKind.label_of(kind), st.title), Paragraph(text(number), st.number)]


def _table(
    header: tuple[str, ...], rows: list[list[str]], widths: list[float], st: Styles
) -> Table:
    table = Table(
        [[Paragraph(h, st.cell) for h in header]]
        + [[Paragraph(text(cell), st.cell) for cell in row] for row in rows],
        colWidths=widths,
        repeatRows=1,
        splitInRow=1,
    )
    table.setStyle(grid())
    return table


def _closing(inspection: Inspection, st: Styles) -> list[Flowable]:
    assert inspection.submitted_at is not None
    issued = inspection.submitted_at.astimezone(local_zone()).date()
    return [
        Spacer(1, 10 * mm),
        Paragraph(text(f"{current_app.config['DOCUMENT_AUTHORITY']}（印章）"), st.right),
        Paragraph(text(local_day(issued)), st.right),
    ]


def referral_flowables(inspection: Inspection, number: str, department: str) -> list[Flowable]:
    """移送函: the hazards ``department``'s officers found, referred to it."""
    st = styles()
    institution = db.session.get_one(Institution, inspection.institution_id)
    rows = []
    for n, hazard in enumerate(ordered_hazards(inspection, department), 1):
        facts, note = _as_recorded(hazard, inspection)
        code = facts.get("item_code")
        title = facts.get("title") or hazard.title
        severity = facts.get("severity") or hazard.severity
        rows.append(
            [
                str(n),
                f"{code} {title}" if code else title,
                note or "",
                Severity.label_of(severity),
            ]
        )
    day = local_day(inspection.started_at.astimezone(local_zone()).date())
    story: list[Flowable] = [
        *_header(DocumentKind.REFERRAL, number, st),
        Paragraph(text(f"{Department.label_of(department)}部门："), st.body),
        Paragraph(
            text(
                f"　　{day}，本机关会同贵部门执法人员对{institution.name}"
                f"（统一社会信用代码：{institution.credit_code}，地址：{institution.address}）"
                f"进行了{InspectionKind.label_of(inspection.kind)}。贵部门执法人员发现的下列"
                "隐患属贵部门职责范围，现依法移送（抄告）贵部门，请依法处理，并将处理结果"
                "告知本机关。"
            ),
            st.body,
        ),
        _table(
            ("序号", "隐患", "问题描述", "隐患等级"), rows, [12 * mm, 60 * mm, 70 * mm, 28 * mm], st
        ),
        Paragraph(
            text(f"检查人员：{'；'.join(officer_line(o) for o in officers.team_of(inspection))}"),
            st.small,
        ),
        *_closing(inspection, st),
    ]
    return story


def opinion_flowables(inspection: Inspection, number: str) -> list[Flowable]:
    """整改复查意见书: each hazard re-checked, what the re-inspection found."""
    st = styles()
    institution = db.session.get_one(Institution, inspection.institution_id)
    rechecks = inspection.rechecks or []
    hazards = {
        h.id: h
        for h in (db.session.get(Hazard, uuid.UUID(r["hazard_id"])) for r in rechecks)
        if h is not None
    }
    rows = []
    for n, item in enumerate(rechecks, 1):
        hazard = hazards.get(uuid.UUID(item["hazard_id"]))
        if hazard is None:
            continue
        title = f"{hazard.item_code} {hazard.title}" if hazard.item_code else hazard.title
        rows.append([str(n), title, RecheckResult.label_of(item["result"]), item.get("note") or ""])
    day = local_day(inspection.started_at.astimezone(local_zone()).date())
    story: list[Flowable] = [
        *_header(DocumentKind.OPINION, number, st),
        Paragraph(
            text(f"{institution.name}（统一社会信用代码：{institution.credit_code}）："), st.body
        ),
        Paragraph(
            text(
                f"　　{day}，本机关执法人员对你单位（{institution.address}）的隐患整改情况"
                "进行了现场复查，复查意见如下："
            ),
            st.body,
        ),
        _table(
            ("序号", "隐患", "复查结果", "复查说明"), rows, [12 * mm, 70 * mm, 24 * mm, 64 * mm], st
        ),
        Paragraph(
            text(
                "　　经复查已整改的隐患，由本机关审核确认后予以销号（重大事故隐患以本次现场复查"
                "为据）；经复查未整改的，你单位应继续整改，整改完成后再次申请复查。"
            ),
            st.body,
        ),
        Spacer(1, 6 * mm),
        Paragraph(text(f"被检查单位签收：{SIGN_BLANK}　日期：{DATE_BLANKS}"), st.body),
        Paragraph(
            text(f"检查人员：{'；'.join(officer_line(o) for o in officers.team_of(inspection))}"),
            st.small,
        ),
        *_closing(inspection, st),
    ]
    return story
