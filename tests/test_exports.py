"""The hazard ledger (隐患台账) exports: read back and compared with the API's list."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from inspect_app.extensions import db
from inspect_app.principal import Principal
from inspect_app.reports import exports
from inspect_app.reports.exports import HEADER, hazard_number
from tests.helpers import answers_for, assert_envelope, draft_body, evidence_photo_id

API = "/api/v1"


@pytest.fixture
def ledger(client, make_institution, make_user, token_for, make_photo, inspector_h, bureau_h):
    """Two institutions on two streets; hazards in every state, one with a formula-like
    title."""
    a = make_institution(name="泗泾镇阳光敬老院", street="泗泾镇")
    b = make_institution(name="岳阳街道福寿养老院", street="岳阳街道")
    manager_user = make_user("manager", institution_id=a.id, display_name="张院长")
    manager = token_for(manager_user)
    inspector_user_photo = make_photo(make_user("inspector"), color=(1, 2, 3))
    proof = make_photo(manager_user, color=(200, 100, 0))

    def found(institution_id, severity, title, photos=()):
        response = client.post(
            f"{API}/hazards",
            json={
                "id": str(uuid.uuid4()),
                "institution_id": institution_id,
                "category": "fire",
                "severity": severity,
                "title": title,
                "photo_ids": list(photos),
            },
            headers=inspector_h,
        )
        assert response.status_code == 201, response.json
        return response.json["id"]

    ids = [found(a.id, "general", f"走廊堆放杂物{n}") for n in range(3)]
    ids.append(found(a.id, "major", '=HYPERLINK("x")', [inspector_user_photo]))
    ids += [found(b.id, "general", f"灭火器过期{n}") for n in range(2)]
    ok = client.post(
        f"{API}/hazards/{ids[0]}/acknowledge", json={"plan": "一周内清理"}, headers=manager
    )
    assert ok.status_code == 200
    ok = client.post(
        f"{API}/hazards/{ids[0]}/rectification",
        json={"description": "已清理", "photo_ids": [proof]},
        headers=manager,
    )
    assert ok.status_code == 200
    ok = client.post(
        f"{API}/hazards/{ids[0]}/review",
        json={"decision": "approve", "note": "合格"},
        headers=bureau_h,
    )
    assert ok.status_code == 200
    return {
        "ids": ids,
        "manager": manager,
        "a": a,
        "b": b,
        "proof": proof,
        "photo": inspector_user_photo,
    }


def api_list(client, headers, **filters) -> list[dict]:
    rows = client.get(f"{API}/hazards", query_string={**filters, "page_size": 200}, headers=headers)
    assert rows.status_code == 200
    return rows.json


def read_csv(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
    return [
        ["" if v is None else v for v in row] for row in book.active.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize(
    "filters",
    [{}, {"status": "open"}, {"street": "泗泾镇"}, {"severity": "major"}, {"overdue": "false"}],
)
def test_csv_rows_are_the_lists_rows(client, ledger, bureau_h, filters):
    response = client.get(f"{API}/hazards/export.csv", query_string=filters, headers=bureau_h)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == HEADER
    listed = api_list(client, bureau_h, **filters)
    assert [r[0] for r in rows[1:]] == [hazard_number(h["id"]) for h in listed]
    by_number = {hazard_number(h["id"]): h for h in listed}
    for values in rows[1:]:
        row = dict(zip(HEADER, values, strict=True))
        hazard = by_number[row["隐患编号"]]
        assert row["街镇"] == ("泗泾镇" if "阳光" in row["机构"] else "岳阳街道")
        assert row["检查项目"] in (hazard["title"], "'" + hazard["title"])
        assert row["是否逾期"] == ("是" if hazard["overdue"] else "否")


def test_csv_columns_follow_the_ledger(client, ledger, bureau_h):
    rows = read_csv(client.get(f"{API}/hazards/export.csv", headers=bureau_h))
    by_number = {row[0]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    by_id = {h["id"]: by_number[hazard_number(h["id"])] for h in api_list(client, bureau_h)}
    cleared = by_id[ledger["ids"][0]]
    assert cleared["机构"] == "泗泾镇阳光敬老院"
    assert cleared["类别"] == "消防" and cleared["等级"] == "一般事故隐患"
    assert cleared["责任人"] == "张院长"
    assert cleared["整改说明"] == "已清理" and cleared["整改照片（张）"] == "1"
    assert cleared["复查人"] and cleared["复查日期"]
    assert cleared["状态"] == "已销号"
    major = by_id[ledger["ids"][3]]
    assert major["证据照片（张）"] == "1" and major["当场整改"] == "否"
    # Recorded by hand, not at an inspection: no document number.
    assert major["文书编号"] == ""
    assert major["检查项目"].startswith("'=")  # never a formula in Excel
    assert major["状态"] == "待整改" and major["责任人"] == ""
    # Dates are local (Shanghai) days; the deadline shows its last day.
    zone = ZoneInfo("Asia/Shanghai")
    for hazard in api_list(client, bureau_h):
        row = by_id[hazard["id"]]
        found_at = datetime.fromisoformat(hazard["found_at"])
        due_at = datetime.fromisoformat(hazard["due_at"])
        assert row["发现日期"] == found_at.astimezone(zone).date().isoformat()
        last_day = (due_at - timedelta(microseconds=1)).astimezone(zone).date()
        assert row["整改期限"] == last_day.isoformat()


def test_xlsx_rows_are_the_csv_rows(client, ledger, bureau_h):
    response = client.get(f"{API}/hazards/export.xlsx", headers=bureau_h)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = read_xlsx(response)
    rows = read_csv(client.get(f"{API}/hazards/export.csv", headers=bureau_h))
    # The same cells, but that the XLSX needs no visible "'" (a text is a string cell)
    # and its dates are dates.
    unquoted = [[v[1:] if v.startswith("'") else v for v in row] for row in rows]
    as_text = [
        [v.date().isoformat() if isinstance(v, datetime) else str(v) for v in row] for row in sheet
    ]
    assert as_text == unquoted
    assert '=HYPERLINK("x")' in {row[HEADER.index("检查项目")] for row in sheet}


def test_a_manager_exports_only_its_own_institution(client, ledger):
    for ext in ("csv", "xlsx"):
        response = client.get(f"{API}/hazards/export.{ext}", headers=ledger["manager"])
        rows = read_csv(response) if ext == "csv" else read_xlsx(response)
        assert {row[HEADER.index("机构")] for row in rows[1:]} == {"泗泾镇阳光敬老院"}
        assert len(rows) - 1 == len(api_list(client, ledger["manager"]))


def test_exports_stream_in_batches(client, ledger, bureau_h, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 2)  # keyset pages of two rows
    rows = read_csv(client.get(f"{API}/hazards/export.csv", headers=bureau_h))
    assert [r[0] for r in rows[1:]] == [hazard_number(h["id"]) for h in api_list(client, bureau_h)]
    response = client.get(f"{API}/hazards/export.csv", headers=bureau_h)
    assert response.is_streamed


def test_rows_are_read_a_page_at_a_time(app, ledger, bureau, monkeypatch):
    """Flat memory: the export reads one keyset page (and its events) per ``BATCH`` rows
    as they are consumed, never the whole ledger ahead of the writer."""
    monkeypatch.setattr(exports, "BATCH", 2)
    pages = []

    def count(conn, cursor, statement, *args):
        if "FROM hazards" in statement:
            pages.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        rows = exports.ledger_rows(Principal.of(bureau), {})
        first = [next(rows), next(rows)]
        assert len(pages) == 1
        rest = list(rows)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(first) + len(rest) == len(ledger["ids"])
    assert len(pages) == len(ledger["ids"]) // 2 + 1  # the last, empty page ends it


def test_an_empty_ledger_is_just_the_header(client, bureau_h):
    assert read_csv(client.get(f"{API}/hazards/export.csv", headers=bureau_h)) == [HEADER]
    assert read_xlsx(client.get(f"{API}/hazards/export.xlsx", headers=bureau_h)) == [HEADER]


def test_bad_filters_answer_422_not_a_broken_file(client, bureau_h):
    response = client.get(f"{API}/hazards/export.csv?status=nonsense", headers=bureau_h)
    assert_envelope(response, 422)
    assert_envelope(client.get(f"{API}/hazards/export.xlsx"), 401)


# ---------------------------------------------------------------- read as an officer reads it


def test_the_csv_names_one_charset(client, ledger, bureau_h):
    response = client.get(f"{API}/hazards/export.csv", headers=bureau_h)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_no_uuid_is_printed(client, ledger, bureau_h):
    import re

    text = client.get(f"{API}/hazards/export.csv", headers=bureau_h).get_data(as_text=True)
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", text)
    numbers = [
        row[0] for row in read_csv(client.get(f"{API}/hazards/export.csv", headers=bureau_h))[1:]
    ]
    assert all(re.fullmatch(r"YH[0-9A-F]{8}", n) for n in numbers), numbers
    assert len(set(numbers)) == len(numbers)


def test_the_xlsx_opens_laid_out_for_excel(client, ledger, bureau_h):
    from datetime import date

    response = client.get(f"{API}/hazards/export.xlsx", headers=bureau_h)
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.freeze_panes == "A2"  # the header row stays in view
    last = sheet.cell(row=1, column=len(HEADER)).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    for n in range(1, len(HEADER) + 1):
        letter = sheet.cell(row=1, column=n).column_letter
        assert sheet.column_dimensions[letter].width >= 6, letter
    assert sheet.column_dimensions["F"].width > sheet.column_dimensions["A"].width  # the item
    found = HEADER.index("发现日期") + 1
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=found)
        assert cell.is_date and cell.number_format == "yyyy-mm-dd"
        assert isinstance(cell.value, datetime | date)


def test_a_finding_carries_its_document_number_and_fixed_on_site(
    client, make_user, token_for, make_institution, bureau_h
):
    # A civil affairs officer's findings: ordered by the bureau's notice.
    inspector_h = token_for(make_user("inspector", department="civil_affairs"))
    home = make_institution(name="松江区文书编号养老院")
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    assert client.put(url, json=draft_body(home.id), headers=inspector_h).status_code == 201
    photo = evidence_photo_id()
    answers = [
        {**a, "fixed_on_site": True, "photo_ids": [photo]} if a["item_code"] == "F-02" else a
        for a in answers_for(home.id, fail={"F-02", "F-03"})
    ]
    assert client.put(f"{url}/answers", json=answers, headers=inspector_h).status_code == 200
    assert client.post(f"{url}/submit", headers=inspector_h).status_code == 200
    documents = {
        d["kind"]: d["number"] for d in client.get(url, headers=inspector_h).json["documents"]
    }
    rows = read_csv(client.get(f"{API}/hazards/export.csv", headers=bureau_h))
    mine = {
        row["检查项目"][:4]: row
        for row in (dict(zip(HEADER, r, strict=True)) for r in rows[1:])
        if row["机构"] == "松江区文书编号养老院"
    }
    assert mine["F-03"]["文书编号"] == documents["notice"]
    assert mine["F-03"]["当场整改"] == "否"
    # Fixed on site: in the record, not ordered by the notice.
    assert mine["F-02"]["文书编号"] == documents["record"]
    assert mine["F-02"]["当场整改"] == "是"
