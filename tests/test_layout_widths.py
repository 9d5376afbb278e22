"""Every served PDF, laid out: no string wider than its cell (or its frame), and no chart
alone on a page of the monthly report (issue 24, fault 4).

Each document an inspection lists (``documents`` of ``GET /inspections/{id}``, whatever
kinds there are) and the monthly report are built through the API with long names,
long notes and every item failed; the flowables each build laid out are kept (the real
build runs) and walked: every table cell's strings and paragraph lines against the
cell's width less its padding, every top-level paragraph against the frame."""

from __future__ import annotations

import io
import re
import uuid
from datetime import datetime

import pytest
import time_machine
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Paragraph, Table
from reportlab.platypus.doctemplate import BaseDocTemplate

from inspect_app.checklists import versions as checklist_versions
from inspect_app.pdf import linebreak
from tests.helpers import answers_for, draft_body, evidence_photo_id

API = "/api/v1"
FUZZ = 0.01
LONG_NAME = "松江区泗泾镇社会福利中心附属康复护理院（第二分院）养老服务综合体"
LONG_NOTE = (
    "现场发现：三楼东侧疏散通道堆放轮椅、床垫等杂物约五米长，安全出口门被链条锁闭，"
    "夜班护理员称钥匙由后勤主管保管（《养老机构消防安全管理规定》），已当场要求清除；"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz"
)


@pytest.fixture
def built(monkeypatch) -> list[tuple[BaseDocTemplate, list[Flowable]]]:
    """Every document built while the test runs, with the flowables it laid out."""
    builds: list[tuple[BaseDocTemplate, list[Flowable]]] = []
    original = BaseDocTemplate.build

    def keep(self, flowables, *args, **kwargs):
        kept = list(flowables)
        builds.append((self, kept))
        return original(self, flowables, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", keep)
    return builds


def _line_widths(para: Paragraph) -> list[tuple[str, float]]:
    """Each laid-out line of a wrapped paragraph: its text and its width."""
    lines = para.blPara.lines
    if para.blPara.kind == 0:
        out = []
        for extra, words in lines:
            text = " ".join(words) if isinstance(words, list) else str(words)
            out.append((text, para.width - extra))
        return out
    return [
        ("".join(str(getattr(w, "text", "")) for w in line.words), line.maxWidth - line.extraSpace)
        for line in lines
    ]


def _text_of(value: object) -> str:
    return value if isinstance(value, str) else getattr(value, "text", type(value).__name__)


def overflows(flowable: object, room: float, where: str) -> list[str]:
    """What in ``flowable`` (given ``room`` points) is wider than its place."""
    found: list[str] = []
    if isinstance(flowable, list | tuple):
        for part in flowable:
            found += overflows(part, room, where)
    elif isinstance(flowable, Table):
        found += _table_overflows(flowable, where)
    elif isinstance(flowable, Paragraph):
        if hasattr(flowable, "blPara"):
            for text, width in _line_widths(flowable):
                if width > room + FUZZ:
                    found.append(f"{where}: {width:.1f} > {room:.1f}: {text}")
                stripped = text.strip()
                if stripped and stripped[0] in linebreak.CANNOT_START and len(stripped) > 1:
                    found.append(f"{where}: a line starts with {stripped[0]}: {text}")
    elif isinstance(flowable, Image):
        if flowable.drawWidth > room + FUZZ:
            found.append(f"{where}: image {flowable.drawWidth:.1f} > {room:.1f}")
    elif hasattr(flowable, "_content"):  # KeepTogether and the like
        found += overflows(flowable._content, room, where)
    elif isinstance(flowable, Drawing) and flowable.width > room + FUZZ:
        found.append(f"{where}: drawing {flowable.width:.1f} > {room:.1f}")
    return found


def _table_overflows(table: Table, where: str) -> list[str]:
    found = []
    widths = table._colWidths
    spans = getattr(table, "_spanRanges", {}) or {}
    for r, row in enumerate(table._cellvalues):
        for c, value in enumerate(row):
            if (c, r) in spans and spans[(c, r)] is None:
                continue  # hidden under a span
            first, _, last, _ = spans.get((c, r)) or (c, r, c, r)
            style = table._cellStyles[r][c]
            room = sum(widths[first : last + 1]) - style.leftPadding - style.rightPadding
            place = f"{where} table cell ({r}, {c})"
            if isinstance(value, str):
                for line in value.split("\n"):
                    width = stringWidth(line, style.fontname, style.fontsize)
                    if width > room + FUZZ:
                        found.append(f"{place}: {width:.1f} > {room:.1f}: {line}")
            else:
                found += overflows(value, room, place)
    return found


def check(builds: list[tuple[BaseDocTemplate, list[Flowable]]]) -> None:
    assert builds
    problems = []
    for doc, flowables in builds:
        problems += overflows(flowables, doc.width, doc.title or "document")
    assert problems == [], "\n".join(problems[:20])


# ---------------------------------------------------------------- the documents


def test_no_string_is_wider_than_its_cell_in_any_document(
    client, make_user, token_for, make_institution, built
):
    lead = make_user("inspector", department="civil_affairs", enforcement_cert_no="沪民执0101")
    headers = token_for(lead)
    home = make_institution(
        name=LONG_NAME,
        address="上海市松江区泗泾镇泗通路一千二百三十四弄五十六号七号楼八楼（近江川路）",
        features={"kitchen": True, "gas": True, "lpg": True, "medical": True},
    )
    keys = ("fire", "food", "gas", "service", "facilities", "management")
    photo = evidence_photo_id()
    answers = []
    for answer in answers_for(home.id, keys):
        item = checklist_versions.items_by_code(
            checklist_versions.latest_version(answer["checklist"])
        )[answer["item_code"]]
        failing = [c["value"] for c in item.get("choices") or () if c.get("passes") is False]
        value = failing[-1] if failing else (50 if item["answer_type"] == "number" else False)
        answers.append(
            {**answer, "result": "fail", "value": value, "note": LONG_NOTE, "photo_ids": [photo]}
        )
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    body = {
        **draft_body(home.id, keys),
        "present_person_name": "欧阳长孙慕容司马诸葛端木",
        "present_person_position": "院长兼消防安全责任人（法定代表人）",
    }
    assert client.put(url, json=body, headers=headers).status_code == 201
    assert client.put(f"{url}/answers", json=answers, headers=headers).status_code == 200
    assert client.post(f"{url}/submit", headers=headers).status_code == 200
    documents = client.get(url, headers=headers).json["documents"]
    assert {"record", "notice"} <= {d["kind"] for d in documents}
    for document in documents:
        response = client.get(document["url"], headers=headers)
        assert response.status_code == 200, document
    check(built)


# ---------------------------------------------------------------- the monthly report


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


@pytest.fixture
def long_october(client, make_institution, make_user, token_for):
    """October 2026 with long names and titles: open majors, overdue hazards, failed items."""
    streets = ("泗泾镇", "岳阳街道", "九里亭街道")
    homes = [make_institution(name=f"{LONG_NAME}{n}", street=streets[n % 3]) for n in range(4)]
    inspector = token_for(make_user("inspector", department="fire"))
    with time_machine.travel(at("2026-10-03T10:00:00"), tick=False):
        for n, home in enumerate(homes):
            for severity in ("major", "general"):
                response = client.post(
                    f"{API}/hazards",
                    json={
                        "id": str(uuid.uuid4()),
                        "institution_id": home.id,
                        "category": ("fire", "food", "gas", "service")[n],
                        "severity": severity,
                        "title": LONG_NOTE[:120],
                    },
                    headers=inspector,
                )
                assert response.status_code == 201, response.json
    return token_for(make_user("bureau"))


def test_no_string_is_wider_than_its_cell_in_the_monthly_report(client, long_october, built):
    response = client.get(f"{API}/reports/monthly/2026-10.pdf", headers=long_october)
    assert response.status_code == 200
    check(built)


def test_no_chart_sits_alone_on_a_page(client, long_october):
    data = client.get(f"{API}/reports/monthly/2026-10.pdf", headers=long_october).data
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    for title, heading in (
        (r"近12个月发现与整改销号", "二、动态清零与趋势"),
        (r"重大事故隐患动态清零", "二、动态清零与趋势"),
        (r"本月发现隐患：按类别(?!与)", "三、分布"),
    ):
        (page,) = [p for p in pages if re.search(title, p)]
        assert heading in page, title
