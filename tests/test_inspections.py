"""Inspections through the HTTP API: drafts, answers, submit, scoping and replays."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.models import Answer, Hazard, HazardEvent, Inspection
from tests.conftest import new_id
from tests.helpers import answers_for, draft_body

API = "/api/v1"


def create_draft(client, headers, institution_id, checklists=("fire",), inspection_id=None):
    inspection_id = inspection_id or new_id()
    response = client.put(
        f"{API}/inspections/{inspection_id}",
        json=draft_body(institution_id, checklists),
        headers=headers,
    )
    assert response.status_code == 201, response.json
    return inspection_id


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_inspector_creates_draft_with_phone_id_and_pinned_versions(
    client, inspector_h, institution
):
    inspection_id = new_id()
    response = client.put(
        f"{API}/inspections/{inspection_id}",
        json=draft_body(institution.id, ["fire", "gas"]),
        headers=inspector_h,
    )
    assert response.status_code == 201
    body = response.json
    assert body["id"] == inspection_id
    assert body["status"] == "draft"
    assert body["checklists"] == [{"key": "fire", "version": 1}, {"key": "gas", "version": 1}]
    assert body["answers"] == []
    assert body["started_at"].endswith("+00:00")


def test_replayed_create_gives_one_row_and_same_body(client, inspector_h, institution):
    inspection_id = new_id()
    url = f"{API}/inspections/{inspection_id}"
    first = client.put(url, json=draft_body(institution.id), headers=inspector_h)
    second = client.put(url, json=draft_body(institution.id), headers=inspector_h)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["checklists"] == second.json["checklists"]
    assert count(Inspection) == 1


def test_draft_keeps_pinned_version_when_checklist_is_republished(
    client, inspector_h, bureau_h, institution
):
    inspection_id = create_draft(client, inspector_h, institution.id)
    document = client.get(f"{API}/checklists/fire", headers=bureau_h).json
    for extra in ("version", "content_hash", "published_at"):
        document.pop(extra)
    document["sections"][0]["items"][0]["prompt"]["zh"] += "（修订）"
    assert client.post(f"{API}/checklists", json=document, headers=bureau_h).status_code == 201
    again = client.put(
        f"{API}/inspections/{inspection_id}",
        json=draft_body(institution.id, ["fire"]),
        headers=inspector_h,
    )
    assert again.json["checklists"] == [{"key": "fire", "version": 1}]
    fresh = client.put(
        f"{API}/inspections/{new_id()}", json=draft_body(institution.id), headers=inspector_h
    )
    assert fresh.json["checklists"] == [{"key": "fire", "version": 2}]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"institution_id": 999999}, "institution_id"),
        ({"checklists": ["nope"]}, "checklists"),
        ({"checklists": []}, "checklists"),
        ({"checklists": ["fire", "fire"]}, "checklists"),
        ({"kind": "casual"}, "kind"),
        ({"started_at": "2026-11-20T09:30:00"}, "started_at"),
        ({"started_at": "yesterday"}, "started_at"),
        ({"location": {"lat": 200, "lon": 0}}, "location"),
        ({"institution_id": "1"}, "institution_id"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_draft_is_422_and_writes_nothing(client, inspector_h, institution, change, field):
    body = {**draft_body(institution.id), **change}
    response = client.put(f"{API}/inspections/{new_id()}", json=body, headers=inspector_h)
    assert response.status_code == 422
    assert field in str(response.json["errors"])
    assert count(Inspection) == 0


def test_malformed_json_and_bad_ids(client, inspector_h):
    response = client.put(
        f"{API}/inspections/{new_id()}",
        data="{not json",
        headers={**inspector_h, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json["code"] == 400
    assert client.get(f"{API}/inspections/not-a-uuid", headers=inspector_h).status_code == 404


def test_manager_cannot_create_or_edit_inspections(client, manager_h, inspector_h, institution):
    response = client.put(
        f"{API}/inspections/{new_id()}", json=draft_body(institution.id), headers=manager_h
    )
    assert response.status_code == 403
    inspection_id = create_draft(client, inspector_h, institution.id)
    answers = answers_for(institution.id)
    response = client.put(
        f"{API}/inspections/{inspection_id}/answers", json=answers, headers=manager_h
    )
    assert response.status_code == 403
    assert count(Answer) == 0


def test_other_inspector_cannot_edit_a_draft_but_bureau_can(
    client, inspector_h, make_user, token_for, bureau_h, institution
):
    inspection_id = create_draft(client, inspector_h, institution.id)
    other = token_for(make_user("inspector", department="health"))
    url = f"{API}/inspections/{inspection_id}/answers"
    answers = answers_for(institution.id)[:3]
    assert client.put(url, json=answers, headers=other).status_code == 403
    assert client.get(f"{API}/inspections/{inspection_id}", headers=other).status_code == 200
    assert client.put(url, json=answers, headers=bureau_h).status_code == 200


def test_answers_upsert_by_checklist_and_item(client, inspector_h, institution):
    inspection_id = create_draft(client, inspector_h, institution.id)
    url = f"{API}/inspections/{inspection_id}/answers"
    first = [{"checklist": "fire", "item_code": "F-01", "result": "pass", "value": "clear"}]
    assert client.put(url, json=first, headers=inspector_h).status_code == 200
    changed = [{"checklist": "fire", "item_code": "F-01", "result": "fail", "note": "锁闭"}]
    response = client.put(url, json=changed, headers=inspector_h)
    assert response.status_code == 200
    assert (response.json["saved"], response.json["answered"]) == (1, 1)
    assert "fire:F-01" not in response.json["missing"]
    assert len(response.json["missing"]) == 16
    stored = client.get(f"{API}/inspections/{inspection_id}", headers=inspector_h).json
    assert [(a["item_code"], a["result"], a["note"], a["value"]) for a in stored["answers"]] == [
        ("F-01", "fail", "锁闭", None)
    ]
    # replaying the same batch changes nothing
    again = client.put(url, json=changed, headers=inspector_h)
    assert again.json == response.json
    replayed = client.get(f"{API}/inspections/{inspection_id}", headers=inspector_h).json
    assert [{**a, "updated_at": None} for a in replayed["answers"]] == [
        {**a, "updated_at": None} for a in stored["answers"]
    ]
    assert count(Answer) == 1


@pytest.mark.parametrize(
    ("answer", "fault"),
    [
        ({"checklist": "fire", "item_code": "F-99", "result": "pass"}, "Unknown item"),
        ({"checklist": "food", "item_code": "FD-01", "result": "pass"}, "not part"),
        ({"checklist": "fire", "item_code": "F-01", "result": "maybe"}, "result"),
        ({"checklist": "fire", "item_code": "F-02", "result": "pass", "value": "x"}, "true"),
        ({"checklist": "fire", "item_code": "F-01", "result": "pass", "photo_ids": ["x"]}, "UUID"),
    ],
)
def test_bad_answer_rejects_the_whole_batch(client, inspector_h, institution, answer, fault):
    inspection_id = create_draft(client, inspector_h, institution.id)
    good = {"checklist": "fire", "item_code": "F-02", "result": "pass"}
    response = client.put(
        f"{API}/inspections/{inspection_id}/answers", json=[good, answer], headers=inspector_h
    )
    assert response.status_code == 422
    assert fault in str(response.json["errors"])
    assert count(Answer) == 0


def test_number_and_choice_answers_are_type_checked(client, inspector_h, institution):
    inspection_id = create_draft(client, inspector_h, institution.id, ["food", "service"])
    url = f"{API}/inspections/{inspection_id}/answers"
    bad_number = [{"checklist": "food", "item_code": "FD-04", "result": "pass", "value": "冷"}]
    assert client.put(url, json=bad_number, headers=inspector_h).status_code == 422
    bad_choice = [{"checklist": "service", "item_code": "S-13", "result": "pass", "value": "?"}]
    assert client.put(url, json=bad_choice, headers=inspector_h).status_code == 422
    good = [{"checklist": "food", "item_code": "FD-04", "result": "pass", "value": 4.5}]
    assert client.put(url, json=good, headers=inspector_h).status_code == 200


def test_items_that_do_not_apply_are_refused_and_not_required(
    client, inspector_h, make_institution
):
    no_gas = make_institution(features={"kitchen": True, "gas": False, "medical": False})
    inspection_id = create_draft(client, inspector_h, no_gas.id, ["gas", "service"])
    url = f"{API}/inspections/{inspection_id}/answers"
    gas = [{"checklist": "gas", "item_code": "G-01", "result": "pass"}]
    response = client.put(url, json=gas, headers=inspector_h)
    assert response.status_code == 422
    assert "does not apply" in str(response.json["errors"])
    answers = answers_for(no_gas.id, ["gas", "service"])
    codes = {a["item_code"] for a in answers}
    assert "G-09" in codes  # kitchen ventilation applies with a kitchen, gas or not
    assert not codes & {"G-01", "G-05"}
    assert "S-15" in codes  # asked everywhere: "no in-house clinic" is an answer
    assert client.put(url, json=answers, headers=inspector_h).status_code == 200
    submit = client.post(f"{API}/inspections/{inspection_id}/submit", headers=inspector_h)
    assert submit.status_code == 200


def test_submit_requires_every_applicable_item(client, inspector_h, institution):
    inspection_id = create_draft(client, inspector_h, institution.id)
    answers = answers_for(institution.id)
    url = f"{API}/inspections/{inspection_id}"
    client.put(f"{url}/answers", json=answers[:-2], headers=inspector_h)
    response = client.post(f"{url}/submit", headers=inspector_h)
    assert response.status_code == 422
    assert response.json["errors"]["missing"] == [f"fire:{a['item_code']}" for a in answers[-2:]]
    assert client.get(url, headers=inspector_h).json["status"] == "draft"


def test_submit_raises_one_hazard_per_failed_item_once(client, inspector_h, institution):
    inspection_id = create_draft(client, inspector_h, institution.id, ["fire", "food"])
    answers = answers_for(institution.id, ["fire", "food"], fail={"F-01", "F-04", "FD-01"})
    url = f"{API}/inspections/{inspection_id}"
    assert client.put(f"{url}/answers", json=answers, headers=inspector_h).status_code == 200
    first = client.post(f"{url}/submit", headers=inspector_h)
    assert first.status_code == 200
    assert first.json["status"] == "submitted"
    assert len(first.json["hazard_ids"]) == 3
    second = client.post(f"{url}/submit", headers=inspector_h)
    assert second.status_code == 200
    assert second.json == first.json
    assert count(Hazard) == 3
    assert count(HazardEvent) == 3
    hazards = {h.item_code: h for h in db.session.scalars(select(Hazard))}
    assert hazards["F-01"].severity == "major"
    assert hazards["F-04"].severity == "general"
    assert hazards["FD-01"].category == "food"
    assert hazards["F-01"].title == "疏散通道、楼梯间、安全出口畅通，未锁闭"
    assert all(h.status == "open" for h in hazards.values())


def test_submitted_inspection_cannot_be_edited(client, inspector_h, institution):
    inspection_id = create_draft(client, inspector_h, institution.id)
    url = f"{API}/inspections/{inspection_id}"
    client.put(f"{url}/answers", json=answers_for(institution.id), headers=inspector_h)
    assert client.post(f"{url}/submit", headers=inspector_h).status_code == 200
    answers = [{"checklist": "fire", "item_code": "F-01", "result": "fail"}]
    assert client.put(f"{url}/answers", json=answers, headers=inspector_h).status_code == 409
    changed = {**draft_body(institution.id), "kind": "special"}
    assert client.put(url, json=changed, headers=inspector_h).status_code == 409
    # a late replay of the original draft PUT is answered, not refused
    replay = client.put(url, json=draft_body(institution.id), headers=inspector_h)
    assert replay.status_code == 200
    assert replay.json["status"] == "submitted"


def test_repeat_failure_adds_found_again_instead_of_second_hazard(client, inspector_h, institution):
    hazard_ids = []
    for _ in range(2):
        inspection_id = create_draft(client, inspector_h, institution.id)
        url = f"{API}/inspections/{inspection_id}"
        answers = answers_for(institution.id, fail={"F-02"})
        client.put(f"{url}/answers", json=answers, headers=inspector_h)
        hazard_ids.append(client.post(f"{url}/submit", headers=inspector_h).json["hazard_ids"])
    assert hazard_ids[0] == hazard_ids[1]
    events = db.session.scalars(select(HazardEvent).order_by(HazardEvent.seq)).all()
    assert [e.type for e in events] == ["found", "found_again"]
    assert events[1].hash != events[0].hash


def test_manager_sees_only_own_submitted_inspections(
    client, inspector_h, manager_h, make_institution, institution
):
    other = make_institution()
    mine = create_draft(client, inspector_h, institution.id)
    theirs = create_draft(client, inspector_h, other.id)
    assert client.get(f"{API}/inspections/{mine}", headers=manager_h).status_code == 404
    for inspection_id, inst in ((mine, institution), (theirs, other)):
        url = f"{API}/inspections/{inspection_id}"
        client.put(f"{url}/answers", json=answers_for(inst.id), headers=inspector_h)
        client.post(f"{url}/submit", headers=inspector_h)
    assert client.get(f"{API}/inspections/{mine}", headers=manager_h).status_code == 200
    assert client.get(f"{API}/inspections/{theirs}", headers=manager_h).status_code == 404
    listed = client.get(f"{API}/inspections", headers=manager_h)
    assert [i["id"] for i in listed.json] == [mine]
    # Another institution's inspection does not exist for a manager (README: 404, not 403).
    assert client.post(f"{API}/inspections/{theirs}/submit", headers=manager_h).status_code == 404


def test_list_filters_and_pagination(client, inspector_h, bureau_h, make_institution):
    first, second = make_institution(), make_institution()
    for inst in (first, first, second):
        create_draft(client, inspector_h, inst.id)
    response = client.get(
        f"{API}/inspections?institution_id={first.id}&status=draft&page_size=1",
        headers=bureau_h,
    )
    assert response.status_code == 200
    assert len(response.json) == 1
    assert '"total": 2' in response.headers["X-Pagination"]
    assert client.get(f"{API}/inspections?status=closed", headers=bureau_h).status_code == 422
    window = client.get(
        f"{API}/inspections?from=2026-11-20T00:00:00%2B08:00&to=2026-11-21T00:00:00%2B08:00",
        headers=bureau_h,
    )
    assert '"total": 3' in window.headers["X-Pagination"]


def test_my_tasks_lists_assigned_drafts(client, inspector_h, manager_h, institution):
    inspection_id = create_draft(client, inspector_h, institution.id)
    tasks = client.get(f"{API}/me/tasks", headers=inspector_h)
    assert tasks.status_code == 200
    assert [i["id"] for i in tasks.json["inspections"]] == [inspection_id]
    url = f"{API}/inspections/{inspection_id}"
    client.put(
        f"{url}/answers", json=answers_for(institution.id, fail={"F-03"}), headers=inspector_h
    )
    client.post(f"{url}/submit", headers=inspector_h)
    assert client.get(f"{API}/me/tasks", headers=inspector_h).json["inspections"] == []
    manager_tasks = client.get(f"{API}/me/tasks", headers=manager_h).json
    assert [h["item_code"] for h in manager_tasks["hazards"]] == ["F-03"]
    assert manager_tasks["hazards"][0]["overdue"] is False


def test_no_token_is_401_everywhere(client, institution):
    inspection_id = new_id()
    for method, path in [
        ("put", f"/inspections/{inspection_id}"),
        ("get", f"/inspections/{inspection_id}"),
        ("put", f"/inspections/{inspection_id}/answers"),
        ("post", f"/inspections/{inspection_id}/submit"),
        ("get", "/inspections"),
        ("get", "/me/tasks"),
    ]:
        response = getattr(client, method)(f"{API}{path}", json={})
        assert response.status_code == 401, path
        assert response.json["code"] == 401
