"""Spot checks through the API: plans, the draw and its inspections, verification,
results, publication and the public pages, the pools, the jobs."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from inspect_app.extensions import db
from inspect_app.jobs.lock import run_job
from inspect_app.models import (
    Inspection,
    InspectorConflict,
    JobRun,
    SpotCheckDraw,
    SpotCheckPlan,
)
from inspect_app.spot_checks.working_days import add_working_days

API = "/api/v1"
PLANS = f"{API}/spot-checks"


def plan_body(**overrides) -> dict:
    body = {
        "name": "2026年第四季度养老机构双随机抽查",
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
        "checklists": ["fire", "service"],
        "sample_ratio": 0.5,
        "team_size": 2,
        "departments": ["civil_affairs", "fire"],
        "risk_weighted": True,
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
        ({"sample_size": 3}, "sample_size"),  # with the ratio too
        ({"sample_ratio": None}, "sample_size"),  # neither
        ({"checklists": ["nosuch"]}, "checklists"),
        ({"departments": ["fire", "fire"]}, "departments"),
        ({"departments": ["fire", "health", "civil_affairs"]}, "departments"),  # > team
        ({"period_end": "2026-11-01"}, "period_end"),
        ({"departments": ["police"]}, "departments"),
        ({"sample_ratio": 0}, "sample_ratio"),
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


def draw(client, headers, plan_id, **body):
    return client.post(f"{PLANS}/{plan_id}/draw", json=body, headers=headers)


def test_the_draw_creates_assigned_spot_check_inspections(client, bureau_h, district, token_for):
    plan = create(client, bureau_h)
    drawn = draw(client, bureau_h, plan["id"])
    assert drawn.status_code == 200, drawn.json
    body = drawn.json
    assert body["algorithm"] == "dsr-1"
    assert len(body["seed"]) == 64  # 256 bits from secrets
    assert len(body["input_hash"]) == 64
    selections = body["selections"]
    assert len(selections) == 3  # half of 6 operating institutions, rounded up
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


def test_a_plan_is_drawn_once(client, bureau_h, district):
    plan = create(client, bureau_h)
    assert draw(client, bureau_h, plan["id"]).status_code == 200
    again = draw(client, bureau_h, plan["id"])
    assert again.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(SpotCheckDraw)) == 1


def test_a_given_seed_is_used_and_gives_the_same_draw_on_the_same_pools(client, bureau_h, district):
    first = create(client, bureau_h, seed="2026120188")
    second = create(client, bureau_h, period_start="2026-12-01")
    a = draw(client, bureau_h, first["id"]).json
    # the second plan starts on the same day: not "after" the first, same inputs
    b = draw(client, bureau_h, second["id"], seed="2026120188").json
    assert a["seed"] == b["seed"] == "2026120188"
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
    response = draw(client, bureau_h, second["id"])
    # every institution was visited by a full team last time; with two inspectors per
    # department, the other two must go now, but conflicts bar them from the first three
    assert response.status_code == 422
    assert "pool" in response.json["errors"]


def test_a_draw_fails_naming_the_department_the_pool_lacks(client, bureau_h, district):
    plan = create(client, bureau_h, departments=["health", "fire"])
    response = draw(client, bureau_h, plan["id"])
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


def test_a_redraw_needs_a_reason_and_keeps_the_first_draw(client, bureau_h, district):
    plan = create(client, bureau_h)
    first = draw(client, bureau_h, plan["id"]).json
    url = f"{PLANS}/{plan['id']}/redraw"
    assert client.post(url, json={}, headers=bureau_h).status_code == 422
    assert client.post(url, json={"reason": "  "}, headers=bureau_h).status_code == 422
    second = client.post(url, json={"reason": "抽中人员调岗"}, headers=bureau_h)
    assert second.status_code == 200, second.json
    shown = client.get(f"{PLANS}/{plan['id']}", headers=bureau_h).json
    assert [d["number"] for d in shown["draws"]] == [1, 2]
    assert shown["draws"][0]["superseded_at"] is not None
    assert shown["draws"][1]["reason"] == "抽中人员调岗"
    assert shown["draw"]["seed"] == second.json["seed"] != first["seed"]
    # the first draw's inspections are withdrawn; the new ones exist
    old = [uuid.UUID(s["inspection_id"]) for s in first["selections"]]
    assert db.session.scalar(select(func.count()).where(Inspection.id.in_(old))) == 0
    verified = client.get(f"{PLANS}/{plan['id']}/verify", headers=bureau_h).json
    assert verified["ok"] and [d["number"] for d in verified["draws"]] == [1, 2]


# -- verification -----------------------------------------------------------------------


def test_verify_reruns_the_draw_and_catches_tampering(client, bureau_h, district, runner):
    plan = create(client, bureau_h)
    assert client.get(f"{PLANS}/{plan['id']}/verify", headers=bureau_h).status_code == 409
    draw(client, bureau_h, plan["id"])
    verified = client.get(f"{PLANS}/{plan['id']}/verify", headers=bureau_h)
    assert verified.status_code == 200 and verified.json["ok"] is True
    result = runner.invoke(args=["spot-check", "verify", str(plan["id"])])
    assert result.exit_code == 0 and "ok dsr-1" in result.output
    # someone edits the recorded inputs behind the application's back
    record = db.session.scalar(select(SpotCheckDraw))
    inputs = dict(record.inputs)
    inputs["institutions"] = inputs["institutions"][:-1]
    db.session.execute(
        update(SpotCheckDraw).where(SpotCheckDraw.id == record.id).values(inputs=inputs)
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
    plan = create(client, bureau_h, sample_ratio=1.0)
    public = f"{API}/public/spot-checks/{plan['id']}"
    assert client.get(public).status_code == 404  # not yet published
    selections = draw(client, bureau_h, plan["id"]).json["selections"]
    assert client.get(public).status_code == 404  # drawn, not published
    first = selections[0]
    url = f"{PLANS}/{plan['id']}/selections/{first['institution_id']}/result"
    member = next(u for u in district["inspectors"] if u.id == first["inspector_ids"][0])
    assert client.put(url, json={"result": "no_problem"}, headers=outsider).status_code == 403
    assert client.put(url, json={"result": "maybe"}, headers=bureau_h).status_code == 422
    recorded = client.put(url, json={"result": "rectification_ordered"}, headers=token_for(member))
    assert recorded.status_code == 200 and recorded.json["result"] == "rectification_ordered"
    closed_url = f"{PLANS}/{plan['id']}/selections/{district['closed'].id}/result"
    assert client.put(closed_url, json={"result": "refused"}, headers=bureau_h).status_code == 404

    published = client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h)
    assert published.status_code == 200 and published.json["status"] == "published"
    assert client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h).status_code == 200
    assert client.put(url, json={"result": "pending_action"}, headers=bureau_h).status_code == 409

    listing = client.get(f"{API}/public/spot-checks")
    assert listing.status_code == 200
    assert [p["id"] for p in listing.json["items"]] == [plan["id"]]
    assert listing.json["pagination"]["total"] == 1
    body = client.get(public).json
    assert body["seed"] and body["input_hash"] and body["algorithm"] == "dsr-1"
    outcome = next(s for s in body["selections"] if s["institution_id"] == first["institution_id"])
    assert outcome["result"] == "rectification_ordered"
    assert outcome["result_label"] == "发现问题已责令改正"
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
    assert client.patch(f"{API}/users/99999", json={}, headers=bureau_h).status_code == 404
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


def test_the_scheduler_draws_due_plans_and_records_the_run(client, bureau_h, district):
    due = create(client, bureau_h, draw_at="2026-12-01T09:00:00+08:00")
    later = create(client, bureau_h, draw_at="2026-12-05T09:00:00+08:00")
    outcome = run_job("draw_spot_checks", now=datetime(2026, 12, 2, tzinfo=UTC))
    assert outcome == {"drawn": [due["id"]], "failed": []}
    assert db.session.get(SpotCheckPlan, due["id"]).status == "drawn"
    assert db.session.get(SpotCheckPlan, later["id"]).status == "draft"
    # again: nothing more to draw
    assert run_job("draw_spot_checks", now=datetime(2026, 12, 2, tzinfo=UTC))["drawn"] == []
    runs = client.get(f"{API}/jobs", headers=bureau_h)
    assert runs.status_code == 200
    assert [r["name"] for r in runs.json] == ["draw_spot_checks", "draw_spot_checks"]
    assert all(r["outcome"] == "ok" and r["finished_at"] for r in runs.json)


def test_a_plan_the_pools_cannot_satisfy_stays_a_draft_for_the_scheduler(client, bureau_h):
    plan = create(client, bureau_h, draw_at="2026-12-01T09:00:00+08:00")
    outcome = run_job("draw_spot_checks", now=datetime(2026, 12, 2, tzinfo=UTC))
    assert outcome == {"drawn": [], "failed": [plan["id"]]}
    assert db.session.get(SpotCheckPlan, plan["id"]).status == "draft"


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
    assert db.session.scalar(select(func.count()).select_from(JobRun)) == 2


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

    plan = create(client, bureau_h, seed="福利彩票2026140期 03 07 12 19 25 31 + 09")
    draw(client, bureau_h, plan["id"])
    client.post(f"{PLANS}/{plan['id']}/publish", headers=bureau_h)
    published = client.get(f"{API}/public/spot-checks/{plan['id']}").get_data(as_text=True)
    (tmp_path / "draw.json").write_text(published, encoding="utf-8")
    shutil.copy(PROJECT_ROOT / "inspect_app/spot_checks/draw.py", tmp_path / "draw.py")
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
    assert "input hash matches" in result.stdout and "selections match" in result.stdout
    forged = json.loads(published)
    forged["draw"][0]["institution_id"] = 424242
    (tmp_path / "draw.json").write_text(json.dumps(forged), encoding="utf-8")
    assert verify().returncode == 1


def test_the_public_result_counts_the_hazards_the_spot_check_found(
    client, bureau_h, district, token_for
):
    from tests.helpers import answers_for, draft_body

    plan = create(client, bureau_h, checklists=["fire"], sample_size=1, sample_ratio=None)
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
