"""Hazards through the API: the lifecycle, the transition matrix, deadlines, overdue
records, the tamper-evident chain, clearance figures and concurrent actions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from inspect_app.clock import deadline_after
from inspect_app.errors import Conflict
from inspect_app.extensions import db
from inspect_app.hazards import chain, lifecycle
from inspect_app.hazards import policy as hazard_policy
from inspect_app.jobs import queue
from inspect_app.jobs.lock import run_job
from inspect_app.models import (
    ClearanceSnapshot,
    Hazard,
    HazardEvent,
    Notification,
    Photo,
    WorkItem,
)
from tests.conftest import ON_POSTGRES
from tests.helpers import evidence_photo_id, on_site_recheck, submit_with_failures

API = "/api/v1"
SHANGHAI = "+08:00"

# F-02 is general, F-13 is major (fire checklist).
GENERAL, MAJOR = "F-02", "F-13"


@pytest.fixture
def photo_ids(inspector):
    """A real photo: the one the inspection helpers attach to failed items, so that the
    institution's managers may use it for their rectifications too."""
    return [evidence_photo_id()]


@pytest.fixture
def raised(client, inspector_h, institution):
    """One general and one major hazard at the manager's institution."""
    ids = submit_with_failures(client, inspector_h, institution.id, [GENERAL, MAJOR])
    by_code = {db.session.get(Hazard, uuid.UUID(i)).item_code: i for i in ids}
    return {"general": by_code[GENERAL], "major": by_code[MAJOR]}


def act(client, headers, hazard_id, action, photo_ids, **overrides):
    bodies = {
        "acknowledge": (
            "acknowledge",
            {"plan": "本周内更换闭门器", "planned_finish": "2026-12-05"},
        ),
        "rectify": ("rectification", {"description": "已更换", "photo_ids": photo_ids}),
        "approve": ("review", {"decision": "approve", "note": "复查合格"}),
        "reject": ("review", {"decision": "reject", "note": "仍未关闭"}),
    }
    path, body = bodies[action]
    return client.post(
        f"{API}/hazards/{hazard_id}/{path}", json={**body, **overrides}, headers=headers
    )


def events_of(hazard_id) -> list[str]:
    return list(
        db.session.scalars(
            select(HazardEvent.type)
            .where(HazardEvent.hazard_id == uuid.UUID(hazard_id))
            .order_by(HazardEvent.seq)
        )
    )


def test_general_hazard_full_lifecycle(client, raised, manager_h, inspector_h, photo_ids):
    hazard_id = raised["general"]
    detail = client.get(f"{API}/hazards/{hazard_id}", headers=manager_h).json
    assert detail["status"] == "open" and detail["severity"] == "general"
    assert detail["checklist"] == "fire" and detail["item_code"] == GENERAL
    assert (
        act(client, manager_h, hazard_id, "acknowledge", photo_ids).json["status"] == "rectifying"
    )
    response = act(client, manager_h, hazard_id, "rectify", photo_ids)
    assert response.json["status"] == "pending_review"
    assert response.json["photo_ids"] == photo_ids
    cleared = act(client, inspector_h, hazard_id, "approve", photo_ids)
    assert cleared.status_code == 200
    body = cleared.json
    assert body["status"] == "cleared" and body["cleared_at"] and body["overdue"] is False
    assert [e["type"] for e in body["events"]] == [
        "found",
        "acknowledged",
        "rectification_submitted",
        "review_approved",
    ]
    assert [e["seq"] for e in body["events"]] == [1, 2, 3, 4]
    assert body["events"][1]["note"] == "本周内更换闭门器"
    assert body["events"][1]["data"] == {"planned_finish": "2026-12-05"}
    assert len({e["hash"] for e in body["events"]}) == 4


def test_major_hazard_is_reviewed_by_the_bureau_only(
    client, raised, manager_h, inspector_h, bureau_h, photo_ids
):
    hazard_id = raised["major"]
    assert act(client, manager_h, hazard_id, "rectify", photo_ids).status_code == 200
    recheck = on_site_recheck(client, hazard_id)
    refused = act(client, inspector_h, hazard_id, "approve", photo_ids, inspection_id=recheck)
    assert refused.status_code == 403
    assert "区民政局" in refused.json["message"]
    approved = act(client, bureau_h, hazard_id, "approve", photo_ids, inspection_id=recheck)
    assert approved.json["status"] == "cleared"


def test_rejection_needs_a_note_and_returns_to_rectifying(
    client, raised, manager_h, inspector_h, photo_ids
):
    hazard_id = raised["general"]
    act(client, manager_h, hazard_id, "rectify", photo_ids)
    no_note = act(client, inspector_h, hazard_id, "reject", photo_ids, note="  ")
    assert no_note.status_code == 422
    assert events_of(hazard_id) == ["found", "rectification_submitted"]
    rejected = act(client, inspector_h, hazard_id, "reject", photo_ids)
    assert rejected.json["status"] == "rectifying"
    again = act(client, manager_h, hazard_id, "rectify", photo_ids, description="第二次整改")
    assert again.json["status"] == "pending_review"


def test_rectification_needs_a_photo(client, raised, manager_h):
    response = act(client, manager_h, raised["general"], "rectify", [])
    assert response.status_code == 422
    assert events_of(raised["general"]) == ["found"]


def test_replayed_action_writes_one_event(client, raised, manager_h, photo_ids):
    first = act(client, manager_h, raised["general"], "acknowledge", photo_ids)
    second = act(client, manager_h, raised["general"], "acknowledge", photo_ids)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json == second.json
    assert events_of(raised["general"]) == ["found", "acknowledged"]


STATES = ("open", "rectifying", "pending_review", "cleared")
ACTIONS = ("acknowledge", "rectify", "approve", "reject")
ROLES = ("manager", "other_manager", "inspector", "bureau")
PATH_TO = {
    "open": [],
    "rectifying": [("manager", "acknowledge")],
    "pending_review": [("manager", "rectify")],
    "cleared": [("manager", "rectify"), ("bureau", "approve")],
}


def expected_status(state: str, action: str, role: str, severity: str) -> int:
    if role == "other_manager":
        return 404
    allowed = hazard_policy.roles_for(action, severity)
    if role not in allowed:
        return 403
    return 200 if state in lifecycle.TRANSITIONS[action].sources else 409


@pytest.mark.parametrize("severity", ["general", "major"])
@pytest.mark.parametrize("state", STATES)
def test_transition_matrix(
    client, severity, state, make_institution, make_user, token_for, inspector_h, photo_ids
):
    institution = make_institution()
    other = make_institution()
    headers = {
        "manager": token_for(make_user("manager", institution_id=institution.id)),
        "other_manager": token_for(make_user("manager", institution_id=other.id)),
        "inspector": inspector_h,
        "bureau": token_for(make_user("bureau")),
    }
    for action in ACTIONS:
        for role in ROLES:
            code = GENERAL if severity == "general" else MAJOR
            [hazard_id] = submit_with_failures(client, inspector_h, institution.id, [code])

            def take(actor, step, hazard_id=hazard_id, **body):
                # A major hazard is approved on a re-inspection (复查) that found it rectified.
                if step == "approve" and severity == "major" and "inspection_id" not in body:
                    body["inspection_id"] = on_site_recheck(client, hazard_id)
                return act(client, headers[actor], hazard_id, step, photo_ids, **body)

            for actor, step in PATH_TO[state]:
                assert take(actor, step).status_code == 200
            extra = {}
            if action == "approve" and severity == "major" and state == "pending_review":
                extra["inspection_id"] = on_site_recheck(client, hazard_id)
            before = db.session.get(Hazard, uuid.UUID(hazard_id))
            db.session.refresh(before)
            seen = (before.status, before.event_count, before.row_version)
            # A body unlike the setup's, so that it is never mistaken for a phone's retry.
            fresh = {"acknowledge": "plan", "rectify": "description"}.get(action, "note")
            response = act(
                client, headers[role], hazard_id, action, photo_ids, **{fresh: "矩阵"}, **extra
            )
            want = expected_status(state, action, role, severity)
            assert response.status_code == want, (state, action, role, response.json)
            db.session.refresh(before)
            if want != 200:
                assert (before.status, before.event_count, before.row_version) == seen
                assert response.json["code"] == want
            # Clear it so the next round can raise a fresh hazard for the same item.
            if before.status != "cleared":
                for actor, step in [("manager", "rectify"), ("bureau", "approve")]:
                    if before.status == "pending_review" and step == "rectify":
                        continue
                    take(actor, step)
                    db.session.refresh(before)
            assert before.status == "cleared"


def test_other_institution_manager_cannot_see_hazard(
    client, raised, make_institution, make_user, token_for
):
    other = make_institution()
    headers = token_for(make_user("manager", institution_id=other.id))
    assert client.get(f"{API}/hazards/{raised['general']}", headers=headers).status_code == 404
    listed = client.get(f"{API}/hazards", headers=headers)
    assert listed.status_code == 200 and listed.json == []


def test_inspector_records_hazard_outside_checklist_idempotently(
    client, inspector_h, manager_h, institution
):
    hazard_id = str(uuid.uuid4())
    body = {
        "id": hazard_id,
        "institution_id": institution.id,
        "category": "service",
        "severity": "general",
        "title": "走廊堆放杂物",
        "description": "二楼走廊堆放纸箱",
    }
    first = client.post(f"{API}/hazards", json=body, headers=inspector_h)
    second = client.post(f"{API}/hazards", json=body, headers=inspector_h)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["id"] == second.json["id"] == hazard_id
    found = first.json["events"][0]["data"]
    assert found["source"] == "outside_checklist"
    assert found["facts"]["severity"] == "general" and found["facts"]["title"] == "走廊堆放杂物"
    assert db.session.scalar(select(func.count()).select_from(Hazard)) == 1
    assert client.post(f"{API}/hazards", json=body, headers=manager_h).status_code == 403
    bad = client.post(f"{API}/hazards", json={**body, "severity": "huge"}, headers=inspector_h)
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("found_local", "severity", "due_local"),
    [
        # found on the evening of Jan 31 (Shanghai): 15 days -> end of Feb 15
        ("2026-01-31T23:30:00+08:00", "general", "2026-02-16T00:00:00+08:00"),
        # half an hour later it is already Feb 1 in Shanghai, though still Jan 31 in UTC
        ("2026-02-01T00:30:00+08:00", "general", "2026-02-17T00:00:00+08:00"),
        # major: 30 days across the end of a short month
        ("2026-01-31T10:00:00+08:00", "major", "2026-03-03T00:00:00+08:00"),
        ("2025-12-20T09:00:00+08:00", "major", "2026-01-20T00:00:00+08:00"),
    ],
)
def test_deadline_is_reckoned_in_shanghai_days(
    client, inspector_h, institution, found_local, severity, due_local
):
    found = datetime.fromisoformat(found_local)
    code = MAJOR if severity == "major" else GENERAL
    with time_machine.travel(found, tick=False):
        [hazard_id] = submit_with_failures(client, inspector_h, institution.id, [code])
    hazard = client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json
    assert datetime.fromisoformat(hazard["due_at"]) == datetime.fromisoformat(due_local)
    assert deadline_after(found, 15 if severity == "general" else 30) == datetime.fromisoformat(
        due_local
    )


def test_deadlines_follow_configuration(app, client, inspector_h, institution):
    app.config["HAZARD_DUE_DAYS_GENERAL"] = 3
    with time_machine.travel(datetime(2026, 3, 10, 2, 0, tzinfo=UTC), tick=False):
        [hazard_id] = submit_with_failures(client, inspector_h, institution.id, [GENERAL])
    hazard = db.session.get(Hazard, uuid.UUID(hazard_id))
    assert hazard.due_at == datetime.fromisoformat("2026-03-14T00:00:00+08:00")


def test_overdue_job_records_one_event_and_notifies(
    client, app, raised, inspector_h, manager, manager_h, bureau, bureau_h
):
    later = datetime.now(UTC) + timedelta(days=20)  # past the general deadline only
    with time_machine.travel(later, tick=False):
        assert run_job("record_overdue") == 1
        assert run_job("record_overdue") == 0
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
        queue.run_until_empty()  # a worker tells them (and builds the documents)
        told = select(WorkItem.status).where(WorkItem.kind == "overdue_notice")
        assert db.session.scalars(told).all() == ["done"]
        assert queue.run_until_empty() == 0
        overdue = client.get(f"{API}/hazards?overdue=true", headers=inspector_h).json
        assert [h["id"] for h in overdue] == [raised["general"]]
        assert overdue[0]["overdue"] is True
        not_overdue = client.get(f"{API}/hazards?overdue=false", headers=inspector_h).json
        assert [h["id"] for h in not_overdue] == [raised["major"]]
    assert events_of(raised["general"]) == ["found", "overdue"]
    assert events_of(raised["major"]) == ["found"]
    recipients = set(db.session.scalars(select(Notification.user_id)))
    assert recipients == {manager.id, bureau.id}
    mine = client.get(f"{API}/me/notifications?unread=true", headers=manager_h)
    assert len(mine.json) == 1 and mine.json[0]["hazard_id"] == raised["general"]
    assert "超过整改期限" in mine.json[0]["message"]
    read = client.post(f"{API}/me/notifications/{mine.json[0]['id']}/read", headers=manager_h)
    assert read.status_code == 200 and read.json["read_at"]
    assert client.get(f"{API}/me/notifications?unread=true", headers=manager_h).json == []
    others = client.post(f"{API}/me/notifications/{mine.json[0]['id']}/read", headers=bureau_h)
    assert others.status_code == 404
    assert client.post(f"{API}/me/notifications/read-all", headers=bureau_h).json == {"updated": 1}


def test_jobs_run_from_the_command_line(runner, raised):
    result = runner.invoke(args=["jobs", "run", "snapshot_clearance"])
    assert result.exit_code == 0, result.output
    assert "snapshot_clearance:" in result.output
    assert runner.invoke(args=["jobs", "run", "nope"]).exit_code != 0


def test_audit_verify_passes_on_an_honest_record(client, raised, bureau_h, inspector_h, runner):
    response = client.get(f"{API}/audit/verify", headers=bureau_h)
    assert response.status_code == 200
    assert response.json["ok"] is True
    assert response.json["events_checked"] == 2
    assert client.get(f"{API}/audit/verify", headers=inspector_h).status_code == 403
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "ok" in result.output


def test_database_refuses_to_update_or_delete_events(raised):
    for statement in ("UPDATE hazard_events SET note = 'x'", "DELETE FROM hazard_events"):
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(HazardEvent)) == 2


def tamper(statement: str) -> None:
    """What an administrator with raw database access could do: lift the guard, edit."""
    if ON_POSTGRES:
        db.session.execute(text("ALTER TABLE hazard_events DISABLE TRIGGER USER"))
        db.session.execute(text(statement))
        db.session.execute(text("ALTER TABLE hazard_events ENABLE TRIGGER USER"))
    else:
        db.session.execute(text("DROP TRIGGER hazard_events_no_update"))
        db.session.execute(text("DROP TRIGGER hazard_events_no_delete"))
        db.session.execute(text(statement))
    db.session.commit()


def test_edited_event_is_named_by_audit(client, raised, manager_h, bureau_h, runner, photo_ids):
    act(client, manager_h, raised["general"], "acknowledge", photo_ids)
    event_id = db.session.scalar(
        select(HazardEvent.id).where(
            HazardEvent.hazard_id == uuid.UUID(raised["general"]), HazardEvent.seq == 2
        )
    )
    tamper(f"UPDATE hazard_events SET note = '计划已改' WHERE id = {event_id}")
    response = client.get(f"{API}/audit/verify", headers=bureau_h).json
    assert response["ok"] is False
    assert response["first_bad"]["event_id"] == event_id
    assert response["first_bad"]["hazard_id"] == raised["general"]
    assert response["first_bad"]["seq"] == 2
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code != 0 and str(event_id) in result.output


def test_deleted_last_event_is_caught(client, raised, manager_h, bureau_h, photo_ids):
    act(client, manager_h, raised["major"], "acknowledge", photo_ids)
    tamper(
        "DELETE FROM hazard_events WHERE seq = 2 AND hazard_id = "
        f"'{uuid.UUID(raised['major']).hex if not ON_POSTGRES else raised['major']}'"
    )
    response = client.get(f"{API}/audit/verify", headers=bureau_h).json
    assert response["ok"] is False
    assert response["first_bad"]["hazard_id"] == raised["major"]


def test_concurrent_actions_one_wins_the_other_conflicts(app, client, raised, manager_h, photo_ids):
    """Another session read the hazard before the first acted: its write must not land."""
    hazard_uuid = uuid.UUID(raised["general"])
    stale_session = Session(db.engine, expire_on_commit=False)
    stale = stale_session.get(Hazard, hazard_uuid)
    stale_session.close()  # a detached copy: what the loser saw when it read
    assert act(client, manager_h, raised["general"], "acknowledge", photo_ids).status_code == 200
    with pytest.raises(Conflict):
        chain.append_event(
            stale,
            "rectification_submitted",
            None,
            changes={"status": "pending_review"},
            expected_status="open",
        )
    db.session.rollback()
    assert events_of(raised["general"]) == ["found", "acknowledged"]
    assert db.session.get(Hazard, hazard_uuid).status == "rectifying"


def test_if_match_guards_against_acting_on_a_stale_view(
    client, raised, manager_h, make_user, token_for, institution, photo_ids
):
    colleague = token_for(make_user("manager", institution_id=institution.id))
    url = f"{API}/hazards/{raised['general']}"
    etag = client.get(url, headers=manager_h).headers["ETag"]
    first = client.post(
        f"{url}/rectification",
        json={"description": "已整改", "photo_ids": photo_ids},
        headers={**manager_h, "If-Match": etag},
    )
    assert first.status_code == 200
    assert first.headers["ETag"] != etag
    second = client.post(
        f"{url}/acknowledge", json={"plan": "另一个计划"}, headers={**colleague, "If-Match": etag}
    )
    assert second.status_code == 412
    assert events_of(raised["general"]) == ["found", "rectification_submitted"]
    # Without If-Match the state machine still refuses what no longer fits: 409.
    third = client.post(f"{url}/acknowledge", json={"plan": "另一个计划"}, headers=colleague)
    assert third.status_code == 409


def test_list_filters_by_status_severity_category_and_street(client, inspector_h, make_institution):
    north = make_institution(street="泗泾镇")
    south = make_institution(street="叶榭镇")
    submit_with_failures(client, inspector_h, north.id, [GENERAL, MAJOR])
    submit_with_failures(client, inspector_h, south.id, ["G-01"], keys=("gas",))

    def ids(query):
        response = client.get(f"{API}/hazards?{query}", headers=inspector_h)
        assert response.status_code == 200, response.json
        return sorted(h["item_code"] for h in response.json)

    assert ids("street=泗泾镇") == [GENERAL, MAJOR]
    assert ids("street=泗泾镇&severity=major") == [MAJOR]
    assert ids("category=gas") == ["G-01"]
    assert ids(f"institution_id={south.id}&status=open") == ["G-01"]
    assert ids("status=cleared") == []
    assert client.get(f"{API}/hazards?status=gone", headers=inspector_h).status_code == 422
    page = client.get(f"{API}/hazards?page_size=2", headers=inspector_h)
    assert '"total": 3' in page.headers["X-Pagination"]
    assert "X-Total-Capped" not in page.headers


def test_list_total_is_capped(app, client, inspector_h, institution):
    app.config["HAZARD_LIST_COUNT_CAP"] = 2
    submit_with_failures(client, inspector_h, institution.id, ["F-02", "F-03", "F-04"])
    page = client.get(f"{API}/hazards?page_size=1", headers=inspector_h)
    assert '"total": 2' in page.headers["X-Pagination"]
    assert page.headers["X-Total-Capped"] == "true"


def test_clearance_matches_hand_counted_figures(
    client, inspector_h, bureau_h, manager_h, make_institution, make_user, token_for, photo_ids
):
    a = make_institution(street="岳阳街道", name="甲养老院")
    b = make_institution(street="岳阳街道", name="乙养老院")
    c = make_institution(street="九亭镇", name="丙养老院")
    a_ids = submit_with_failures(client, inspector_h, a.id, [MAJOR, GENERAL, "F-03"])
    submit_with_failures(client, inspector_h, b.id, ["F-04"])
    c_ids = submit_with_failures(client, inspector_h, c.id, [MAJOR])
    manager_c = token_for(make_user("manager", institution_id=c.id))
    # c's major hazard is cleared this month; one of a's general ones too.
    act(client, manager_c, c_ids[0], "rectify", photo_ids)
    recheck = on_site_recheck(client, c_ids[0])
    assert (
        act(client, bureau_h, c_ids[0], "approve", photo_ids, inspection_id=recheck).status_code
        == 200
    )
    manager_a = token_for(make_user("manager", institution_id=a.id))
    general_a = [i for i in a_ids if db.session.get(Hazard, uuid.UUID(i)).item_code == GENERAL]
    act(client, manager_a, general_a[0], "rectify", photo_ids)
    act(client, inspector_h, general_a[0], "approve", photo_ids)

    later = datetime.now(UTC) + timedelta(days=16)  # general ones overdue, major not yet
    with time_machine.travel(later, tick=False):
        body = client.get(f"{API}/clearance", headers=bureau_h).json
    rows = {
        r["name"]: r
        for r in body["institutions"]
        if r["name"] in ("甲养老院", "乙养老院", "丙养老院")
    }
    assert rows["甲养老院"] | {} == {
        **rows["甲养老院"],
        "open_major": 1,
        "open_general": 1,
        "overdue": 1,
        "cleared": False,
    }
    assert (rows["乙养老院"]["open_general"], rows["乙养老院"]["cleared"]) == (1, True)
    assert (rows["丙养老院"]["open_major"], rows["丙养老院"]["cleared"]) == (0, True)
    totals = body["totals"]
    assert (totals["open_major"], totals["open_general"], totals["overdue"]) == (1, 2, 2)
    assert body["on_target"] is False

    street = client.get(f"{API}/clearance?street=岳阳街道", headers=bureau_h).json
    assert {r["name"] for r in street["institutions"]} >= {"甲养老院", "乙养老院"}
    assert "丙养老院" not in {r["name"] for r in street["institutions"]}
    assert client.get(f"{API}/clearance", headers=manager_h).status_code == 403


def test_hazards_follow_their_institution_to_a_new_street(
    client, inspector_h, bureau_h, make_institution
):
    moving = make_institution(street="车墩镇")
    [hazard_id] = submit_with_failures(client, inspector_h, moving.id, [GENERAL])
    response = client.patch(
        f"{API}/institutions/{moving.id}", json={"street": "新桥镇"}, headers=bureau_h
    )
    assert response.status_code == 200
    new = client.get(f"{API}/hazards?street=新桥镇", headers=inspector_h).json
    old = client.get(f"{API}/hazards?street=车墩镇", headers=inspector_h).json
    assert [h["id"] for h in new] == [hazard_id]
    assert old == []


def test_rectification_photos_must_be_real_and_usable(
    client, raised, manager_h, manager, make_photo, make_institution, make_user
):
    unknown = act(client, manager_h, raised["general"], "rectify", [str(uuid.uuid4())])
    assert unknown.status_code == 422
    assert "photo_ids" in unknown.json["errors"]
    # A photo uploaded by another institution's manager is not this manager's to use.
    stranger = make_user("manager", institution_id=make_institution().id)
    foreign = act(client, manager_h, raised["general"], "rectify", [make_photo(stranger)])
    assert foreign.status_code == 422
    assert events_of(raised["general"]) == ["found"]
    own = make_photo(manager, color=(10, 200, 10))
    done = act(client, manager_h, raised["general"], "rectify", [own])
    assert done.status_code == 200 and own in done.json["photo_ids"]
    shown = client.get(f"{API}/photos/{own}/thumbnail", headers=manager_h)
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"


def test_photo_clean_up_jobs_run_by_name(runner, app, make_photo, inspector):
    orphan = make_photo(inspector, color=(1, 2, 3))
    later = datetime.now(UTC) + timedelta(hours=app.config["UNATTACHED_PHOTO_MAX_AGE_HOURS"] + 1)
    with time_machine.travel(later, tick=False):
        result = runner.invoke(args=["jobs", "run", "remove_unattached_photos"])
    assert result.exit_code == 0, result.output
    assert "remove_unattached_photos: 1" in result.output
    assert db.session.get(Photo, uuid.UUID(orphan)) is None
    assert runner.invoke(args=["jobs", "run", "remove_stale_uploads"]).exit_code == 0


def test_daily_snapshot_stores_each_institution_once_per_day(raised, institution, make_institution):
    make_institution()
    assert run_job("snapshot_clearance") == 2
    assert run_job("snapshot_clearance") == 2  # the same day again replaces, never adds
    rows = {r.institution_id: r for r in db.session.scalars(select(ClearanceSnapshot))}
    assert len(rows) == 2
    mine = rows[institution.id]
    assert (mine.open_major, mine.open_general, mine.overdue) == (1, 1, 0)
