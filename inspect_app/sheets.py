"""The one cell writer of every CSV and XLSX the system makes (the hazard ledger, the
spot-check pools): whatever a cell holds, a spreadsheet shows it as text, never runs it.

- Characters XML 1.0 has no place for (C0 controls but tab, line feed and carriage
  return) are dropped: openpyxl refuses them (``IllegalCharacterError``), and a CSV with
  them is no better.
- CSV (formula or DDE injection, OWASP): a text that Excel or WPS could take for a
  formula gets a leading ``'``, shown by Excel as the text without it. That is a text
  starting with ``=``, ``+``, ``-``, ``@`` or their full-width forms ``＝＋－＠`` (Excel
  reads those as formulas too), a tab or a carriage return, or any of these behind
  leading spaces, line breaks or invisible characters (a zero-width space, a bidi mark).
- XLSX: every text is a string cell (``data_type "s"``), whatever it starts with, so
  there is no formula cell to run and no visible ``'``. (openpyxl on its own turns a
  string starting with ``=`` into a formula.)
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = frozenset("=+-@＝＋－＠\t\r")
# XML 1.0 has no place for these; openpyxl refuses them.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def printable(value: str) -> str:
    """The text without the characters no XLSX (XML 1.0) can hold."""
    return ILLEGAL_XML.sub("", value) if ILLEGAL_XML.search(value) else value


def _hides_behind(ch: str) -> bool:
    """Characters a spreadsheet may skip before it looks for a formula."""
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp", "Cc")


def looks_like_formula(value: str) -> bool:
    for ch in value:
        if ch in FORMULA_STARTS:
            return True
        if not _hides_behind(ch):
            return False
    return False


def csv_text(value: str) -> str:
    """A text as a CSV cell: printable, and never a formula (a leading ``'``)."""
    value = printable(value)
    return "'" + value if value and looks_like_formula(value) else value


def csv_cell(value: Any) -> Any:
    return csv_text(value) if isinstance(value, str) else value


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """A whole table as UTF-8 CSV with a BOM (Excel then reads the Chinese right)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    write_csv_rows(csv.writer(buffer), rows)
    return buffer.getvalue().encode()


def write_csv_rows(writer: Any, rows: Iterable[Sequence[Any]]) -> None:
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])


def xlsx_row(sheet: Any, row: Sequence[Any]) -> list:
    """A row for ``sheet.append`` (a write-only sheet or not): texts as string cells."""
    from openpyxl.cell import WriteOnlyCell

    cells: list = []
    for value in row:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, printable(value))
            cell.data_type = "s"  # never "f": the text is shown, not run
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def xlsx_bytes(rows: Iterable[Sequence[Any]], title: str | None = None) -> bytes:
    """A whole table as an XLSX workbook of one sheet."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
