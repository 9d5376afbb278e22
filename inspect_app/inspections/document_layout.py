"""What the two documents of an inspection say, laid out with reportlab.

- the on-site record (现场检查记录): who was inspected, when, by whom (names and
  enforcement certificate numbers) and who received them, every answered item of every
  checklist, the findings with thumbnails of their photos, the statements made to the
  person present (certificates shown, recusal explained), a signature line per officer
  and the person present's, or their noted refusal;
- the rectification notice (责令限期整改通知书): each hazard this inspection raised or
  found again, its severity, the provision it breaks and its deadline; why the major
  ones are major; the order to rectify on the empowering provision; the remedies
  (administrative review, lawsuit); the issuing authority and date. No basis that is
  not confirmed is printed (``checklists/basis``).

Everything printed comes from records that no longer change once the inspection is
submitted: the answers, the pinned checklist versions, and each hazard's facts as its
event chain recorded them at this inspection (a later deadline extension or severity
change does not reach a notice already served). Names in the directory (institution,
inspectors) are read when the document is issued, which is its first fetch.
"""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspect_app.checklists import basis as legal_basis
from inspect_app.checklists import versions as checklist_versions
from inspect_app.checklists.items import failed_choice
from inspect_app.checklists.models import Severity
from inspect_app.clock import local_zone
from inspect_app.extensions import db
from inspect_app.hazards.chain import facts_of
from inspect_app.hazards.models import EventType, Hazard
from inspect_app.inspections import officers
from inspect_app.inspections.models import (
    Answer,
    Document,
    DocumentKind,
    Inspection,
    InspectionKind,
)
from inspect_app.institutions.models import Institution
from inspect_app.numbering import issuers
from inspect_app.pdf.build import build
from inspect_app.pdf.fonts import cjk_font, markup
from inspect_app.pdf.styles import Styles, grid, styles
from inspect_app.photos.models import Photo
from inspect_app.photos.storage_keys import storage_key
from inspect_app.principal import Department
from inspect_app.storage import ObjectMissing, get_storage

log = logging.getLogger(__name__)

RESULT_LABELS = {"pass": "合格", "fail": "不合格", "na": "不适用"}
TITLES = {"record": "现场检查记录", "notice": "责令限期整改通知书"}
THUMB_MAX = 45 * mm
PHOTOS_PER_ROW = 3
# reportlab tables grow super-linearly; a few hundred rows each stay linear.
TABLE_CHUNK = 200
# Lines to sign and date on (reportlab collapses runs of spaces, so underscores).
SIGN_BLANK = "_" * 18
DATE_BLANKS = "______年____月____日"


def text(value: object) -> str:
    """Plain text made safe for a reportlab Paragraph (which reads markup), every
    character printable (the font fallback chain, ``pdf.fonts.markup``)."""
    return markup(value)


def local_datetime(moment: datetime) -> str:
    local = moment.astimezone(local_zone())
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def local_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def last_local_day(due_at: datetime) -> date:
    """Deadlines are the start of the day after the last one: that last day, inclusive."""
    return (due_at.astimezone(local_zone()) - timedelta(microseconds=1)).date()


def _prompt(items: dict[str, dict], code: str) -> str:
    return items.get(code, {}).get("prompt", {}).get("zh", "")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def value_text(value: object, item: dict | None = None) -> str:
    """An answer's value as a person reads it: a choice's Chinese label (never its code),
    是/否, a number with its unit."""
    if item is not None and item.get("answer_type") == "choice":
        for choice in item.get("choices") or ():
            if choice["value"] == value:
                return str(choice["label"]["zh"])
    if item is not None and item.get("unit") and _is_number(value):
        return f"{value:g}{item['unit']}"
    if value is None:
        return ""
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def officer_line(officer: officers.Officer) -> str:
    return f"{officer.name}（执法证号：{officer.cert_no or '未登记'}）"


def _answers(inspection: Inspection) -> list[Answer]:
    return list(
        db.session.scalars(
            select(Answer).where(Answer.inspection_id == inspection.id).order_by(Answer.id)
        )
    )


def _header(kind: str, number: str, st: Styles) -> list[Flowable]:
    return [Paragraph(TITLES[kind], st.title), Paragraph(text(number), st.number)]


def _facts_table(rows: list[tuple[str, str]], st: Styles) -> Table:
    table = Table(
        [[Paragraph(text(k), st.cell), Paragraph(text(v), st.cell)] for k, v in rows],
        colWidths=[32 * mm, 138 * mm],
        splitInRow=1,
    )
    table.setStyle(grid(header_rows=0))
    return table


def _chunks(rows: list, size: int = TABLE_CHUNK) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _thumbnail(photo: Photo) -> Flowable | None:
    try:
        with get_storage().open(storage_key(photo.sha256, "thumbnail")) as stream:
            data = stream.read()
    except ObjectMissing:
        log.error("photo %s: thumbnail missing from storage; left out of the record", photo.id)
        return None
    width, height = photo.thumb_width or 1, photo.thumb_height or 1
    scale = min(THUMB_MAX / width, THUMB_MAX / height)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _photo_grid(failed: list[Answer], st: Styles) -> list[Flowable]:
    wanted = [(answer, str(pid)) for answer in failed for pid in answer.photo_ids or []]
    if not wanted:
        return []
    photos = {
        str(p.id): p
        for p in db.session.scalars(
            select(Photo).where(Photo.id.in_({uuid.UUID(p) for _, p in wanted}))
        )
    }
    cells: list[list[Flowable]] = []
    for answer, photo_id in wanted:
        photo = photos.get(photo_id)
        image = _thumbnail(photo) if photo is not None else None
        if image is None:
            continue
        caption = Paragraph(text(f"{answer.checklist_key} {answer.item_code}"), st.small)
        cells.append([image, caption])
    if not cells:
        return []
    rows: list[list] = [
        [*cells[start : start + PHOTOS_PER_ROW]] + [""] * (PHOTOS_PER_ROW - len(cells[start:]))
        for start in range(0, len(cells), PHOTOS_PER_ROW)
    ]
    table = Table(rows, colWidths=[170 * mm / PHOTOS_PER_ROW] * PHOTOS_PER_ROW)
    table.setStyle(
        [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), cjk_font())]
    )
    return [KeepTogether([Paragraph("不合格项照片（缩略图）", st.heading), table])]


def record_flowables(inspection: Inspection, number: str) -> list[Flowable]:
    st = styles()
    institution = db.session.get_one(Institution, inspection.institution_id)
    team = officers.team_of(inspection)
    assert inspection.submitted_at is not None
    facts = [
        ("被检查单位", institution.name),
        ("统一社会信用代码", institution.credit_code),
        ("地址", institution.address),
        ("所属街道（镇）", institution.street),
        ("检查类型", InspectionKind.label_of(inspection.kind)),
        *time_on_site(inspection, _answers(inspection)),
        ("检查人员", "；".join(officer_line(o) for o in team)),
        ("被检查单位在场人员", present_person(inspection)),
    ]
    if inspection.location:
        where = inspection.location
        accuracy = where.get("accuracy_m")
        facts.append(
            (
                "检查位置",
                f"北纬 {where['lat']:.6f}，东经 {where['lon']:.6f}"
                + (f"（精度约 {accuracy:.0f} 米）" if accuracy is not None else ""),
            )
        )
    story: list[Flowable] = [*_header("record", number, st), _facts_table(facts, st)]

    answers = _answers(inspection)
    by_checklist: dict[str, list[Answer]] = {}
    for answer in answers:
        by_checklist.setdefault(answer.checklist_key, []).append(answer)
    for pinned in inspection.checklists:
        version = pinned.checklist_version
        items = checklist_versions.items_by_code(version)
        order = {code: n for n, code in enumerate(items)}
        rows = sorted(
            by_checklist.get(pinned.checklist_key, []),
            key=lambda a: (order.get(a.item_code, len(order)), a.item_code),
        )
        story.append(Paragraph(text(f"{version.title_zh}（第 {version.version} 版）"), st.heading))
        if not rows:
            story.append(Paragraph("（无作答）", st.body))
            continue
        header = [Paragraph(h, st.cell) for h in ("编号", "检查内容", "结果", "记录值", "说明")]
        body = [
            [
                Paragraph(text(a.item_code), st.cell),
                Paragraph(
                    text(items.get(a.item_code, {}).get("prompt", {}).get("zh", "")), st.cell
                ),
                Paragraph(RESULT_LABELS.get(a.result, a.result), st.cell),
                Paragraph(text(value_text(a.value, items.get(a.item_code))), st.cell),
                Paragraph(text(a.note or ""), st.cell),
            ]
            for a in rows
        ]
        for chunk in _chunks(body):
            table = Table(
                [header, *chunk],
                colWidths=[16 * mm, 62 * mm, 16 * mm, 26 * mm, 50 * mm],
                repeatRows=1,
                splitInRow=1,
            )
            table.setStyle(grid())
            story.append(table)

    failed = [a for a in answers if a.result == "fail"]
    story.append(Paragraph("检查发现", st.heading))
    if failed:
        hazard_count = len(inspection.hazard_ids or [])
        story.append(
            Paragraph(
                text(
                    f"共 {len(failed)} 项不合格，已登记隐患 {hazard_count} 项"
                    "（见责令限期整改通知书）："
                ),
                st.body,
            )
        )
        pinned_items = {
            c.checklist_key: checklist_versions.items_by_code(c.checklist_version)
            for c in inspection.checklists
        }
        for n, answer in enumerate(failed, 1):
            prompt = _prompt(pinned_items.get(answer.checklist_key, {}), answer.item_code)
            line = f"{n}. {answer.item_code} {prompt}"
            if answer.note:
                line += f"：{answer.note}"
            story.append(Paragraph(text(line), st.body))
    else:
        story.append(Paragraph("本次检查未发现不合格项。", st.body))
    story.extend(_photo_grid(failed, st))

    story.extend(_signatures(inspection, team, st))
    return story


def time_on_site(inspection: Inspection, answers: list[Answer]) -> list[tuple[str, str]]:
    """检查时间: from the start to the submit when both fall on the same local day; else to
    the last answer saved that day (the time on site), with the later submit beside it."""
    assert inspection.submitted_at is not None
    zone = local_zone()
    start = inspection.started_at.astimezone(zone)
    submitted = inspection.submitted_at.astimezone(zone)
    if submitted.date() == start.date():
        end: datetime | None = submitted
    else:
        same_day = [
            a.updated_at.astimezone(zone)
            for a in answers
            if a.updated_at.astimezone(zone).date() == start.date()
        ]
        end = max(same_day) if same_day else None
    if end is None:
        when = f"{local_datetime(start)} 起"
    else:
        when = f"{local_datetime(start)} 至 {max(end, start):%H:%M}"
    rows = [("检查时间", when)]
    if submitted.date() != start.date():
        rows.append(("提交时间", local_datetime(submitted)))
    return rows


def present_person(inspection: Inspection) -> str:
    name = inspection.present_person_name or ""
    position = inspection.present_person_position
    return f"{name}（{position}）" if position else name


# What the officers told the person present, printed above the signatures they confirm
# (《行政处罚法》第四十二条、第五十五条).
STATEMENTS = (
    "检查人员已向被检查单位在场人员出示执法证件，表明身份。",
    "检查人员已告知被检查单位：认为检查人员与本单位有直接利害关系或者其他关系，"
    "可能影响公正执法的，有权申请检查人员回避。",
)


def _signatures(inspection: Inspection, team: list[officers.Officer], st: Styles) -> list[Flowable]:
    """The statements, a signature line per officer with their certificate number, and
    the block of the institution's person present (or its noted refusal to sign)."""
    blocks: list[Flowable] = [Paragraph("告知事项", st.heading)]
    blocks += [Paragraph(text(f"{n}. {line}"), st.body) for n, line in enumerate(STATEMENTS, 1)]
    blocks.append(Spacer(1, 6 * mm))
    for officer in team:
        blocks.append(
            Paragraph(
                text(
                    f"检查人员：{officer.name}　执法证号：{officer.cert_no or '未登记'}　"
                    f"签名：{SIGN_BLANK}　日期：{DATE_BLANKS}"
                ),
                st.body,
            )
        )
        blocks.append(Spacer(1, 4 * mm))
    blocks.append(Spacer(1, 2 * mm))
    person = (
        f"被检查单位在场人员：{inspection.present_person_name or ''}　"
        f"职务：{inspection.present_person_position or ''}"
    )
    if inspection.signature_refused:
        blocks.append(Paragraph(text(person), st.body))
        blocks.append(Paragraph("被检查单位拒绝签字", st.heading))
        if inspection.signature_note:
            blocks.append(Paragraph(text(f"检查人员说明：{inspection.signature_note}"), st.body))
    else:
        blocks.append(
            Paragraph(
                text(f"{person}　签名：{SIGN_BLANK}　日期：{DATE_BLANKS}"),
                st.body,
            )
        )
    return [KeepTogether(blocks)]


@dataclass(frozen=True)
class NoticeLine:
    item_code: str | None
    title: str
    description: str
    severity: str
    provisional: bool
    basis: str
    last_day: date
    measures: str = ""
    refer_to: str | None = None


def defect_found(item: dict, value: object, fallback: str) -> str:
    """What was found wrong, not the requirement: a failed choice's label, a number with
    what was measured, the item's ``defect``, else the requirement said not to be met
    (未做到, for an item of an older checklist version without one)."""
    prompt = str(item.get("prompt", {}).get("zh") or fallback)
    if not item:
        return fallback
    choice = failed_choice(item, value)
    if choice is not None:
        return str(choice["label"]["zh"])
    if item.get("answer_type") == "number" and _is_number(value):
        return f"{prompt}（实测{value:g}{item.get('unit', '')}）"
    return str(item.get("defect") or f"未做到：{prompt}")


def _measures(item: dict, value: object) -> tuple[str, str | None]:
    """The immediate measures and the referral department a failure carries, a failed
    choice's own before the item's."""
    choice = failed_choice(item, value) or {}
    measures = choice.get("immediate_measures") or item.get("immediate_measures") or {}
    return str(measures.get("zh", "")), choice.get("refer_to") or item.get("refer_to")


def _as_recorded(hazard: Hazard, inspection: Inspection) -> tuple[dict, str | None]:
    """The hazard's facts as its chain stood at this inspection's finding, and its note."""
    facts: dict = {}
    for event in hazard.events:
        recorded = (event.data or {}).get("facts")
        if recorded:
            facts.update(recorded)
        if (event.data or {}).get("inspection_id") == str(inspection.id) and event.type in (
            EventType.FOUND,
            EventType.FOUND_AGAIN,
        ):
            return {**facts_of(hazard), **facts}, event.note
    return facts_of(hazard), hazard.description


def _fixed_here(hazard: Hazard, inspection: Inspection) -> bool:
    """Fixed on site at this inspection (当场整改): in the record, never in a notice."""
    for event in hazard.events:
        data = event.data or {}
        if data.get("inspection_id") != str(inspection.id):
            continue
        if event.type == EventType.FOUND:
            return bool((data.get("facts") or {}).get("fixed_on_site", hazard.fixed_on_site))
        if event.type == EventType.FOUND_AGAIN:
            return bool(data.get("fixed_on_site"))
    return False


def _overdue_here(hazard: Hazard, inspection: Inspection) -> date | None:
    """Found again at this inspection past its deadline: the deadline it had missed."""
    for event in hazard.events:
        data = event.data or {}
        if (
            event.type == EventType.FOUND_AGAIN
            and data.get("inspection_id") == str(inspection.id)
            and data.get("overdue")
        ):
            return last_local_day(datetime.fromisoformat(data["previous_due_at"]))
    return None


def ordered_hazards(inspection: Inspection, department: str) -> list[Hazard]:
    """The hazards this inspection orders rectified that ``department``'s officers found
    (civil affairs: also those recorded without a department), in the inspection's order;
    those fixed on site are left out."""
    ids = [uuid.UUID(h) for h in inspection.hazard_ids or []]
    hazards = {
        h.id: h
        for h in db.session.scalars(
            select(Hazard).where(Hazard.id.in_(ids)).options(selectinload(Hazard.events))
        )
    }
    wanted = {department} | ({None} if department == Department.CIVIL_AFFAIRS else set())
    return [
        hazard
        for hazard_id in ids
        if (hazard := hazards.get(hazard_id)) is not None
        and hazard.department in wanted
        and not _fixed_here(hazard, inspection)
    ]


def notice_lines(inspection: Inspection, department: str | None = None) -> list[NoticeLine]:
    """The notice's lines: the hazards ordered rectified (of ``department``'s findings)."""
    ids = [h.id for h in ordered_hazards(inspection, department or Department.CIVIL_AFFAIRS)]
    hazards = {
        h.id: h
        for h in db.session.scalars(
            select(Hazard).where(Hazard.id.in_(ids)).options(selectinload(Hazard.events))
        )
    }
    pinned = {c.checklist_key: c.checklist_version for c in inspection.checklists}
    values: dict[tuple[object, object], object] = {
        (a.checklist_key, a.item_code): a.value for a in _answers(inspection)
    }
    lines = []
    for hazard_id in ids:
        hazard = hazards.get(hazard_id)
        if hazard is None:
            continue
        facts, note = _as_recorded(hazard, inspection)
        if overdue := _overdue_here(hazard, inspection):
            note = f"逾期未整改（原整改期限{local_day(overdue)}），重新限期整改。{note or ''}"
        item: dict = {}
        key, code = facts.get("checklist_key"), facts.get("item_code")
        if key in pinned and code:
            item = checklist_versions.items_by_code(pinned[key]).get(code, {})
        due_at = facts.get("due_at")
        due = datetime.fromisoformat(due_at) if isinstance(due_at, str) else hazard.due_at
        severity = facts.get("severity") or hazard.severity
        value = values.get((key, code))
        measures, refer_to = _measures(item, value)
        lines.append(
            NoticeLine(
                item_code=code,
                title=defect_found(item, value, facts.get("title") or hazard.title),
                description=note or "",
                severity=severity,
                provisional=severity == Severity.MAJOR
                and not getattr(hazard, "severity_confirmed", True),
                basis=legal_basis.printable(item.get("basis")),
                last_day=last_local_day(due),
                measures=measures,
                refer_to=refer_to,
            )
        )
    return lines


def notice_flowables(
    inspection: Inspection, number: str, issuer: str = Department.CIVIL_AFFAIRS
) -> list[Flowable]:
    """The notice of the hazards ``issuer``'s officers found, in that department's name."""
    st = styles()
    institution = db.session.get_one(Institution, inspection.institution_id)
    named = issuers.issuer_of(issuer)
    authority = named.authority if named else current_app.config["DOCUMENT_AUTHORITY"]
    assert inspection.submitted_at is not None
    issued = inspection.submitted_at.astimezone(local_zone()).date()
    lines = notice_lines(inspection, issuer)
    story: list[Flowable] = [
        *_header("notice", number, st),
        Paragraph(
            text(f"{institution.name}（统一社会信用代码：{institution.credit_code}）："), st.body
        ),
        Paragraph(
            text(
                f"　　{local_day(inspection.started_at.astimezone(local_zone()).date())}，"
                f"本机关执法人员对你单位（{institution.address}）进行了"
                f"{InspectionKind.label_of(inspection.kind)}，发现你单位存在下列安全隐患："
            ),
            st.body,
        ),
    ]
    header = [
        Paragraph(h, st.cell)
        for h in ("序号", "隐患", "问题描述", "隐患等级", "违反的规定", "整改期限")
    ]
    body = []
    for n, line in enumerate(lines, 1):
        severity = Severity.label_of(line.severity)
        if line.provisional:
            severity = PROVISIONAL_MAJOR
        title = f"{line.item_code} {line.title}" if line.item_code else line.title
        body.append(
            [
                Paragraph(str(n), st.cell),
                Paragraph(text(title), st.cell),
                Paragraph(text(line.description), st.cell),
                Paragraph(text(severity), st.cell),
                Paragraph(text(line.basis or "—"), st.cell),
                Paragraph(text(local_day(line.last_day) + "前（含当日）"), st.cell),
            ]
        )
    for chunk in _chunks(body):
        table = Table(
            [header, *chunk],
            colWidths=[10 * mm, 34 * mm, 38 * mm, 20 * mm, 40 * mm, 28 * mm],
            repeatRows=1,
            splitInRow=1,
        )
        table.setStyle(grid())
        story.append(table)
    config = current_app.config
    story += [
        *_major_reason(lines, st),
        *_immediate(lines, st),
        Spacer(1, 4 * mm),
        Paragraph(
            text(
                "　　你单位存在的上述隐患不符合所列规定。依据"
                f"{legal_basis.printable_text(config['RECTIFICATION_ORDER_BASIS'])}，"
                "现责令你单位于各项所列整改期限届满前完成整改；整改期间应采取"
                "必要的防范措施，确保老年人安全。重大事故隐患须制定整改方案，落实责任、措施、"
                "资金、时限和应急预案。整改完成后，请及时向本机关申请复查。逾期未整改或整改"
                "不合格的，本机关将依法处理。"
            ),
            st.body,
        ),
        Paragraph(
            text(
                "　　你单位如不服本通知，可以自收到本通知书之日起六十日内向"
                f"{config['ADMINISTRATIVE_REVIEW_BODY']}申请行政复议（《中华人民共和国行政复议法》），"
                "或者自收到本通知书之日起六个月内依法向人民法院提起行政诉讼"
                "（《中华人民共和国行政诉讼法》）。"
            ),
            st.body,
        ),
        Spacer(1, 10 * mm),
        Paragraph(text(f"{authority}（印章）"), st.right),
        Paragraph(text(local_day(issued)), st.right),
        Spacer(1, 10 * mm),
        Paragraph(text(f"被检查单位签收：{SIGN_BLANK}　日期：{DATE_BLANKS}"), st.body),
        Paragraph(
            text(f"检查人员：{'；'.join(officer_line(o) for o in officers.team_of(inspection))}"),
            st.small,
        ),
    ]
    return story


PROVISIONAL_MAJOR = "拟判重大事故隐患"


def _major_reason(lines: list[NoticeLine], st: Styles) -> list[Flowable]:
    """Why the major hazards are major: the 2023 criteria, printed only as that reason."""
    majors = [(n, line) for n, line in enumerate(lines, 1) if line.severity == Severity.MAJOR]
    if not majors:
        return []
    confirmed = "、".join(f"第{n}项" for n, line in majors if not line.provisional)
    proposed = "、".join(f"第{n}项" for n, line in majors if line.provisional)
    reasons = []
    if confirmed:
        reasons.append(f"{confirmed}为重大事故隐患")
    if proposed:
        reasons.append(f"{proposed}拟判为重大事故隐患，由本机关复核确定")
    note = f"注：依据{legal_basis.MAJOR_CRITERIA}，{'；'.join(reasons)}。"
    return [Spacer(1, 2 * mm), Paragraph(text(note), st.small)]


def _immediate(lines: list[NoticeLine], st: Styles) -> list[Flowable]:
    """What the institution must do at once, and where a hazard is referred, per hazard."""
    out: list[Flowable] = []
    for n, line in enumerate(lines, 1):
        if not (line.measures or line.refer_to):
            continue
        said = f"第{n}项：" + (f"须{line.measures}" if line.measures else "")
        if line.refer_to:
            department = Department.label_of(line.refer_to)
            said += ("；" if line.measures else "") + f"本机关将抄告{department}部门"
        out.append(Paragraph(text(said + "。"), st.body))
    if out:
        out.insert(0, Paragraph("须立即采取的措施", st.heading))
    return out


def render(inspection: Inspection, document: Document) -> bytes:
    """The PDF of one document; the same records and number give the same bytes."""
    from inspect_app.inspections import letters_layout

    institution = db.session.get_one(Institution, inspection.institution_id)
    kind, number = document.kind, document.number
    if kind == DocumentKind.RECORD:
        flowables = record_flowables(inspection, number)
    elif kind == DocumentKind.NOTICE:
        flowables = notice_flowables(inspection, number, document.issuer)
    elif kind == DocumentKind.REFERRAL:
        flowables = letters_layout.referral_flowables(inspection, number, document.subject)
    else:
        flowables = letters_layout.opinion_flowables(inspection, number)
    named = issuers.issuer_of(document.issuer)
    return build(
        flowables,
        title=f"{DocumentKind.label_of(kind)} {number}",
        subject=institution.name,
        author=named.authority if named else current_app.config["DOCUMENT_AUTHORITY"],
    )
