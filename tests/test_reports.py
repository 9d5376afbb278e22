"""Monthly hazard reports: a fixture month built through the API, the PDF read back."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import uuid
from datetime import datetime

import pytest
import time_machine
from pypdf import PdfReader

from inspect_app.extensions import db
from inspect_app.jobs import queue
from inspect_app.jobs.lock import run_job
from inspect_app.reports import archive
from inspect_app.reports.models import MonthlyReport
from inspect_app.reports.monthly_figures import month_figures
from tests.helpers import (
    answers_for,
    assert_envelope,
    draft_body,
    rendered_page,
    submit_with_failures,
)

API = "/api/v1"
GENERAL, MAJOR = "F-02", "F-13"
A_NAME, B_NAME, C_NAME = "泗泾镇阳光敬老院", "岳阳街道福寿养老院", "佘山镇康乐苑"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


def travel(text: str):
    return time_machine.travel(at(text), tick=False)


@pytest.fixture
def october(client, make_institution, make_user, token_for, make_photo):
    """A district through September to early November 2026; October is the fixture month.

    Institutions A (泗泾镇) and B (岳阳街道) have hazards, C (佘山镇) none, D is suspended.
    """
    a = make_institution(name=A_NAME, street="泗泾镇")
    b = make_institution(name=B_NAME, street="岳阳街道")
    c = make_institution(name=C_NAME, street="佘山镇")
    make_institution(name="已停业养老院", street="佘山镇", status="suspended")
    bureau = token_for(make_user("bureau"))
    inspector = token_for(make_user("inspector", department="fire"))
    manager_a_user = make_user("manager", institution_id=a.id, display_name="张院长")
    manager_b_user = make_user("manager", institution_id=b.id, display_name="李院长")
    manager_a, manager_b = token_for(manager_a_user), token_for(manager_b_user)
    photo_a = make_photo(manager_a_user, color=(10, 200, 10))
    photo_b = make_photo(manager_b_user, color=(10, 10, 200))

    def found(institution_id, category, severity, title) -> str:
        response = client.post(
            f"{API}/hazards",
            json={
                "id": str(uuid.uuid4()),
                "institution_id": institution_id,
                "category": category,
                "severity": severity,
                "title": title,
            },
            headers=inspector,
        )
        assert response.status_code == 201, response.json
        return response.json["id"]

    def act(hazard_id, action, body, headers):
        response = client.post(f"{API}/hazards/{hazard_id}/{action}", json=body, headers=headers)
        assert response.status_code == 200, response.json

    ids = {}
    with travel("2026-09-01T10:00:00"):
        ids["sep_general"] = found(b.id, "service", "general", "交接班记录缺失")
    with travel("2026-09-05T10:00:00"):
        act(ids["sep_general"], "acknowledge", {"plan": "补齐记录"}, manager_b)
    with travel("2026-09-20T10:00:00"):
        ids["sep_major"] = found(a.id, "fire", "major", "自动喷水灭火系统未安装")
    with travel("2026-09-30T23:55:00"):
        run_job("snapshot_clearance")
    with travel("2026-10-03T10:00:00"):
        general, major = submit_with_failures(client, inspector, b.id, [GENERAL, MAJOR])
        ids["oct_general"], ids["oct_major"] = general, major
    with travel("2026-10-05T10:00:00"):
        ids["oct_food"] = found(a.id, "food", "general", "留样不足125克")
    with travel("2026-10-10T10:00:00"):
        act(
            ids["oct_food"],
            "rectification",
            {"description": "已补足留样", "photo_ids": [photo_a]},
            manager_a,
        )
    with travel("2026-10-12T10:00:00"):
        act(ids["oct_food"], "review", {"decision": "approve", "note": "复查合格"}, bureau)
    with travel("2026-10-15T10:00:00"):
        act(
            ids["oct_general"],
            "rectification",
            {"description": "已更换闭门器", "photo_ids": [photo_b]},
            manager_b,
        )
    with travel("2026-10-20T23:50:00"):
        run_job("snapshot_clearance")
    with travel("2026-10-20T23:55:00"):
        run_job("checkpoint_audit")
    # After the month's end: none of this may change October's report.
    with travel("2026-11-02T10:00:00"):
        act(ids["oct_general"], "review", {"decision": "approve", "note": "复查合格"}, bureau)
        ids["nov"] = found(a.id, "gas", "major", "燃气报警器失效")
    with travel("2026-11-03T23:55:00"):
        run_job("checkpoint_audit")
    return {
        "ids": ids,
        "bureau": bureau,
        "inspector": inspector,
        "manager": manager_a,
        "manager_b": manager_b,
        "photo_b": photo_b,
        "found": found,
        "act": act,
        "institutions": (a, b),
        "c": c,
        "second_bureau": token_for(make_user("bureau")),
    }


# What October looks like, worked out by hand from the fixture.
OCTOBER = {
    "在营机构数": "3",
    "本月完成检查（次）": "1",
    "本年检查覆盖率": "0.0%",  # the fire inspector's visit is not civil affairs' own
    "本月发现隐患": "3",
    "本月整改销号": "1",
    "整改率（本年）": "20.0%",
    # Deadlines passed by October's end: sep_general, sep_major, oct_general, oct_food;
    # only oct_food was rectified by its deadline and approved within the month.
    "按期整改率（本年）": "25.0%",
    "月末逾期未整改": "2",
    "月末未整改重大事故隐患": "2",
    "另有拟判重大（待确认）": "0",
    "月末未整改一般事故隐患": "2",
    "月末待复查": "1",
}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def key_figure(text: str, label: str) -> str:
    match = re.search(re.escape(label) + r"\s+(\S+)", text)
    assert match, f"{label} not in the PDF"
    return match.group(1)


def make_report(client, headers, month="2026-10", **body):
    with travel("2026-12-05T09:00:00"):
        return client.post(f"{API}/reports/monthly", json={"month": month, **body}, headers=headers)


def fetch_pdf(client, headers, url):
    with travel("2026-12-05T09:00:00"):
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    return response.get_data()


def test_the_figures_are_the_record_as_of_the_months_end(app, october):
    with travel("2026-12-05T09:00:00"):
        f = month_figures("2026-10")
    assert (f.found, f.found_year, f.cleared, f.cleared_year) == (3, 5, 1, 1)
    assert f.found_by == {("fire", "general"): 1, ("fire", "major"): 1, ("food", "general"): 1}
    assert (f.open_major, f.open_major_prev, f.open_general) == (2, 1, 2)
    assert (f.overdue, f.awaiting_review, f.proposed_major) == (2, 1, 0)
    # The one visit was the fire inspector's: coverage counts civil affairs' own.
    assert (f.inspections, f.institutions, f.institutions_inspected_year) == (1, 3, 0)
    assert f.rectification_rate == pytest.approx(0.2) and f.on_time_rate == 0.25
    assert f.checkpoint is not None and f.checkpoint[0] == 1
    assert [line.institution for line in f.open_major_list] == [A_NAME, B_NAME]
    assert {line.institution for line in f.overdue_list} == {A_NAME, B_NAME}
    assert {code for code, _, _ in f.top_failed} == {GENERAL, MAJOR}
    assert f.trend[-1] == ("2026-10", 3, 1) and f.trend[-2] == ("2026-09", 2, 0)
    days = dict(f.daily_open_major)
    assert days[datetime(2026, 10, 1).date()] == 1  # computed: no snapshot that day
    assert days[datetime(2026, 10, 20).date()] == 2  # the snapshot
    assert days[datetime(2026, 10, 31).date()] == 2
    matrix = f.matrix
    assert (matrix[("岳阳街道", "fire")].found, matrix[("岳阳街道", "fire")].open) == (2, 2)
    assert matrix[("泗泾镇", "food")].cleared == 1
    assert matrix[("泗泾镇", "fire")].overdue == 1
    assert ("佘山镇", "gas") in matrix  # a street without hazards still has its row


def test_a_report_prints_every_key_figure_and_is_stored_with_its_hash(client, october, app):
    made = make_report(client, october["bureau"])
    assert made.status_code == 201, made.json
    body = made.json
    assert body["month"] == "2026-10" and body["street"] is None
    assert body["url"] == f"{API}/reports/monthly/2026-10.pdf"
    data = fetch_pdf(client, october["bureau"], body["url"])
    assert hashlib.sha256(data).hexdigest() == body["sha256"]
    text = pdf_text(data)
    for label, value in OCTOBER.items():
        assert key_figure(text, label) == value, label
    assert "上月末 1，变化 +1" in text
    for name in (A_NAME, B_NAME):
        assert name in text
    assert "自动喷水灭火系统未安装" in text  # an open major hazard, by its item
    with travel("2026-12-05T09:00:00"):
        checkpoint = client.get(f"{API}/public/audit/checkpoints").json
    october_checkpoint = next(c for c in checkpoint if c["seq"] == 1)
    assert "第 1 号" in text and october_checkpoint["root"] in text.replace("\n", "")
    # The font is embedded (a TrueType subset), not a reference to one the reader may lack.
    reader = PdfReader(io.BytesIO(data))
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    cjk = [f for name, f in fonts.items() if "WenQuanYi" in name]
    assert cjk, fonts.keys()
    descriptor = (
        cjk[0].get("/FontDescriptor")
        or cjk[0]["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    )
    assert "/FontFile2" in descriptor.get_object()
    # Stored in the object store under its hash.
    report = db.session.get(MonthlyReport, body["id"])
    assert report.storage_key.endswith(f"{body['sha256']}.pdf")


def test_a_report_is_frozen_and_made_again_byte_for_byte(client, october, app):
    first = make_report(client, october["bureau"]).json
    again = make_report(client, october["bureau"])
    assert again.status_code == 200 and again.json["sha256"] == first["sha256"]
    # Things happening later do not reach October's figures: the same bytes again.
    with travel("2026-12-06T10:00:00"):
        client.post(
            f"{API}/hazards/{october['ids']['sep_major']}/rectification",
            json={"description": "x", "photo_ids": []},
            headers=october["manager"],
        )
        report = db.session.get(MonthlyReport, first["id"])
        assert hashlib.sha256(archive.rerender(report)).hexdigest() == first["sha256"]


def test_a_street_report_holds_only_that_street(client, october):
    made = make_report(client, october["bureau"], street="泗泾镇")
    assert made.status_code == 201, made.json
    assert made.json["street"] == "泗泾镇"
    assert made.json["url"].endswith(
        "/reports/monthly/2026-10.pdf?street=%E6%B3%97%E6%B3%BE%E9%95%87"
    )
    text = pdf_text(fetch_pdf(client, october["bureau"], made.json["url"]))
    assert A_NAME in text and B_NAME not in text
    assert key_figure(text, "本月发现隐患") == "1"
    assert key_figure(text, "月末未整改重大事故隐患") == "1"
    assert key_figure(text, "月末逾期未整改") == "1"
    # The district's report is another report.
    district = make_report(client, october["bureau"])
    assert district.status_code == 201 and district.json["sha256"] != made.json["sha256"]


def test_get_makes_the_report_on_first_request(client, october):
    data = fetch_pdf(client, october["bureau"], f"{API}/reports/monthly/2026-10.pdf")
    assert data.startswith(b"%PDF")
    again = make_report(client, october["bureau"])
    assert again.status_code == 200
    assert again.json["sha256"] == hashlib.sha256(data).hexdigest()


def test_a_month_without_data_renders_a_sensible_report(client, bureau_h, tmp_path):
    made = make_report(client, bureau_h, month="2025-01")
    assert made.status_code == 201, made.json
    data = fetch_pdf(client, bureau_h, made.json["url"])
    text = pdf_text(data)
    assert key_figure(text, "本月发现隐患") == "0"
    assert key_figure(text, "整改率（本年）") == "—"
    assert "本月末无未整改的重大事故隐患" in text
    assert "本月末无逾期未整改隐患" in text
    assert "本月无已签署的全过程记录检查点" in text
    assert "指标定义" in text
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed")
    page = rendered_page(data, 2, tmp_path)
    dark = sum(page.histogram()[:200])
    assert dark > 500, "page 2 rendered blank"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"month": "2026-12"}, "month"),  # the current month is not finished
        ({"month": "2027-03"}, "month"),
        ({"month": "2026-13"}, "month"),
        ({"month": "2026-10", "street": "不存在街道"}, "street"),
    ],
)
def test_only_finished_months_and_known_streets(client, bureau_h, institution, body, field):
    errors = assert_envelope(make_report(client, bureau_h, **body), 422)["errors"]
    assert field in errors.get("json", errors)


def test_unfinished_month_pdf_is_refused(client, bureau_h):
    with travel("2026-12-05T09:00:00"):
        response = client.get(f"{API}/reports/monthly/2026-12.pdf", headers=bureau_h)
    assert_envelope(response, 422)


def test_reports_are_for_the_bureau_only(client, inspector_h, manager_h):
    for headers in (inspector_h, manager_h):
        assert_envelope(make_report(client, headers), 403)


def test_cli_makes_a_report_with_a_progress_bar(runner, october):
    with travel("2026-12-05T09:00:00"):
        result = runner.invoke(args=["report", "monthly", "2026-10"])
        assert result.exit_code == 0, result.output
        assert "made: 2026-10 district" in result.output
        again = runner.invoke(args=["report", "monthly", "2026-10"])
        assert "already made" in again.output
        verified = runner.invoke(args=["report", "verify", "2026-10"])
        assert verified.exit_code == 0, verified.output
        refused = runner.invoke(args=["report", "monthly", "2026-12"])
        assert refused.exit_code != 0 and "finished months" in refused.output


def test_the_job_makes_last_months_report_on_the_first(app, october):
    from inspect_app.jobs.registry import JOBS

    assert JOBS["monthly_report"].trigger == {"trigger": "cron", "day": 1, "hour": 2, "minute": 0}
    with travel("2026-11-01T02:00:00"):
        assert run_job("monthly_report") == {"queued": "2026-10"}
        assert run_job("monthly_report") == {"queued": "2026-10"}  # asked twice: queued once
        assert archive.find("2026-10", None) is None  # a worker makes it
        queue.run_until_empty()  # the report (and the october inspections' documents)
        assert run_job("monthly_report") == {}  # made: nothing left to ask for
    report = archive.find("2026-10", None)
    assert report is not None and report.made_by_id is None


# -- the key figures are the clearance figures -------------------------------------------


@pytest.fixture
def rich_october(client, october):
    """October with every kind of history on top of ``october`` (found, cleared on time,
    awaiting review at the month's end): a hazard cleared late, one fixed on site, one
    voided within the month and one voided after it, and a proposed major (拟判重大)."""
    a, b = october["institutions"]
    found, act, bureau = october["found"], october["act"], october["bureau"]
    ids = october["ids"]
    with travel("2026-10-06T10:00:00"):
        ids["void_in_month"] = found(a.id, "gas", "general", "燃气软管老化")
        ids["void_later"] = found(b.id, "food", "major", "食材无进货查验")
        ids["proposed"] = found(b.id, "service", "general", "护理员无证上岗")
    with travel("2026-10-07T10:00:00"):
        act(
            ids["proposed"],
            "reclassify",
            {"severity": "major", "confirmed": False, "reason": "拟判重大，待确认"},
            bureau,
        )
    with travel("2026-10-08T10:00:00"):
        inspection_id = str(uuid.uuid4())
        url = f"{API}/inspections/{inspection_id}"
        inspector = october["inspector"]
        assert client.put(url, json=draft_body(a.id), headers=inspector).status_code == 201
        answers = answers_for(a.id, fail={GENERAL})
        for answer in answers:
            if answer["item_code"] == GENERAL:
                answer["fixed_on_site"] = True
        assert client.put(f"{url}/answers", json=answers, headers=inspector).status_code == 200
        submitted = client.post(f"{url}/submit", headers=inspector)
        assert submitted.status_code == 200, submitted.json
        [ids["fixed_on_site"]] = submitted.json["hazard_ids"]
    with travel("2026-10-09T10:00:00"):
        act(ids["void_in_month"], "void", {"reason": "登记错误"}, bureau)
    with travel("2026-10-16T10:00:00"):  # due in mid-September: cleared late
        act(
            ids["sep_general"],
            "rectification",
            {"description": "已补齐交接班记录", "photo_ids": [october["photo_b"]]},
            october["manager_b"],
        )
    with travel("2026-10-18T10:00:00"):
        act(ids["sep_general"], "review", {"decision": "approve", "note": "复查合格"}, bureau)
    with travel("2026-11-04T10:00:00"):
        act(ids["void_later"], "void", {"reason": "重复登记"}, bureau)
    return october


def figure_row(text: str, label: str) -> tuple[str, str]:
    """(value, note) of ``label``'s row of the key-figures table, read back from the PDF:
    the cells come out one per line (or, with other pypdf versions, on the label's line)."""
    lines = [line.strip() for line in text.splitlines()]
    assert label in lines or any(line.startswith(label + " ") for line in lines), label
    if label in lines:
        index = lines.index(label)
        return lines[index + 1], lines[index + 2]
    line = next(line for line in lines if line.startswith(label + " "))
    value, _, note = line[len(label) :].strip().partition(" ")
    return value, note


def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@pytest.mark.parametrize("street", [None, "泗泾镇", "岳阳街道"])
def test_the_key_figures_are_the_clearance_figures(client, rich_october, street):
    bureau = rich_october["bureau"]
    query = {"month": "2026-10", **({"street": street} if street else {})}
    with travel("2026-12-05T09:00:00"):
        board = client.get(f"{API}/clearance", query_string=query, headers=bureau)
    assert board.status_code == 200, board.json
    t = board.json["totals"]
    if street is None:  # the history is as rich as it says
        assert t["proposed_major"] == 1 and t["awaiting_review"] == 1
        assert 0 < t["on_time_rate"] < 1  # one cleared late
        assert t["cleared_this_month"] == 3  # on time, late, fixed on site
    made = make_report(client, bureau, street=street) if street else make_report(client, bureau)
    assert made.status_code == 201, made.json
    text = pdf_text(fetch_pdf(client, bureau, made.json["url"]))

    def value(label: str) -> str:
        return figure_row(text, label)[0]

    def note(label: str) -> str:
        return figure_row(text, label)[1]

    assert value("在营机构数") == str(t["institutions_operating"])
    assert value("本年检查覆盖率") == percent(t["coverage"])
    inspected, operating = t["institutions_inspected_this_year"], t["institutions_operating"]
    assert note("本年检查覆盖率") == f"本年已检查 {inspected} / 在营 {operating} 家"
    assert value("本月发现隐患") == str(t["found_this_month"])
    assert note("本月发现隐患") == f"本年累计 {t['found_this_year']}"
    assert value("本月整改销号") == str(t["cleared_this_month"])
    assert note("本月整改销号") == f"本年累计 {t['cleared_this_year']}"
    assert value("整改率（本年）") == percent(t["rectification_rate"])
    assert note("整改率（本年）").endswith(f" / {t['found_this_year']}")
    assert value("按期整改率（本年）") == percent(t["on_time_rate"])
    assert note("按期整改率（本年）") == f"{t['rectified_on_time']} / {t['due_this_year']}"
    assert value("月末逾期未整改") == str(t["overdue"])
    assert value("月末未整改重大事故隐患") == str(t["open_major"])
    prev = t["open_major_prev_month_end"]
    change = t["open_major"] - prev
    assert note("月末未整改重大事故隐患") == (
        f"上月末 {prev}，变化 {'+' if change > 0 else ''}{change}"
    )
    assert value("另有拟判重大（待确认）") == str(t["proposed_major"])
    assert value("月末未整改一般事故隐患") == str(t["open_general"])
    assert value("月末待复查") == str(t["awaiting_review"])

    # The breakdowns the report prints add up to the same totals.
    with travel("2026-12-05T09:00:00"):
        f = month_figures("2026-10", street)
    cells = list(f.matrix.values())
    assert sum(c.found for c in cells) == sum(f.found_by.values()) == t["found_this_month"]
    assert sum(c.cleared for c in cells) == t["cleared_this_month"]
    assert sum(c.open for c in cells) == (t["open_major"] + t["proposed_major"] + t["open_general"])
    assert sum(c.overdue for c in cells) == len(f.overdue_list) == t["overdue"]
    assert sum(1 for line in f.open_major_list if not line.proposed) == t["open_major"]
    assert sum(1 for line in f.open_major_list if line.proposed) == t["proposed_major"]
    assert all(line.status != "pending_review" for line in f.overdue_list)
    assert f.trend[-1] == ("2026-10", t["found_this_month"], t["cleared_this_month"])
    assert (f.cleared_of_found_year, f.found_year) == (
        round(t["rectification_rate"] * t["found_this_year"]),
        t["found_this_year"],
    )
