"""Pool imports (`flask spot-check import-pool`) that cannot be turned against the server:
size and row caps, the uncompressed size of an XLSX checked before openpyxl opens it,
encodings decided, strict 是/否, and the API's limits on what is stored."""

from __future__ import annotations

import csv
import io
import time
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.models import AccountEvent, User
from inspect_app.spot_checks import pool_files

HEADER = ["编号", "用户名", "姓名", "部门", "执法证号", "在岗"]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return buffer.getvalue().encode(encoding)


def load(runner, tmp_path, data: bytes, name: str = "pool.csv", pool: str = "inspectors"):
    path = tmp_path / name
    path.write_bytes(data)
    return runner.invoke(args=["spot-check", "import-pool", pool, str(path)])


@pytest.fixture
def inspector_row(make_user):
    user = make_user(
        "inspector", display_name="王执法", username="wang.zhifa", enforcement_cert_no=None
    )
    return user, ["1", user.username, "王执法", "消防", "沪消执2026001"]


def stored(user) -> tuple[str | None, bool]:
    db.session.expire_all()
    row = db.session.get(User, user.id)
    return row.enforcement_cert_no, row.is_active


@pytest.mark.parametrize("value", ["0", "no ", "false", "", "否认", "1"])
def test_active_is_a_strict_yes_or_no(runner, tmp_path, inspector_row, value):
    user, row = inspector_row
    result = load(runner, tmp_path, csv_bytes([[*row, value]]))
    if value.strip() == "no":  # "no" is no (values are stripped): inactive
        assert result.exit_code == 0, result.output
        assert stored(user) == ("沪消执2026001", False)
        return
    assert result.exit_code != 0 and "row 2" in result.output and "在岗" in result.output
    assert stored(user) == (None, True)


def test_yes_and_no_in_chinese_set_the_flag_and_deactivating_ends_sessions(
    client, runner, tmp_path, inspector_row, token_for
):
    user, row = inspector_row
    headers = token_for(user)
    assert load(runner, tmp_path, csv_bytes([[*row, "否"]])).exit_code == 0
    assert stored(user) == ("沪消执2026001", False)
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    kinds = db.session.scalars(select(AccountEvent.type).where(AccountEvent.user_id == user.id))
    assert list(kinds) == ["deactivated"]
    assert load(runner, tmp_path, csv_bytes([[*row, "是"]])).exit_code == 0
    assert stored(user) == ("沪消执2026001", True)
    assert client.get("/api/v1/me", headers=headers).status_code == 401  # not brought back


def test_a_certificate_number_keeps_to_the_apis_limits(runner, tmp_path, inspector_row):
    user, row = inspector_row
    for cert in ("沪" * 100, "\x01=1+1", "沪执\u202e123"):
        result = load(runner, tmp_path, csv_bytes([[*row[:4], cert, "是"]]))
        assert result.exit_code != 0 and "row 2" in result.output, cert
    assert stored(user) == (None, True)


def test_gb18030_and_utf8_without_a_bom_are_read(runner, tmp_path, inspector_row):
    user, row = inspector_row
    for encoding in ("gb18030", "utf-8"):
        result = load(runner, tmp_path, csv_bytes([[*row[:4], f"沪执{encoding}", "是"]], encoding))
        assert result.exit_code == 0, result.output
        assert stored(user) == (f"沪执{encoding}", True)


def test_another_encoding_is_named(runner, tmp_path, inspector_row):
    _, row = inspector_row
    result = load(runner, tmp_path, csv_bytes([[*row, "是"]], "utf-16"))
    assert result.exit_code != 0 and "UTF-16" in result.output


def test_a_file_over_the_size_cap_is_refused_unread(runner, tmp_path, inspector_row):
    _, row = inspector_row
    data = csv_bytes([[*row, "是"]]) + b"\n" * pool_files.MAX_FILE_BYTES
    result = load(runner, tmp_path, data)
    assert result.exit_code != 0 and "MB" in result.output


def test_a_file_over_the_row_cap_is_refused_quickly(runner, tmp_path, inspector_row):
    _, row = inspector_row
    rows = [[*row, "是"]] * (pool_files.MAX_ROWS + 1)
    began = time.monotonic()
    result = load(runner, tmp_path, csv_bytes(rows))
    assert result.exit_code != 0 and str(pool_files.MAX_ROWS) in result.output
    assert time.monotonic() - began < 20


def test_an_xlsx_that_expands_too_far_is_refused_before_openpyxl(runner, tmp_path, monkeypatch):
    """A small archive whose shared strings expand past the cap: refused on the sizes
    its entries declare, without openpyxl ever opening it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        book = io.BytesIO()
        openpyxl.Workbook().save(book)
        with zipfile.ZipFile(book) as template:
            for member in template.infolist():
                archive.writestr(member.filename, template.read(member.filename))
        big = b"<si><t>" + b"A" * (pool_files.MAX_XLSX_UNCOMPRESSED_BYTES + 1) + b"</t></si>"
        archive.writestr("xl/sharedStrings.xml", big)
    data = buffer.getvalue()
    assert len(data) < pool_files.MAX_FILE_BYTES

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the file")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    result = load(runner, tmp_path, data, name="pool.xlsx")
    assert result.exit_code != 0 and "MB" in result.output


def test_a_broken_xlsx_is_a_message_not_a_crash(runner, tmp_path):
    result = load(runner, tmp_path, b"PK\x03\x04 not really", name="pool.xlsx")
    assert result.exit_code != 0 and "cannot be read" in result.output


def test_openpyxl_parses_with_defusedxml():
    from openpyxl import xml

    assert xml.DEFUSEDXML is True
