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
  string starting with ``=`` into a formula.) A date is a date cell shown
  ``yyyy-mm-dd`` (Excel sorts and filters it as a date); a CSV writes it as that text.
- An XLSX table as an officer opens it (``xlsx_table``): column widths, the header row
  frozen, and a filter on every column.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
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
        elif isinstance(value, date):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
            cells.append(cell)
        else:
            cells.append(value)
    return cells


class XlsxTable:
    """One sheet of a write-only workbook laid out for Excel: the column widths (in
    characters; a Chinese character counts two), the header row frozen and a filter over
    every column and row written. Set up before the first row (openpyxl writes widths
    and panes ahead of the rows), the filter set by ``close`` once the rows are known."""

    def __init__(
        self, book: Any, title: str | None, header: Sequence[str], widths: Sequence[float]
    ):
        from openpyxl.utils import get_column_letter

        self.sheet = book.create_sheet(title)
        for n, width in enumerate(widths, 1):
            self.sheet.column_dimensions[get_column_letter(n)].width = width
        self.sheet.freeze_panes = "A2"
        self.last_column = get_column_letter(len(header))
        self.rows = 0
        self.append(header)

    def append(self, row: Sequence[Any]) -> None:
        self.sheet.append(xlsx_row(self.sheet, row))
        self.rows += 1

    def close(self) -> None:
        self.sheet.auto_filter.ref = f"A1:{self.last_column}{self.rows}"


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
