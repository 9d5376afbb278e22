"""Every CSV and XLSX the system makes is safe in Excel: with a corpus of formula, DDE and
control-character payloads stored (as rows written before the door refused them), each
table is exported both ways. The CSV shows no cell a spreadsheet would run; the XLSX,
opened with openpyxl, has no formula cell and shows the text as stored, without a
visible quote."""

from __future__ import annotations

import csv
import io
import unicodedata
import uuid

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from inspect_app.extensions import db
from inspect_app.models import Hazard
from tests.hostile_text import CORPUS

API = "/api/v1"
RUN_SIGNS = set("=+-@＝＋－＠\t\r")
# What an XLSX cell can hold of a stored text: XML 1.0 has no place for C0 controls.
XML_ILLEGAL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


def would_run(cell: str) -> bool:
    """Whether a spreadsheet could take this CSV cell for a formula (read on its own,
    not with the app's code): its first character that is not blank or invisible."""
    for ch in cell:
        if ch in RUN_SIGNS:
            return True
        if not (ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp")):
            return False
    return False


def as_xlsx_text(value: str) -> str:
    """A stored text as an XLSX shows it: no C0 controls, and (XML's line-end rule) a
    carriage return read back as a line feed."""
    value = "".join(ch for ch in value if ch not in XML_ILLEGAL)
    return value.replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture
def hostile_rows(client, make_institution, make_user, inspector_h):
    """An institution, an inspector (display name and certificate number) and a hazard
    (title) per payload of the corpus."""
    for n, payload in enumerate(CORPUS):
        institution = make_institution(name=payload, street=payload[:50])
        make_user(
            "inspector",
            display_name=payload,
            enforcement_cert_no=payload[:32],
            username=f"hostile{n}",
        )
        hazard_id = str(uuid.uuid4())
        response = client.post(
            f"{API}/hazards",
            json={
                "id": hazard_id,
                "institution_id": institution.id,
                "category": "fire",
                "severity": "general",
                "title": "标题",
            },
            headers=inspector_h,
        )
        assert response.status_code == 201, response.json
        db.session.execute(
            update(Hazard).where(Hazard.id == uuid.UUID(hazard_id)).values(title=payload)
        )
    db.session.commit()


TABLES = [
    "/hazards/export.csv",
    "/hazards/export.xlsx",
    "/spot-check-pools/institutions?format=csv",
    "/spot-check-pools/institutions?format=xlsx",
    "/spot-check-pools/inspectors?format=csv",
    "/spot-check-pools/inspectors?format=xlsx",
]


@pytest.mark.parametrize("table", TABLES)
def test_every_table_is_safe_in_excel(client, bureau_h, hostile_rows, table):
    response = client.get(f"{API}{table}", headers=bureau_h)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    data = response.get_data()
    shown: set[str] = set()
    if "csv" in table:
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            for cell in row:
                assert not would_run(cell), f"{table}: {cell!r} would run"
                assert not set(cell) & XML_ILLEGAL, f"{table}: {cell!r} holds a control"
                shown.add(as_xlsx_text(cell[1:] if cell.startswith("'") else cell))
    else:
        book = load_workbook(io.BytesIO(data))  # not read-only: every cell's data type
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{table}: formula cell {cell.value!r}"
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith("'") or cell.value == "'"
                        shown.add(cell.value)
    # Every payload is there, as text (without its control characters), not lost.
    for payload in CORPUS:
        assert as_xlsx_text(payload) in shown, f"{table}: {payload!r} missing"
