"""Spot checks through the API: plans, the draw and its inspections, verification,
results, publication and the public pages, the pools, the jobs."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from inspect_app.extensions import db
from inspect_app.jobs.lock import run_job
from inspect_app.models import (
    Inspection,
    InspectorConflict,
    JobRun,
    SpotCheckDraw,
)
from inspect_app.spot_checks.working_days import add_working_days

API = "/api/v1"
PROJECT_DOCS = Path(__file__).resolve().parent.parent / "docs"
PLANS = f"{API}/spot-checks"


LOTTERY = "03 07 12 19 25 31 + 09"


def sources(n: int = 3) -> list[dict]:
    """Future public values: lottery draws a day, three days, five days from now."""
    start = datetime.now(UTC) + timedelta(days=1)
    return [
        {
            "label": f"中国福利彩票双色球第2026{141 + k}期开奖号码",
            "public_after": (start + timedelta(days=2 * k)).isoformat(),
        }
        for k in range(n)
    ]


def plan_body(**overrides) -> dict:
    body = {
        "name": "2026年第四季度养老机构双随机抽查",
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
        "checklists": ["fire", "service"],
        "sample_ratio": 0.5,
        "team_size": 2,
        "departments": ["civil_affairs", "fire"],
        "random_sources": sources(),
    }
    body.update(overrides)
    return body


@pytest.fixture
def district(make_institution, make_user):
    """Six operating institutions on two streets, one closed; four certified inspectors
    (two civil affairs, two fire) and one without a certificate."""
    institutions = [
        make_institution(street="岳阳街道" if n % 2 else "泗泾镇", risk_level="ABCD"[n % 4])
        for n in range(6)
    ]
    closed = make_institution(status="closed", name="已注销养老院")
    inspectors = [
        make_user(
            "inspector",
            department=d,
            enforcement_cert_no=f"沪310117{n:04d}",
            display_name=f"检查员{n}",
        )
        for n, d in enumerate(["civil_affairs", "civil_affairs", "fire", "fire"])
    ]
    uncertified = make_user("inspector", department="fire", enforcement_cert_no=None)
    return {
        "institutions": institutions,
        "closed": closed,
        "inspectors": inspectors,
        "uncertified": uncertified,
    }


# A period already over (publication waits for the period's end).
PAST = {"period_start": "2026-10-01", "period_end": "2026-10-31"}


def create(client, headers, **overrides):
    response = client.post(PLANS, json=plan_body(**overrides), headers=headers)
    assert response.status_code == 201, response.json
    return response.json


# -- plans ------------------------------------------------------------------------------


def test_bureau_creates_a_draft_plan_with_its_publication_deadline(client, bureau_h):
    plan = create(client, bureau_h)
    assert plan["status"] == "draft"
    assert plan["draw"] is None and plan["draws"] == []
    # 2026-12-31 + 20 working days: 2027 has no holiday data yet, weekdays only
    assert plan["publish_due"] == add_working_days(date(2026, 12, 31), 20).isoformat()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"team_size": 1}, "team_size"),
        ({"sample_size": 3}, "sample_size"),  # the ratios give the size
        ({"sample_ratio": None}, "class_ratios"),  # neither
        ({"class_ratios": {"A": 0.1, "B": 0.1, "C": 0.1, "D": 0.1}}, "class_ratios"),  # both
        ({"sample_ratio": None, "class_ratios": {"A": 0.1, "B": 0.1}}, "class_ratios"),
        ({"sample_ratio": 0.01}, "class_ratios"),  # below the floor
        ({"sample_ratio": 0.12345}, "class_ratios"),  # more than four decimals
        ({"seed": "2026120188"}, "seed"),
        ({"random_sources": []}, "random_sources"),
        ({"random_sources": list(reversed(sources()))}, "random_sources"),
        ({"checklists": ["nosuch"]}, "checklists"),
        ({"departments": ["fire", "fire"]}, "departments"),
        ({"departments": ["fire", "health", "civil_affairs"]}, "departments"),  # > team
        ({"period_end": "2026-11-01"}, "period_end"),
        ({"departments": ["police"]}, "departments"),
        ({"sample_ratio": 0}, "sample_ratio"),
        ({"draw_at": "2026-12-01T09:00:00+08:00"}, "draw_at"),
    ],
)
def test_a_bad_plan_is_refused_with_422_naming_the_field(client, bureau_h, change, field):
    response = client.post(PLANS, json=plan_body(**change), headers=bureau_h)
    assert response.status_code == 422, response.json
    assert field in str(response.json["errors"])
    assert response.json["message"]


def test_only_the_bureau_plans_and_managers_do_not_read_plans(
    client, bureau_h, inspector_h, manager_h
):
    assert client.post(PLANS, json=plan_body(), headers=inspector_h).status_code == 403
    plan = create(client, bureau_h)
    assert client.get(f"{PLANS}/{plan['id']}", headers=inspector_h).status_code == 200
    assert client.get(f"{PLANS}/{plan['id']}", headers=manager_h).status_code == 403
    assert client.get(f"{PLANS}/999", headers=bureau_h).status_code == 404


# -- the draw ---------------------------------------------------------------------------


def announce(client, headers, plan_id):
    return client.post(f"{PLANS}/{plan_id}/announce", headers=headers)


def later(days: int = 30):
    """A month on: every value named in the announcement has been made public."""
    return time_machine.travel(datetime.now(UTC) + timedelta(days=days))


def draw(client, headers, plan_id, value=LOTTERY, **body):
    """Announce the plan (again is harmless), then draw once the value is public."""
    announced = announce(client, headers, plan_id)
    if announced.status_code != 200:
        return announced
    with later():
        return client.post(
            f"{PLANS}/{plan_id}/draw", json={"public_value": value, **body}, headers=headers
        )


def redraw(client, headers, plan_id, replaces, value="05 11 16 22 27 33 + 02", **body):
    body = {"replaces": replaces, "reason": "inspector_unavailable", "public_value": value, **body}
    with later():
        return client.post(f"{PLANS}/{plan_id}/redraw", json=body, headers=headers)


def test_the_draw_creates_assigned_spot_check_inspections(client, bureau_h, district, token_for):
    plan = create(client, bureau_h)
    drawn = draw(client, bureau_h, plan["id"])
    assert drawn.status_code == 200, drawn.json
    body = drawn.json
    assert body["algorithm"] == "dsr-2"
    assert body["public_value"] == LOTTERY and body["source"] == plan_body()["random_sources"][0][
        "label"
    ].replace("141", "141")
    assert json.loads(body["seed"])[:2] == [body["source"], LOTTERY]
    assert len(body["secret"]) == 64  # revealed with the draw
    assert len(body["input_hash"]) == 64
    selections = body["selections"]
    assert len(selections) == 3  # half of 6 operating institutions
    assert body["design"]["sample_size"] == 3
    operating = {i.id for i in district["institutions"]}
    certified = {u.id: u.department for u in district["inspectors"]}
    for selection in selections:
        assert selection["institution_id"] in operating
        assert len(selection["inspector_ids"]) == 2
        assert {certified[i] for i in selection["inspector_ids"]} == {"civil_affairs", "fire"}
        inspection = db.session.get(Inspection, uuid.UUID(selection["inspection_id"]))
        assert inspection.kind == "spot_check" and inspection.status == "draft"
        assert inspection.assignee_ids == sorted(selection["inspector_ids"])
        assert [c.checklist_key for c in inspection.checklists] == ["fire", "service"]
        assert inspection.due_at == datetime(2026, 12, 31, 16, 0, tzinfo=UTC)
    # the team sees it in its tasks
    member = next(u for u in district["inspectors"] if u.id == selections[0]["inspector_ids"][0])
    tasks = client.get(f"{API}/me/tasks", headers=token_for(member)).json
    task = next(t for t in tasks["inspections"] if t["id"] == selections[0]["inspection_id"])
    assert task["kind"] == "spot_check" and task["due_at"] == "2026-12-31T16:00:00+00:00"
    shown = client.get(f"{PLANS}/{plan['id']}", headers=bureau_h).json
    assert shown["status"] == "drawn" and shown["draw"]["input_hash"] == body["input_hash"]
    assert shown["announcement"]["input_hash"] == body["input_hash"]


def test_a_given_seed_is_used_and_gives_the_same_draw_on_the_same_pools(client, bureau_h, district):
    first = create(client, bureau_h, server_secret=False)
    second = create(client, bureau_h, server_secret=False, period_start="2026-12-01")
    a = draw(client, bureau_h, first["id"]).json
    # the second plan starts on the same day: not "after" the first, same inputs
    b = draw(client, bureau_h, second["id"]).json
    assert a["seed"] == b["seed"] and a["secret"] is None
    assert a["input_hash"] == b["input_hash"]
    assert [s["institution_id"] for s in a["selections"]] == [
        s["institution_id"] for s in b["selections"]
    ]


def test_nobody_goes_where_they_declared_a_conflict_or_went_last_time(client, bureau_h, district):
    institutions, inspectors = district["institutions"], district["inspectors"]
    for inspector in inspectors[:1] + inspectors[2:3]:
        for institution in institutions[:3]:
            response = client.post(
                f"{API}/users/{inspector.id}/conflicts",
                json={"institution_id": institution.id, "reason": "曾在该院任职"},
                headers=bureau_h,
            )
            assert response.status_code == 201
    first = create(client, bureau_h, sample_ratio=1.0, period_start="2026-10-01")
    drawn = draw(client, bureau_h, first["id"]).json["selections"]
    visited = {(u, s["institution_id"]) for s in drawn for u in s["inspector_ids"]}
    barred = {(u.id, i.id) for u in (inspectors[0], inspectors[2]) for i in institutions[:3]}
    assert not visited & barred
    second = create(client, bureau_h, sample_ratio=1.0, period_start="2026-12-01")
    response = announce(client, bureau_h, second["id"])
    # every institution was visited by a full team last time; with two inspectors per
    # department, the other two must go now, but conflicts bar them from the first three:
    # the announcement already refuses a plan the pools cannot staff
    assert response.status_code == 422
    assert "pool" in response.json["errors"]
    assert client.get(f"{PLANS}/{second['id']}", headers=bureau_h).json["status"] == "draft"


def test_a_draw_fails_naming_the_department_the_pool_lacks(client, bureau_h, district):
    plan = create(client, bureau_h, departments=["health", "fire"])
    response = announce(client, bureau_h, plan["id"])
    assert response.status_code == 422
    assert "health" in json.dumps(response.json["errors"], ensure_ascii=False)
    assert client.get(f"{PLANS}/{plan['id']}", headers=bureau_h).json["status"] == "draft"


def test_unavailable_and_uncertified_inspectors_are_not_drawn(client, bureau_h, district):
    away = district["inspectors"][0]
    response = client.post(
        f"{API}/users/{away.id}/unavailability",
        json={"from": "2026-12-20", "to": "2027-01-10", "reason": "脱产培训"},
        headers=bureau_h,
    )
    assert response.status_code == 201
    assert response.json["from"] == "2026-12-20"
    bad = client.post(
        f"{API}/users/{away.id}/unavailability",
        json={"from": "2026-12-20", "to": "2026-12-01", "reason": "x"},
        headers=bureau_h,
    )
    assert bad.status_code == 422
    plan = create(client, bureau_h, sample_ratio=1.0)
    selections = draw(client, bureau_h, plan["id"]).json["selections"]
    drawn = {u for s in selections for u in s["inspector_ids"]}
    assert away.id not in drawn and district["uncertified"].id not in drawn
    assert district["closed"].id not in {s["institution_id"] for s in selections}


# -- verification -----------------------------------------------------------------------


def test_verify_reruns_the_draw_and_catches_tampering(client, bureau_h, district, runner):
    plan = create(client, bureau_h)
    assert client.get(f"{PLANS}/{plan['id']}/verify", headers=bureau_h).status_code == 409
    draw(client, bureau_h, plan["id"])
    verified = client.get(f"{PLANS}/{plan['id']}/verify", headers=bureau_h)
    assert verified.status_code == 200 and verified.json["ok"] is True
    result = runner.invoke(args=["spot-check", "verify", str(plan["id"])])
    assert result.exit_code == 0 and "ok dsr-2" in result.output
    # someone edits the recorded value behind the application's back: the seed no longer
    # follows from it
    record = db.session.scalar(select(SpotCheckDraw))
    db.session.execute(
        update(SpotCheckDraw).where(SpotCheckDraw.id == record.id).values(public_value="1 2 3")
    )
    db.session.commit()
    assert client.get(f"{PLANS}/{plan['id']}/verify", headers=bureau_h).json["ok"] is False
    # or the recorded inputs
    inputs = json.loads(json.dumps(record.inputs))
    inputs["sample"]["institutions"] = inputs["sample"]["institutions"][:-1]
    db.session.execute(
        update(SpotCheckDraw)
        .where(SpotCheckDraw.id == record.id)
        .values(inputs=inputs, public_value=record.public_value)
    )
    db.session.commit()
    assert client.get(f"{PLANS}/{plan['id']}/verify", headers=bureau_h).json["ok"] is False
    result = runner.invoke(args=["spot-check", "verify", str(plan["id"])])
    assert result.exit_code != 0 and "MISMATCH" in result.output


# -- results and publication -------------------------------------------------------------


def test_results_publication_and_the_public_pages_leak_nothing_private(
    client, bureau_h, district, token_for
):
    outsider = token_for(district["uncertified"])  # not in the pool: never drawn
    plan = create(client, bureau_h, sample_ratio=1.0, **PAST)
    public = f"{API}/public/spot-checks/{plan['id']}"
    assert client.get(public).status_code == 404  # not yet published
    selections = draw(client, bureau_h, plan["id"]).json["selections"]
    assert client.get(public).status_code == 404  # drawn, not published
    first = selections[0]
    url = f"{PLANS}/{plan['id']}/selections/{first['institution_id']}/result"
    member = next(u for u in district["inspectors"] if u.id == first["inspector_ids"][0])
    assert client.put(url, json={"result": "no_problem"}, headers=outsider).status_code == 403
    assert client.put(url, json={"result": "maybe"}, headers=bureau_h).status_code == 422
    # a finding needs the submitted inspection; nobody there to inspect does not
    unsubmitted = client.put(url, json={"result": "no_problem"}, headers=token_for(member))
    assert unsubmitted.status_code == 409 and unsubmitted.json["errors"]["inspection_id"]
    recorded = client.put(url, json={"result": "refused"}, headers=token_for(member))
    assert recorded.status_code == 200 and recorded.json["result"] == "refused"
    closed_url = f"{PLANS}/{plan['id']}/selections/{district['closed'].id}/result"
    assert client.put(closed_url, json={"result": "refused"}, headers=bureau_h).status_code == 404

    early = client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h)
    assert early.status_code == 409  # the others have no result yet
    assert len(early.json["errors"]["publish"]) == len(selections) - 1
    for other in selections[1:]:
        other_url = f"{PLANS}/{plan['id']}/selections/{other['institution_id']}/result"
        response = client.put(other_url, json={"result": "unreachable"}, headers=bureau_h)
        assert response.status_code == 200
    published = client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h)
    assert published.status_code == 200 and published.json["status"] == "published"
    assert client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h).status_code == 200
    assert client.put(url, json={"result": "pending_action"}, headers=bureau_h).status_code == 409
    assert client.put(url, json={"result": "refused"}, headers=bureau_h).status_code == 200

    listing = client.get(f"{API}/public/spot-checks")
    assert listing.status_code == 200
    assert [p["id"] for p in listing.json["items"]] == [plan["id"]]
    assert listing.json["pagination"]["total"] == 1
    body = client.get(public).json
    assert body["seed"] and body["input_hash"] and body["algorithm"] == "dsr-2"
    outcome = next(s for s in body["selections"] if s["institution_id"] == first["institution_id"])
    assert outcome["result"] == "refused"
    assert outcome["result_label"] == "不配合检查"
    assert outcome["hazards"] == {"major": 0, "general": 0}
    names = {u.display_name for u in district["inspectors"]}
    assert set(outcome["inspectors"]) <= names

    page = client.get(f"/public/spot-checks/{plan['id']}")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "双随机" in html and body["input_hash"] in html and 'name="viewport"' in html
    raw = json.dumps(body, ensure_ascii=False) + html
    for user in [*district["inspectors"], district["uncertified"]]:
        assert user.username not in raw
        assert (user.enforcement_cert_no or "沪310117") not in raw
    for private in (
        "password",
        "credit_code",
        "address",
        "photo",
        "曾在该院任职",
        '"lat"',
        '"lon"',
    ):
        assert private not in raw
    assert client.get("/public/spot-checks/99999").status_code == 404


def test_a_manager_and_the_public_see_only_published_plans(client, bureau_h, manager_h, district):
    plan = create(client, bureau_h)
    draw(client, bureau_h, plan["id"])
    assert (
        client.get(f"{API}/public/spot-checks/{plan['id']}", headers=manager_h).status_code == 404
    )
    assert client.get(f"/public/spot-checks/{plan['id']}").status_code == 404
    assert client.get(f"{API}/public/spot-checks").json["items"] == []


def test_publishing_an_undrawn_plan_is_a_conflict(client, bureau_h):
    plan = create(client, bureau_h)
    assert client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h).status_code == 409


# -- the pools ------------------------------------------------------------------------------


def test_institution_status_and_risk_and_inspector_certificates_are_kept(
    client, bureau_h, institution, inspector
):
    changed = client.patch(
        f"{API}/institutions/{institution.id}",
        json={"status": "suspended", "risk_level": "D"},
        headers=bureau_h,
    )
    assert changed.json["status"] == "suspended" and changed.json["risk_level"] == "D"
    bad = client.patch(
        f"{API}/institutions/{institution.id}", json={"risk_level": "E"}, headers=bureau_h
    )
    assert bad.status_code == 422
    user = client.patch(
        f"{API}/users/{inspector.id}",
        json={"enforcement_cert_no": "沪31011700001", "display_name": "王检查"},
        headers=bureau_h,
    )
    assert user.status_code == 200 and user.json["enforcement_cert_no"] == "沪31011700001"
    nobody = client.patch(f"{API}/users/99999", json={"display_name": "某"}, headers=bureau_h)
    assert nobody.status_code == 404
    assert (
        client.patch(f"{API}/users/{inspector.id}", json={"department": None}, headers=bureau_h)
    ).status_code == 422
    created = client.post(
        f"{API}/users",
        json={
            "username": "zhao",
            "password": "long enough password",
            "role": "inspector",
            "department": "health",
            "enforcement_cert_no": "沪31011700002",
        },
        headers=bureau_h,
    )
    assert created.json["enforcement_cert_no"] == "沪31011700002"


def test_a_conflict_declared_twice_is_kept_once(client, bureau_h, inspector, institution):
    url = f"{API}/users/{inspector.id}/conflicts"
    body = {"institution_id": institution.id, "reason": "配偶在该院任职"}
    assert client.post(url, json=body, headers=bureau_h).status_code == 201
    assert client.post(url, json=body, headers=bureau_h).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(InspectorConflict)) == 1
    missing = client.post(url, json={**body, "institution_id": 99999}, headers=bureau_h)
    assert missing.status_code == 422
    not_inspector = client.post(f"{API}/users/{99999}/conflicts", json=body, headers=bureau_h)
    assert not_inspector.status_code == 404


def test_the_pools_export_and_import_with_chinese_headers(
    client, bureau_h, district, runner, tmp_path
):
    exported = client.get(f"{API}/spot-check-pools/institutions", headers=bureau_h)
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["编号", "机构名称", "统一社会信用代码", "街道", "经营状态", "风险等级"]
    assert {r[4] for r in rows[1:]} == {"在营", "注销"}
    xlsx = client.get(
        f"{API}/spot-check-pools/inspectors", query_string={"format": "xlsx"}, headers=bureau_h
    )
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == ["编号", "用户名", "姓名", "部门", "执法证号", "在岗"]
    # change a risk level in the file and load it back
    target = district["institutions"][0]
    for row in rows[1:]:
        if row[2] == target.credit_code:
            row[5] = "D"
    path = tmp_path / "pool.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        csv.writer(out).writerows(rows)
    result = runner.invoke(args=["spot-check", "import-pool", "institutions", str(path)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(type(target), target.id).risk_level == "D"
    rows[1][4] = "未知"
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        csv.writer(out).writerows(rows)
    result = runner.invoke(args=["spot-check", "import-pool", "institutions", str(path)])
    assert result.exit_code != 0 and "row 2" in result.output


# -- scheduling -------------------------------------------------------------------------


def test_late_publications_are_flagged(client, bureau_h, district):
    plan = create(client, bureau_h, period_start="2026-09-01", period_end="2026-09-30")
    draw(client, bureau_h, plan["id"])
    # 2026-09-30 + 20 working days, across the National Day holiday: 2026-11-03
    assert client.get(f"{PLANS}/{plan['id']}", headers=bureau_h).json["publish_due"] == (
        "2026-11-03"
    )
    assert run_job("flag_late_publications", now=datetime(2026, 11, 3, 12, tzinfo=UTC)) == 0
    assert run_job("flag_late_publications", now=datetime(2026, 11, 4, 12, tzinfo=UTC)) == 1
    assert client.get(f"{PLANS}/{plan['id']}", headers=bureau_h).json["publication_late"]
    # the first run flagged nothing: not listed as a run
    assert db.session.scalar(select(func.count()).select_from(JobRun)) == 1


# -- working days ------------------------------------------------------------------------


def test_working_days_skip_national_day_and_count_the_make_up_days():
    # National Day 2026: 10-01 to 10-07 off; Saturday 10-10 a make-up working day
    # (Sunday 09-20 also one). From 09-30 (Wed): 10-08 is the 1st, 10-10 (Sat) the 3rd,
    # then five a week: 10-30 the 18th, 11-03 the 20th.
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert add_working_days(date(2026, 9, 30), 20) == date(2026, 11, 3)
    assert add_working_days(date(2026, 9, 19), 1) == date(2026, 9, 20)  # a make-up Sunday


def test_working_days_skip_the_spring_festival():
    # Spring Festival 2026: 02-15 to 02-23 off; Saturdays 02-14 and 02-28 make-up days.
    # From 02-13 (Fri): 02-14 the 1st, 02-24 the 2nd, 02-28 the 6th, 03-19 the 20th.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert add_working_days(date(2026, 2, 13), 6) == date(2026, 2, 28)
    assert add_working_days(date(2026, 2, 13), 20) == date(2026, 3, 19)


def test_an_outsider_verifies_a_published_draw_with_the_readme_script(
    client, bureau_h, district, tmp_path
):
    import shutil
    import subprocess
    import sys

    from inspect_app.config import PROJECT_ROOT

    plan = create(client, bureau_h, **PAST)
    draw(client, bureau_h, plan["id"])
    selections = redraw(client, bureau_h, plan["id"], 1).json["selections"]
    for selection in selections:
        client.put(
            f"{PLANS}/{plan['id']}/selections/{selection['institution_id']}/result",
            json={"result": "unreachable"},
            headers=bureau_h,
        )
    assert client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h).status_code == 200
    published = client.get(f"{API}/public/spot-checks/{plan['id']}").get_data(as_text=True)
    (tmp_path / "draw.json").write_text(published, encoding="utf-8")
    shutil.copy(PROJECT_ROOT / "inspect_app/spot_checks/dsr2.py", tmp_path / "dsr2.py")
    shutil.copy(PROJECT_ROOT / "scripts/verify_draw.py", tmp_path / "verify_draw.py")

    def verify():
        return subprocess.run(
            [sys.executable, "-E", "-s", "verify_draw.py", "draw.json"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )

    result = verify()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "input hash matches" in result.stdout
    assert result.stdout.count("seed matches, institutions match") == 2  # the discarded too
    forged = json.loads(published)
    forged["draws"][0]["institution_ids"][0] = 424242
    (tmp_path / "draw.json").write_text(json.dumps(forged), encoding="utf-8")
    assert verify().returncode == 1


def test_the_public_result_counts_the_hazards_the_spot_check_found(
    client, bureau_h, district, token_for
):
    from tests.helpers import answers_for, draft_body

    plan = create(client, bureau_h, checklists=["fire"], sample_ratio=0.05, **PAST)
    selection = draw(client, bureau_h, plan["id"]).json["selections"][0]
    member = next(u for u in district["inspectors"] if u.id == selection["inspector_ids"][0])
    headers = token_for(member)
    url = f"{API}/inspections/{selection['inspection_id']}"
    # The drawn team of two stays; the draft names the person present.
    body = {**draft_body(selection["institution_id"], kind="spot_check"), "assignee_ids": []}
    assert client.put(url, json=body, headers=headers).json["assignee_ids"] == sorted(
        selection["inspector_ids"]
    )
    answers = answers_for(selection["institution_id"], fail=("F-02", "F-05"))
    assert client.put(f"{url}/answers", json=answers, headers=headers).status_code == 200
    submitted = client.post(f"{url}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.json
    client.put(
        f"{PLANS}/{plan['id']}/selections/{selection['institution_id']}/result",
        json={"result": "rectification_ordered"},
        headers=headers,
    )
    client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h)
    outcome = client.get(f"{API}/public/spot-checks/{plan['id']}").json["selections"][0]
    assert sum(outcome["hazards"].values()) == 2
    assert outcome["cleared"] == 0
    assert outcome["inspected_on"] is not None


# -- dates, the plan's terms, work never thrown away --------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"period_end": "9999-12-31"},
        {"period_start": "0001-01-01"},
        {"period_start": "1999-12-31"},
        {"period_end": "2100-01-01"},
    ],
)
def test_dates_outside_2000_to_2099_are_refused(client, bureau_h, change):
    response = client.post(PLANS, json=plan_body(**change), headers=bureau_h)
    assert response.status_code == 422, response.json
    assert next(iter(change)) in response.json["errors"]["json"]


def test_dates_outside_2000_to_2099_are_refused_on_every_date_input(client, bureau_h, inspector):
    away = client.post(
        f"{API}/users/{inspector.id}/unavailability",
        json={"from": "0001-01-01", "to": "2026-12-01", "reason": "x"},
        headers=bureau_h,
    )
    assert away.status_code == 422 and "from" in away.json["errors"]["json"]
    month = client.get(f"{API}/clearance", query_string={"month": "0001-01"}, headers=bureau_h)
    assert month.status_code == 422


def test_a_team_member_cannot_change_a_drawn_inspections_kind_or_checklists(
    client, bureau_h, district, token_for
):
    plan = create(client, bureau_h, sample_ratio=0.05)
    selection = draw(client, bureau_h, plan["id"]).json["selections"][0]
    member = next(u for u in district["inspectors"] if u.id == selection["inspector_ids"][0])
    url = f"{API}/inspections/{selection['inspection_id']}"
    from tests.helpers import draft_body

    for kind, checklists, field in (
        ("routine", ["fire", "service"], "kind"),
        ("spot_check", ["food"], "checklists"),
        ("spot_check", ["fire"], "checklists"),
    ):
        body = draft_body(selection["institution_id"], checklists=checklists, kind=kind)
        response = client.put(url, json=body, headers=token_for(member))
        assert response.status_code == 409, response.json
        assert field in response.json["errors"]
    same = draft_body(
        selection["institution_id"], checklists=["fire", "service"], kind="spot_check"
    )
    assert client.put(url, json=same, headers=token_for(member)).status_code == 200
    inspection = db.session.get(Inspection, uuid.UUID(selection["inspection_id"]))
    assert inspection.kind == "spot_check"
    assert [c.checklist_key for c in inspection.checklists] == ["fire", "service"]


def test_a_redraw_never_deletes_an_inspection_holding_answers_and_names_it(
    client, bureau_h, district, token_for
):
    from tests.helpers import answers_for

    plan = create(client, bureau_h, checklists=["fire"])
    selections = draw(client, bureau_h, plan["id"]).json["selections"]
    started = selections[0]
    member = next(u for u in district["inspectors"] if u.id == started["inspector_ids"][0])
    answer = answers_for(started["institution_id"])[:1]
    url = f"{API}/inspections/{started['inspection_id']}/answers"
    assert client.put(url, json=answer, headers=token_for(member)).status_code == 200
    refused = redraw(client, bureau_h, plan["id"], 1)
    assert refused.status_code == 409
    assert started["inspection_id"] in json.dumps(refused.json["errors"])
    ids = [uuid.UUID(s["inspection_id"]) for s in selections]
    assert db.session.scalar(select(func.count()).where(Inspection.id.in_(ids))) == len(ids)


def test_results_are_published_only_after_the_period_ends(client, bureau_h, district):
    plan = create(client, bureau_h, period_start="2026-12-01", period_end="2099-12-31")
    for selection in draw(client, bureau_h, plan["id"]).json["selections"]:
        client.put(
            f"{PLANS}/{plan['id']}/selections/{selection['institution_id']}/result",
            json={"result": "unreachable"},
            headers=bureau_h,
        )
    early = client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h)
    assert early.status_code == 409 and "2099-12-31" in json.dumps(early.json["errors"])


def test_a_plan_is_drawn_once_and_the_same_draw_repeated_answers_it(client, bureau_h, district):
    plan = create(client, bureau_h)
    first = draw(client, bureau_h, plan["id"])
    assert first.status_code == 200
    again = draw(client, bureau_h, plan["id"], value=f"  {LOTTERY}  ")  # spacing aside
    assert again.status_code == 200 and again.json["number"] == 1
    assert again.json["selections"] == first.json["selections"]
    other = draw(client, bureau_h, plan["id"], value="01 02 03 04 05 06 + 07")
    assert other.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(SpotCheckDraw)) == 1


def test_a_seed_can_be_supplied_nowhere(client, bureau_h, district):
    assert client.post(PLANS, json=plan_body(seed="1"), headers=bureau_h).status_code == 422
    plan = create(client, bureau_h)
    assert announce(client, bureau_h, plan["id"]).status_code == 200
    with later():
        for url, body in (
            ("draw", {"public_value": LOTTERY, "seed": "grind-0001"}),
            ("draw", {"seed": "grind-0001"}),
        ):
            response = client.post(f"{PLANS}/{plan['id']}/{url}", json=body, headers=bureau_h)
            assert response.status_code == 422, response.json
            assert "seed" in json.dumps(response.json["errors"]) or "public_value" in json.dumps(
                response.json["errors"]
            )
    assert draw(client, bureau_h, plan["id"]).status_code == 200
    refused = redraw(client, bureau_h, plan["id"], 1, seed="grind-0002")
    assert refused.status_code == 422 and "seed" in json.dumps(refused.json["errors"])
    assert db.session.scalar(select(func.count()).select_from(SpotCheckDraw)) == 1


def test_no_draw_before_the_announcement_nor_before_the_value_is_public(client, bureau_h, district):
    plan = create(client, bureau_h)
    with later():
        early = client.post(
            f"{PLANS}/{plan['id']}/draw", json={"public_value": LOTTERY}, headers=bureau_h
        )
    assert early.status_code == 409  # not announced
    assert announce(client, bureau_h, plan["id"]).status_code == 200
    now = client.post(
        f"{PLANS}/{plan['id']}/draw", json={"public_value": LOTTERY}, headers=bureau_h
    )
    assert now.status_code == 409 and "尚未公开" in now.json["message"]
    # a plan whose named value is public already cannot be announced
    stale = create(
        client,
        bureau_h,
        random_sources=[{"label": "已开奖的一期", "public_after": "2026-01-01T00:00:00+08:00"}],
    )
    assert announce(client, bureau_h, stale["id"]).status_code == 409


def test_an_announced_plan_is_signed_and_its_pools_do_not_change(
    client, bureau_h, district, make_institution
):
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    from inspect_app.spot_checks import dsr2

    plan = create(client, bureau_h, server_secret=True)
    announced = announce(client, bureau_h, plan["id"]).json
    assert announced["status"] == "announced"
    statement = announced["announcement"]
    assert statement["format"] == "spot-check-announcement/1"
    assert statement["algorithm"] == "dsr-2" and statement["institutions"] == 6
    assert [s["label"] for s in statement["random_sources"]] == [
        s["label"] for s in plan_body()["random_sources"]
    ]
    assert len(statement["secret_sha256"]) == 64
    key = client.get(f"{API}/public/audit/key").json
    assert statement["key_id"] == key["key_id"]
    import base64

    load_pem_public_key(key["public_key_pem"].encode()).verify(
        base64.b64decode(announced["announcement_signature"]), dsr2.canonical(statement)
    )
    # anyone reads the announcement before the draw: the statement and the sample inputs
    public = client.get(f"{API}/public/spot-checks/{plan['id']}/announcement")
    assert public.status_code == 200
    assert public.json["announcement"] == statement
    assert (
        dsr2.sha256_hex(dsr2.canonical(public.json["sample_inputs"])) == (statement["sample_hash"])
    )
    # the pools change after the announcement: the draw does not see it
    suspended = district["institutions"][0]
    client.patch(
        f"{API}/institutions/{suspended.id}", json={"status": "suspended"}, headers=bureau_h
    )
    make_institution(street="泗泾镇", risk_level="D")
    client.post(
        f"{API}/users/{district['inspectors'][0].id}/conflicts",
        json={"institution_id": district["institutions"][1].id, "reason": "亲属"},
        headers=bureau_h,
    )
    again = announce(client, bureau_h, plan["id"]).json
    assert again["announcement"] == statement  # announcing again changes nothing
    drawn = draw(client, bureau_h, plan["id"]).json
    assert drawn["input_hash"] == statement["input_hash"]
    record = db.session.scalar(select(SpotCheckDraw))
    assert [r[0] for r in record.inputs["sample"]["institutions"]] == sorted(
        i.id for i in district["institutions"]
    )


def test_a_redraw_names_the_draw_it_replaces_uses_the_next_value_and_keeps_the_first(
    client, bureau_h, district
):
    plan = create(client, bureau_h)
    first = draw(client, bureau_h, plan["id"]).json
    url = f"{PLANS}/{plan['id']}/redraw"
    with later():
        missing = client.post(url, json={"public_value": "1"}, headers=bureau_h)
        assert missing.status_code == 422
        free_text = {"replaces": 1, "reason": "抽中人员调岗", "public_value": "1"}
        assert client.post(url, json=free_text, headers=bureau_h).status_code == 422
    second = redraw(client, bureau_h, plan["id"], 1, note="王某某借调市局")
    assert second.status_code == 200, second.json
    assert second.json["number"] == 2 and second.json["replaces"] == 1
    assert second.json["source"] == plan_body()["random_sources"][1]["label"]
    # the same request again answers the redraw already made; thirty make one redraw
    for _ in range(30):
        again = redraw(client, bureau_h, plan["id"], 1, note="王某某借调市局")
        assert again.status_code == 200 and again.json["number"] == 2
    # replacing a draw that is no longer current, or another value for the same: 409
    assert redraw(client, bureau_h, plan["id"], 1, value="9 9 9").status_code == 409
    assert redraw(client, bureau_h, plan["id"], 3).status_code == 409
    shown = client.get(f"{PLANS}/{plan['id']}", headers=bureau_h).json
    assert [d["number"] for d in shown["draws"]] == [1, 2]
    assert shown["draws"][0]["superseded_at"] is not None
    assert shown["draws"][1]["reason"] == "inspector_unavailable"
    assert shown["draw"]["seed"] == second.json["seed"] != first["seed"]
    # the first draw's inspections are withdrawn; the new ones exist
    old = [uuid.UUID(s["inspection_id"]) for s in first["selections"]]
    assert db.session.scalar(select(func.count()).where(Inspection.id.in_(old))) == 0
    verified = client.get(f"{PLANS}/{plan['id']}/verify", headers=bureau_h).json
    assert verified["ok"] and [d["number"] for d in verified["draws"]] == [1, 2]
    # the named values run out: the third was the last
    assert redraw(client, bureau_h, plan["id"], 2, value="7").status_code == 200
    assert redraw(client, bureau_h, plan["id"], 3, value="8").status_code == 409


# -- the auditor, the public view, the public page and its CSV ---------------------------


def _published(client, bureau_h, district, **overrides):
    """A plan drawn, redrawn once, every result recorded, published."""
    plan = create(client, bureau_h, **{**PAST, **overrides})
    draw(client, bureau_h, plan["id"])
    selections = redraw(client, bureau_h, plan["id"], 1, note="检查员3的配偶在该院任职").json[
        "selections"
    ]
    for selection in selections:
        response = client.put(
            f"{PLANS}/{plan['id']}/selections/{selection['institution_id']}/result",
            json={"result": "unreachable"},
            headers=bureau_h,
        )
        assert response.status_code == 200
    assert client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h).status_code == 200
    return plan, selections


def test_the_auditor_reads_and_verifies_everything_and_changes_nothing(
    client, bureau_h, inspector_h, district, make_user, token_for
):
    created = client.post(
        f"{API}/users",
        json={"username": "shenji", "password": "a long enough password", "role": "auditor"},
        headers=bureau_h,
    )
    assert created.status_code == 201, created.json
    auditor = token_for(make_user("auditor"))
    conflict = {"institution_id": district["institutions"][0].id, "reason": "曾在该院任职"}
    client.post(
        f"{API}/users/{district['inspectors'][0].id}/conflicts", json=conflict, headers=bureau_h
    )
    plan, selections = _published(client, bureau_h, district)
    assert client.get(PLANS, headers=auditor).status_code == 200
    assert client.get(f"{PLANS}/{plan['id']}", headers=auditor).status_code == 200
    assert client.get(f"{PLANS}/{plan['id']}/verify", headers=auditor).json["ok"] is True
    record = client.get(f"{PLANS}/{plan['id']}/audit", headers=auditor)
    assert record.status_code == 200, record.json
    body = record.json
    assert [d["number"] for d in body["draws"]] == [1, 2]
    assert body["draws"][1]["note"] == "检查员3的配偶在该院任职"
    assert [district["inspectors"][0].id, conflict["institution_id"]] in body["inputs"]["team"][
        "conflicts"
    ]
    assert all(d["verification"]["ok"] for d in body["draws"])
    assert {s["result"] for s in body["draws"][1]["selections"]} == {"unreachable"}
    # read-only: every change is refused
    other = create(client, bureau_h)
    for method, url, body_ in (
        ("post", PLANS, plan_body()),
        ("post", f"{PLANS}/{other['id']}/announce", None),
        ("post", f"{PLANS}/{plan['id']}/publish", None),
        ("post", f"{PLANS}/{plan['id']}/redraw", {"replaces": 2, "reason": "pool_error"}),
        (
            "put",
            f"{PLANS}/{plan['id']}/selections/{selections[0]['institution_id']}/result",
            {"result": "refused"},
        ),
        ("post", f"{API}/users/{district['inspectors'][1].id}/conflicts", conflict),
    ):
        response = getattr(client, method)(url, json=body_, headers=auditor)
        assert response.status_code in (403, 422), (url, response.json)
        if response.status_code == 422:  # a body the schema refuses never reaches a change
            assert method == "post" and "redraw" in url
    # the full record is the bureau's and the auditor's alone
    assert client.get(f"{PLANS}/{plan['id']}/audit", headers=inspector_h).status_code == 403


def test_the_public_view_holds_what_verification_needs_and_nothing_private(
    client, bureau_h, district
):
    conflict = {"institution_id": district["institutions"][0].id, "reason": "近亲属在该院任职"}
    client.post(
        f"{API}/users/{district['inspectors'][0].id}/conflicts", json=conflict, headers=bureau_h
    )
    plan, _ = _published(client, bureau_h, district)
    body = client.get(f"{API}/public/spot-checks/{plan['id']}").json
    text = json.dumps(body, ensure_ascii=False)
    assert "conflicts" not in text and "previous" not in text
    assert "open_major" not in text and "recent_failure" not in text
    assert "近亲属" not in text and "配偶" not in text  # no reason, no note
    assert set(body["sample_inputs"]) == {"class_ratios", "institutions"}
    assert all(len(row) == 3 for row in body["sample_inputs"]["institutions"])
    discarded, current = body["draws"]
    assert discarded["superseded_at"] and discarded["institution_ids"]
    assert current["reason"] == "inspector_unavailable"
    assert current["reason_label"] == "抽中的检查人员无法履职"
    assert current["design"]["classes"]["A"]["probability"]
    assert body["issuer"] == "松江区民政局"
    assert body["checklist_names"][0] != "fire"
    from inspect_app.spot_checks import dsr2

    assert dsr2.verify_public(body)["ok"]


def test_the_public_page_names_the_authority_the_date_the_checklists_and_the_algorithm(
    client, bureau_h, district
):
    plan, _ = _published(client, bureau_h, district)
    body = client.get(f"{API}/public/spot-checks/{plan['id']}").json
    html = client.get(f"/public/spot-checks/{plan['id']}").get_data(as_text=True)
    assert "发布机关" in html and "松江区民政局" in html
    assert "公示日期" in html and body["published_at"][:4] in html
    assert "、".join(body["checklist_names"]) in html and "fire、service" not in html
    assert 'href="/public/algorithms/dsr-2"' in html
    assert "抽中的检查人员无法履职" in html
    spec = client.get("/public/algorithms/dsr-2")
    assert spec.status_code == 200 and "dsr-2" in spec.get_data(as_text=True)
    assert spec.mimetype == "text/markdown"
    assert client.get("/public/algorithms/dsr-9").status_code == 404


def test_the_results_csv_lists_names_and_credit_codes_with_the_documented_columns(
    client, bureau_h, district
):
    name = '=HYPERLINK("http://evil")养老院'
    district["institutions"][0].name = name
    db.session.commit()
    plan, selections = _published(client, bureau_h, district, sample_ratio=1.0)
    response = client.get(f"{API}/public/spot-checks/{plan['id']}/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    documented = (PROJECT_DOCS / "spot-checks.md").read_text(encoding="utf-8")
    for column in rows[0]:
        assert f"| {column} |" in documented
    assert len(rows) == 1 + len(selections)
    by_code = {row[5]: row for row in rows[1:]}
    for institution in district["institutions"]:
        assert institution.credit_code in by_code
    hostile = by_code[district["institutions"][0].credit_code]
    assert hostile[4] == "'" + name  # shown, never run as a formula
    assert {row[9] for row in rows[1:]} == {"无法联系"}
    assert rows[1][1] == "松江区民政局"
    unpublished = create(client, bureau_h)
    assert (
        client.get(f"{API}/public/spot-checks/{unpublished['id']}/results.csv").status_code == 404
    )
