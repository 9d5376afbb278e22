"""Reading a pool file (CSV or XLSX) that cannot be turned against the server.

- At most ``MAX_FILE_BYTES`` as sent and ``MAX_ROWS`` data rows (a 1.9 MB CSV of two
  million rows would otherwise hold a request for minutes).
- CSV encodings decided, not guessed: UTF-8 with or without a BOM, then GB18030 (what
  Excel writes on a Chinese system); anything else is refused with a message naming
  the encoding found (``charset-normalizer``).
- XLSX: the archive's uncompressed size is checked before openpyxl opens it (a 410 KB
  file can expand to a 400 MB shared-string table); zipfile never inflates a member
  beyond the size its header declares, so the check holds. openpyxl parses with
  ``defusedxml`` (a dependency), refusing entity expansion.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterable, Iterator

from inspect_app.errors import InvalidInput, PayloadTooLarge

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_XLSX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024

UNREADABLE = "无法读取文件 / The file cannot be read"
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, {"file": [message]})


def decode(data: bytes) -> str:
    """The text of a CSV: UTF-8 (a BOM or none), else GB18030, else refused."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise _wrong_encoding(name)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise _wrong_encoding(_detected(data))


def _detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    return best.encoding.upper().replace("_", "-") if best is not None else "未知 / unknown"


def _wrong_encoding(name: str) -> InvalidInput:
    return _refuse(
        f"文件编码为 {name}，请另存为 UTF-8 或 GB18030 的 CSV / "
        f"The file is encoded as {name}: save it as CSV in UTF-8 or GB18030"
    )


def _capped(rows: Iterable[list[str]]) -> Iterator[list[str]]:
    """The rows, header included, refusing the file past ``MAX_ROWS`` data rows."""
    for count, row in enumerate(rows):
        if count > MAX_ROWS:
            raise _refuse(f"文件超过 {MAX_ROWS} 行 / The file has more than {MAX_ROWS} rows")
        yield row


def _csv_rows(data: bytes) -> list[list[str]]:
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    try:
        return list(_capped(reader))
    except csv.Error:
        raise _refuse(UNREADABLE) from None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise _refuse(UNREADABLE) from None
    if expanded > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise _refuse(
            f"XLSX 解压后超过 {MAX_XLSX_UNCOMPRESSED_BYTES // 1048576} MB / "
            f"The XLSX expands to more than {MAX_XLSX_UNCOMPRESSED_BYTES // 1048576} MB"
        )
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.active
            values = sheet.iter_rows(values_only=True) if sheet is not None else iter(())
            return list(_capped(["" if c is None else str(c) for c in row] for row in values))
        finally:
            book.close()
    except InvalidInput:
        raise
    except Exception:
        raise _refuse(UNREADABLE) from None


def read_rows(data: bytes, fmt: str) -> list[dict[str, str]]:
    """The data rows of a pool file as {header: value}, values stripped."""
    if len(data) > MAX_FILE_BYTES:
        message = (
            f"文件超过 {MAX_FILE_BYTES // 1048576} MB / "
            f"The file is larger than {MAX_FILE_BYTES // 1048576} MB"
        )
        raise PayloadTooLarge(message, {"file": [message]})
    rows = _csv_rows(data) if fmt == "csv" else _xlsx_rows(data)
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    return [
        dict(zip(header, (c.strip() for c in row), strict=False)) for row in rows[1:] if any(row)
    ]
