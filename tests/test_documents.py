"""The documents of a submitted inspection: the on-site record and the rectification notice.

Read back with pypdf: what they say, that the Chinese font is embedded, that every fetch
gives the same bytes (and a rebuild too), and how they are numbered."""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from pypdf import PdfReader
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.inspections import issuing
from inspect_app.inspections.models import Document
from inspect_app.pdf import fonts
from inspect_app.storage import get_storage
from tests.helpers import answers_for, assert_envelope, draft_body, rendered_page

API = "/api/v1"


@pytest.fixture
def team(make_user, token_for):
    """Two certified inspectors with Chinese names; the first records."""
    lead = make_user(
        "inspector",
        display_name="张建国",
        department="civil_affairs",
        enforcement_cert_no="沪民执0101",
    )
    second = make_user(
        "inspector", display_name="李晓梅", department="fire", enforcement_cert_no="沪消执0202"
    )
    return lead, second, token_for(lead)


@pytest.fixture
def home(make_institution):
    return make_institution(
        name="松江区福寿康养老院", address="松江区中山街道人民路88号", street="中山街道"
    )


def inspect(client, headers, institution_id, *, fail=(), second=None, extra=None, keys=("fire",)):
    """Create, answer and submit an inspection; return its id."""
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    body = {**draft_body(institution_id, keys), **(extra or {})}
    if second is not None:
        body["assignee_ids"] = [second]
    assert client.put(url, json=body, headers=headers).status_code == 201
    answers = answers_for(institution_id, keys, fail=set(fail))
    assert client.put(f"{url}/answers", json=answers, headers=headers).status_code == 200
    submitted = client.post(f"{url}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.json
    return inspection_id


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def font_files(data: bytes) -> list[tuple[str, bool]]:
    """(BaseFont, embedded as TrueType) of every font the pages use."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptors = [font.get("/FontDescriptor")] + [
                d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])
            ]
            embedded = any(d is not None and "/FontFile2" in d.get_object() for d in descriptors)
            found.append((str(font["/BaseFont"]), embedded))
    return found


def test_record_says_who_what_and_when_in_an_embedded_font(client, team, home):
    _, second, headers = team
    inspection_id = inspect(client, headers, home.id, fail=("F-01", "F-02"), second=second.id)
    response = client.get(f"{API}/inspections/{inspection_id}/record.pdf", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    data = response.data
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    for expected in (
        "现场检查记录",
        "松江区福寿康养老院",
        home.credit_code,
        "松江区中山街道人民路88号",
        "中山街道",
        "日常检查",
        "张建国",
        "沪民执0101",
        "李晓梅",
        "沪消执0202",
        "不合格",
        "合格",
        "现场发现问题",  # the failed items' note
        "被检查单位在场人员",
        "周院长（院长）",
        "2026年11月20日 17:30",  # started_at 09:30 UTC, in Shanghai
        "北纬 31.030000",
    ):
        assert expected in text, expected
    for code in (a["item_code"] for a in answers_for(home.id)):
        assert code in text, code
    listed = client.get(f"{API}/inspections/{inspection_id}", headers=headers).json
    (number,) = [d["number"] for d in listed["documents"] if d["kind"] == "record"]
    assert number in text
    fonts = font_files(data)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("STSong" in name for name, _ in fonts)
    # The failed items' photos are in it, as images.
    images = [image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
    assert images


def test_notice_lists_each_hazard_with_basis_severity_and_deadline(client, team, home):
    _, _, headers = team
    with time_machine.travel(datetime(2026, 11, 20, 2, 0, tzinfo=UTC), tick=False):
        inspection_id = inspect(client, headers, home.id, fail=("F-01", "F-02"))
    response = client.get(f"{API}/inspections/{inspection_id}/notice.pdf", headers=headers)
    assert response.status_code == 200, response.json
    text = pdf_text(response.data)
    for expected in (
        "责令限期整改通知书",
        "松江区福寿康养老院",
        "F-01",
        "F-02",
        "疏散通道",
        "常闭防火门",
        "重大事故隐患",
        "一般事故隐患",
        "《中华人民共和国消防法》第二十八条",
        # found 2026-11-20 (Shanghai): general 15 days, major 30 days
        "2026年12月5日前",
        "2026年12月20日前",
        "申请复查",
        "上海市松江区民政局",
        "2026年11月20日",
        "张建国",
    ):
        assert expected in text.replace("\n", ""), expected
    assert all(embedded for _, embedded in font_files(response.data))


def test_every_fetch_gives_the_same_bytes_and_the_inspection_names_their_hash(
    client, team, home, manager_h
):
    _, _, headers = team
    inspection_id = inspect(client, headers, home.id, fail=("F-02",))
    url = f"{API}/inspections/{inspection_id}"
    # Numbered at submit, built on first fetch.
    listed = client.get(url, headers=headers).json["documents"]
    assert [(d["kind"], d["sha256"]) for d in listed] == [("notice", None), ("record", None)]
    first = client.get(f"{url}/record.pdf", headers=headers)
    second = client.get(f"{url}/record.pdf", headers=headers)
    assert first.data == second.data
    digest = hashlib.sha256(first.data).hexdigest()
    assert first.headers["ETag"] == f'"{digest}"'
    notice = client.get(f"{url}/notice.pdf", headers=headers)
    listed = {d["kind"]: d for d in client.get(url, headers=headers).json["documents"]}
    assert listed["record"]["sha256"] == digest
    assert listed["record"]["url"] == f"{url}/record.pdf"
    assert listed["notice"]["sha256"] == hashlib.sha256(notice.data).hexdigest()
    assert listed["notice"]["url"] == f"{url}/notice.pdf"
    # A conditional fetch with the hash: 304.
    again = client.get(f"{url}/record.pdf", headers={**headers, "If-None-Match": f'"{digest}"'})
    assert again.status_code == 304
    # The institution's manager gets the very same bytes.
    home_manager = client.get(f"{url}/record.pdf", headers=manager_h)
    assert home_manager.status_code == 404 or home_manager.data == first.data


def test_a_lost_file_is_rebuilt_byte_for_byte(client, team, home):
    _, _, headers = team
    inspection_id = inspect(client, headers, home.id, fail=("F-02",))
    url = f"{API}/inspections/{inspection_id}"
    issued = {
        kind: client.get(f"{url}/{kind}.pdf", headers=headers).data for kind in ("record", "notice")
    }
    for document in db.session.scalars(select(Document)):
        get_storage().delete(document.storage_key)
    for kind, data in issued.items():
        rebuilt = client.get(f"{url}/{kind}.pdf", headers=headers)
        assert rebuilt.status_code == 200
        assert rebuilt.data == data, kind
    for document in db.session.scalars(select(Document)):
        assert get_storage().exists(document.storage_key)


def test_numbers_are_given_at_submit_in_sequence_per_kind_and_year(client, team, home, app):
    """GB/T 9704: the bureau's prefix (沪松民), the series mark (养), the kind's mark, the
    year in 〔〕 and the serial without 第 or leading zeros."""
    _, _, headers = team
    ids = [inspect(client, headers, home.id, fail=("F-02",)) for _ in range(2)]
    ids.append(inspect(client, headers, home.id))
    with time_machine.travel(datetime(2026, 12, 31, 16, 30, tzinfo=UTC), tick=False):
        next_year = inspect(client, headers, home.id)  # 2027-01-01 00:30 in Shanghai

    def number(inspection_id, kind):
        response = client.get(f"{API}/inspections/{inspection_id}/{kind}.pdf", headers=headers)
        assert response.status_code == 200, response.json
        listed = client.get(f"{API}/inspections/{inspection_id}", headers=headers).json
        return {d["kind"]: d["number"] for d in listed["documents"]}[kind]

    year = datetime.now(UTC).year
    assert [number(i, "record") for i in ids] == [f"沪松民养检〔{year}〕{n}号" for n in (1, 2, 3)]
    assert number(next_year, "record") == "沪松民养检〔2027〕1号"
    assert [number(i, "notice") for i in ids[:2]] == [f"沪松民养改〔{year}〕{n}号" for n in (1, 2)]
    # The third found nothing: no notice.
    body = assert_envelope(
        client.get(f"{API}/inspections/{ids[2]}/notice.pdf", headers=headers), 404
    )
    assert "未发现隐患" in body["message"]
    # Fetching again issues nothing new.
    assert number(ids[0], "record") == f"沪松民养检〔{year}〕1号"
    assert db.session.query(Document).count() == 6


def test_a_refused_signature_is_recorded_on_the_record(client, team, home):
    _, _, headers = team
    extra = {"signature_refused": True, "signature_note": "负责人王某拒绝签字，由两名检查人员见证"}
    inspection_id = inspect(client, headers, home.id, extra=extra)
    detail = client.get(f"{API}/inspections/{inspection_id}", headers=headers).json
    assert detail["signature_refused"] is True
    assert detail["signature_note"] == extra["signature_note"]
    text = pdf_text(
        client.get(f"{API}/inspections/{inspection_id}/record.pdf", headers=headers).data
    )
    assert "被检查单位拒绝签字" in text
    assert "负责人王某拒绝签字，由两名检查人员见证" in text.replace("\n", "")
    # The person present is named, without a line to sign; the officers still sign.
    (person,) = [line for line in text.splitlines() if "在场人员：周院长" in line]
    assert "签名" not in person
    assert text.count("签名") == 2


def test_record_has_each_officers_signature_the_person_present_and_the_statements(
    client, team, home, tmp_path
):
    _, second, headers = team
    inspection_id = inspect(
        client,
        headers,
        home.id,
        second=second.id,
        extra={"present_person_name": "赵淑芬", "present_person_position": "副院长"},
    )
    data = client.get(f"{API}/inspections/{inspection_id}/record.pdf", headers=headers).data
    lines = [" ".join(line.split()) for line in pdf_text(data).splitlines()]
    signing = [line for line in lines if "签名" in line]
    assert len(signing) == 3, signing
    for line, (name, cert) in zip(
        signing, [("张建国", "沪民执0101"), ("李晓梅", "沪消执0202")], strict=False
    ):
        assert line.startswith(f"检查人员：{name}") and f"执法证号：{cert}" in line, line
        assert "日期" in line
    assert signing[2].startswith("被检查单位在场人员：赵淑芬") and "职务：副院长" in signing[2]
    flat = "".join(pdf_text(data).split())
    assert "赵淑芬（副院长）" in flat  # among the facts at the top
    assert "检查人员已向被检查单位在场人员出示执法证件" in flat
    assert "有权申请检查人员回避" in flat
    # The signatures' page renders: ink in its lower half (the signature block).
    last = len(PdfReader(io.BytesIO(data)).pages)
    gray = rendered_page(data, last, tmp_path)
    lower = gray.crop((0, gray.height // 3, gray.width, gray.height))
    assert sum(lower.histogram()[:128]) > 200


def test_drafts_have_no_documents_and_other_managers_none_at_all(
    client, team, home, make_institution, make_user, token_for, manager_h
):
    _, _, headers = team
    draft_id = str(uuid.uuid4())
    url = f"{API}/inspections/{draft_id}"
    assert client.put(url, json=draft_body(home.id), headers=headers).status_code == 201
    assert_envelope(client.get(f"{url}/record.pdf", headers=headers), 409)
    assert_envelope(client.get(f"{url}/record.pdf", headers=manager_h), 404)
    submitted = inspect(client, headers, home.id, fail=("F-02",))
    elsewhere = make_institution(name="别处养老院")
    stranger = token_for(make_user("manager", institution_id=elsewhere.id))
    for kind in ("record", "notice"):
        assert_envelope(
            client.get(f"{API}/inspections/{submitted}/{kind}.pdf", headers=stranger), 404
        )
    assert_envelope(
        client.get(f"{API}/inspections/{uuid.uuid4()}/record.pdf", headers=headers), 404
    )
    assert client.get(f"{API}/inspections/{submitted}/record.pdf").status_code == 401
    # Nothing was built for anyone refused.
    assert [d.sha256 for d in db.session.scalars(select(Document))] == [None, None]


def test_hostile_and_long_text_is_printed_as_text(client, team, home):
    _, _, headers = team
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    assert client.put(url, json=draft_body(home.id), headers=headers).status_code == 201
    answers = answers_for(home.id, fail={"F-02"})
    long_note = "<b>防火门</b> & 闭门器损坏 😀 " + "走廊堆放杂物，" * 280
    for answer in answers:
        if answer["item_code"] == "F-02":
            answer["note"] = long_note[:2000]
    assert client.put(f"{url}/answers", json=answers, headers=headers).status_code == 200
    assert client.post(f"{url}/submit", headers=headers).status_code == 200
    for kind in ("record", "notice"):
        response = client.get(f"{url}/{kind}.pdf", headers=headers)
        assert response.status_code == 200, kind
        text = "".join(pdf_text(response.data).split())
        assert "<b>防火门</b>&闭门器损坏" in text, kind
        assert len(PdfReader(io.BytesIO(response.data)).pages) >= 2


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_a_page_renders_to_something_not_blank(client, team, home, tmp_path):
    _, _, headers = team
    inspection_id = inspect(client, headers, home.id, fail=("F-02",))
    for kind in ("record", "notice"):
        pdf = client.get(f"{API}/inspections/{inspection_id}/{kind}.pdf", headers=headers).data
        gray = rendered_page(pdf, 1, tmp_path)
        darkest, _ = gray.getextrema()
        dark = sum(gray.histogram()[:128])
        assert darkest < 100, kind
        assert dark > 200, kind  # text, rules, not a stray dot


def test_without_an_embeddable_font_pdfs_fall_back_to_stsong_with_a_warning(
    client, team, home, app, monkeypatch, caplog
):
    _, _, headers = team
    inspection_id = inspect(client, headers, home.id)
    monkeypatch.setattr(fonts, "CANDIDATES", (("/nonexistent/wqy-microhei.ttc", 0),))
    app.config["PDF_FONT_PATH"] = str(app.instance_path) + "/not-a-font.ttf"
    fonts.reset_for_tests()
    try:
        with caplog.at_level(logging.WARNING, logger="inspect_app.pdf.fonts"):
            response = client.get(f"{API}/inspections/{inspection_id}/record.pdf", headers=headers)
        assert response.status_code == 200
        assert "STSong-Light" in caplog.text
        assert {name for name, _ in font_files(response.data)} == {"/STSong-Light"}
        assert "松江区福寿康养老院" in pdf_text(response.data)
    finally:
        fonts.reset_for_tests()


def test_pdf_font_path_names_the_font_to_embed(app):
    app.config["PDF_FONT_PATH"] = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#0"
    fonts.reset_for_tests()
    try:
        name = fonts.cjk_font()
        if not fonts.is_embedded(name):
            pytest.skip("fonts-wqy-microhei is not installed")
        assert fonts.font_source(name) == app.config["PDF_FONT_PATH"]
    finally:
        fonts.reset_for_tests()


# ---------------------------------------------------------------- what the notice states


def flat(data: bytes) -> str:
    """The PDF's text without line breaks or spaces (the layout wraps lines anywhere)."""
    return "".join(pdf_text(data).split())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_notice_states_the_remedies_with_the_configured_reviewing_body(
    client, team, home, app, tmp_path
):
    _, _, headers = team
    first = inspect(client, headers, home.id, fail=("F-02",))
    data = client.get(f"{API}/inspections/{first}/notice.pdf", headers=headers).data
    text = flat(data)
    for expected in (
        "自收到本通知书之日起六十日内向上海市松江区人民政府申请行政复议",
        "《中华人民共和国行政复议法》",
        "自收到本通知书之日起六个月内依法向人民法院提起行政诉讼",
        "《中华人民共和国行政诉讼法》",
    ):
        assert expected in text, expected
    # The remedies' page renders with ink where the remedies are (below the table).
    last = len(PdfReader(io.BytesIO(data)).pages)
    gray = rendered_page(data, last, tmp_path)
    assert sum(gray.crop((0, gray.height // 4, gray.width, gray.height)).histogram()[:128]) > 200

    app.config["ADMINISTRATIVE_REVIEW_BODY"] = "上海市人民政府"
    second = inspect(client, headers, home.id, fail=("F-02",))
    text = flat(client.get(f"{API}/inspections/{second}/notice.pdf", headers=headers).data)
    assert "六十日内向上海市人民政府申请行政复议" in text


UNCONFIRMED = ("待确认", "待核", "本地实践")


def test_no_served_document_prints_an_unconfirmed_basis(client, team, home, app):
    """Every item whose basis is unconfirmed, or cites the 2023 criteria, fails at once:
    the notice prints each provision broken without a mark, the criteria only as the
    reason the major hazards are major, and the empowering provision once."""
    from inspect_app.checklists import basis as legal_basis
    from inspect_app.checklists import versions as checklist_versions

    keys = ("fire", "gas", "service", "facilities")
    fail = {
        code
        for key in keys
        for code, item in checklist_versions.items_by_code(
            checklist_versions.latest_version(key)
        ).items()
        if legal_basis.is_unconfirmed(item["basis"]) or legal_basis.is_criteria(item["basis"])
    }
    assert {"G-03", "G-10", "FA-05"} <= fail
    app.config["RECTIFICATION_ORDER_BASIS"] = "《养老机构管理办法》第四十条（待确认）"
    _, _, headers = team
    inspection_id = inspect(client, headers, home.id, fail=fail, keys=keys)
    for kind in ("record", "notice"):
        data = client.get(f"{API}/inspections/{inspection_id}/{kind}.pdf", headers=headers).data
        text = flat(data)
        assert not [mark for mark in UNCONFIRMED if mark in text], kind
    # G-03: 「GB 55009-2021《燃气工程项目规范》；GB 50028《城镇燃气设计规范》（条款待确认）」
    assert "GB55009-2021《燃气工程项目规范》；GB50028《城镇燃气设计规范》" in text
    # The criteria: once, as the reason the majors are major; never as a provision broken.
    assert text.count("养老机构重大事故隐患判定标准") == 1
    assert "注：依据《养老机构重大事故隐患判定标准》（民办发〔2023〕13号），第1项" in text
    assert "项为重大事故隐患" in text
    assert "项拟判为重大事故隐患，由本机关复核确定" in text  # G-01 is a proposed major
    # The empowering provision, once, as its title (its article is not confirmed).
    assert text.count("依据《养老机构管理办法》，现责令你单位") == 1
    assert "第四十条" not in text


def test_checklists_lint_lists_every_item_whose_basis_is_unconfirmed(runner, tmp_path):
    import yaml

    from inspect_app.config import PROJECT_ROOT

    result = runner.invoke(args=["checklists", "lint"])
    assert result.exit_code == 1
    assert "facilities FA-05: 地方房屋安全管理规定（待确认）" in result.output
    assert "（不印依据 / nothing printed）" in result.output
    assert "notice prints: GB 55009-2021《燃气工程项目规范》；GB 50028《城镇燃气设计规范》" in (
        result.output
    )
    shipped = sum(
        "待确认" in line or "待核" in line or "本地实践" in line
        for path in (PROJECT_ROOT / "checklists").glob("*.yaml")
        for line in path.read_text("utf-8").splitlines()
        if line.strip().startswith("basis:")
    )
    assert f"{shipped} 项依据未确认" in result.output

    # A directory whose bases are all settled lints clean.
    directory = tmp_path / "checklists"
    directory.mkdir()
    document = yaml.safe_load((PROJECT_ROOT / "checklists" / "gas.yaml").read_text("utf-8"))
    for section in document["sections"]:
        for item in section["items"]:
            item["basis"] = "《中华人民共和国安全生产法》"
    (directory / "gas.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    clean = runner.invoke(args=["checklists", "lint", "--directory", str(directory)])
    assert clean.exit_code == 0, clean.output
    assert "0 项依据未确认" in clean.output


def test_a_worker_builds_the_documents_ahead_of_their_first_fetch(client, team, home):
    """The submit queues each numbered document; a worker builds and stores it, so the
    first fetch reads the stored bytes; a second pass of the queue changes nothing."""
    from inspect_app.jobs import queue

    _, _, headers = team
    inspection_id = inspect(client, headers, home.id, fail=("F-02",))
    url = f"{API}/inspections/{inspection_id}"
    assert queue.run_until_empty() == 2  # the record and the notice
    listed = {d["kind"]: d["sha256"] for d in client.get(url, headers=headers).json["documents"]}
    assert listed["record"] and listed["notice"]
    fetched = client.get(f"{url}/record.pdf", headers=headers)
    assert hashlib.sha256(fetched.data).hexdigest() == listed["record"]
    assert queue.run_until_empty() == 0
    assert issuing.build_queued(str(db.session.scalars(select(Document.id)).first()), None) == (
        "built already"
    )


def test_hazards_follow_the_checklists_order_whatever_order_the_answers_came_in(client, team, home):
    """The notice's 第1项, 第2项… follow the checklists as the inspection lists them, each in
    its items' order, as the on-site record does: not the order the phone sent its answers
    in, nor the order the database hands them back (the item codes' order, say)."""
    _, _, headers = team
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    keys = ("service", "fire")  # service first; within it S-18 comes before S-03
    assert client.put(url, json=draft_body(home.id, keys), headers=headers).status_code == 201
    answers = answers_for(home.id, keys, fail={"S-03", "S-18", "F-01"})
    for answer in reversed(answers):  # the last item first, one request each
        assert client.put(f"{url}/answers", json=[answer], headers=headers).status_code == 200
    submitted = client.post(f"{url}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.json
    codes = [
        client.get(f"{API}/hazards/{hazard_id}", headers=headers).json["item_code"]
        for hazard_id in submitted.json["hazard_ids"]
    ]
    assert codes == ["S-18", "S-03", "F-01"]
    record = pdf_text(client.get(f"{url}/record.pdf", headers=headers).data).replace("\n", "")
    assert record.index("S-18") < record.index("S-03") < record.index("F-01")
    notice = pdf_text(client.get(f"{url}/notice.pdf", headers=headers).data).replace("\n", "")
    assert notice.index("S-18") < notice.index("S-03") < notice.index("F-01")
