"""Two certified officers on every inspection that issues documents, and the
institution's person present: ``assignee_ids`` and ``present_person_*`` on the draft,
submit refused (422) until they are there; ``GET /officers``, the inspectors an
inspector may name as fellow officers on a visit."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.inspections.models import Inspection, InspectionAssignee
from tests.helpers import answers_for, assert_envelope, draft_body

API = "/api/v1"


@pytest.fixture
def lead(make_user):
    return make_user("inspector", display_name="张建国", enforcement_cert_no="沪民执0101")


@pytest.fixture
def lead_h(lead, token_for):
    return token_for(lead)


def answered_draft(client, headers, institution_id, **changes) -> str:
    """A draft with every item answered; ``changes`` replace fields of its body."""
    url = f"{API}/inspections/{uuid.uuid4()}"
    body = {**draft_body(institution_id), **changes}
    created = client.put(url, json=body, headers=headers)
    assert created.status_code == 201, created.json
    answers = answers_for(institution_id)
    assert client.put(f"{url}/answers", json=answers, headers=headers).status_code == 200
    return url


def test_submit_is_422_with_one_officer_until_a_second_certified_one_joins(
    client, lead, lead_h, make_user, institution
):
    url = answered_draft(client, lead_h, institution.id, assignee_ids=[])
    body = assert_envelope(client.post(f"{url}/submit", headers=lead_h), 422)
    assert "两名" in body["message"] and "执法证" in body["message"]
    assert "现有 1 名" in body["errors"]["assignee_ids"][0]
    assert db.session.get_one(Inspection, uuid.UUID(url.rsplit("/", 1)[1])).status == "draft"

    # A second officer without a certificate does not count, and is named.
    trainee = make_user("inspector", display_name="王见习", enforcement_cert_no=None)
    put = client.put(
        url, json={**draft_body(institution.id), "assignee_ids": [trainee.id]}, headers=lead_h
    )
    assert put.status_code == 200 and put.json["assignee_ids"] == sorted([lead.id, trainee.id])
    assert [(o["display_name"], o["certified"]) for o in put.json["officers"]] == [
        ("张建国", True),
        ("王见习", False),
    ]
    body = assert_envelope(client.post(f"{url}/submit", headers=lead_h), 422)
    assert "王见习" in body["errors"]["assignee_ids"][0]

    # A certified one: now it submits, and the record's team is both.
    partner = make_user("inspector", display_name="李晓梅", department="fire")
    body = {**draft_body(institution.id), "assignee_ids": [trainee.id, partner.id]}
    assert client.put(url, json=body, headers=lead_h).status_code == 200
    submitted = client.post(f"{url}/submit", headers=lead_h)
    assert submitted.status_code == 200, submitted.json
    detail = client.get(url, headers=lead_h).json
    assert detail["assignee_ids"] == sorted([lead.id, trainee.id, partner.id])
    assert detail["officers"][0] == {
        "id": lead.id,
        "display_name": "张建国",
        "department": "civil_affairs",
        "enforcement_cert_no": "沪民执0101",
        "certified": True,
    }
    # The same PUT again after the submit is a replay: 200, unchanged.
    replay = client.put(url, json=body, headers=lead_h)
    assert replay.status_code == 200 and replay.json["status"] == "submitted"


def test_an_inactive_officer_does_not_count(client, lead_h, make_user, institution):
    partner = make_user("inspector")
    url = answered_draft(client, lead_h, institution.id, assignee_ids=[partner.id])
    partner.is_active = False
    db.session.commit()
    body = assert_envelope(client.post(f"{url}/submit", headers=lead_h), 422)
    assert "现有 1 名" in body["errors"]["assignee_ids"][0]


def test_the_caller_and_the_creator_are_always_on_the_team(
    client, lead, lead_h, bureau, bureau_h, make_user, token_for, institution
):
    partner = make_user("inspector")
    url = answered_draft(client, lead_h, institution.id, assignee_ids=[partner.id, partner.id])
    assert client.get(url, headers=lead_h).json["assignee_ids"] == sorted([lead.id, partner.id])
    # The bureau names another team: the creator stays, the bureau officer joins.
    other = make_user("inspector")
    body = {**draft_body(institution.id), "assignee_ids": [other.id]}
    changed = client.put(url, json=body, headers=bureau_h)
    assert changed.status_code == 200
    assert changed.json["assignee_ids"] == sorted([lead.id, bureau.id, other.id])
    # Left out, the team stays as it is.
    body = {k: v for k, v in draft_body(institution.id).items() if k != "assignee_ids"}
    assert client.put(url, json=body, headers=lead_h).json["assignee_ids"] == sorted(
        [lead.id, bureau.id, other.id]
    )
    # The officer who joined may submit it.
    submitted = client.post(f"{url}/submit", headers=token_for(other))
    assert submitted.status_code == 200, submitted.json


@pytest.mark.parametrize("who", ["unknown", "manager", "inactive"])
def test_only_active_officers_may_be_named_and_nothing_is_written(
    client, lead_h, make_user, institution, who
):
    if who == "unknown":
        user_id = 999_999
    elif who == "manager":
        user_id = make_user("manager", institution_id=institution.id).id
    else:
        user_id = make_user("inspector", is_active=False).id
    url = f"{API}/inspections/{uuid.uuid4()}"
    body = {**draft_body(institution.id), "assignee_ids": [user_id]}
    answer = assert_envelope(client.put(url, json=body, headers=lead_h), 422)
    assert str(user_id) in answer["errors"]["assignee_ids"][0]
    assert db.session.scalar(select(func.count()).select_from(Inspection)) == 0
    assert db.session.scalar(select(func.count()).select_from(InspectionAssignee)) == 0


@pytest.mark.parametrize(
    "change",
    [
        {"assignee_ids": "3"},
        {"assignee_ids": [True]},
        {"assignee_ids": [0]},
        {"present_person_name": "长" * 101},
    ],
)
def test_malformed_team_or_person_is_422(client, lead_h, institution, change):
    url = f"{API}/inspections/{uuid.uuid4()}"
    body = {**draft_body(institution.id), **change}
    assert_envelope(client.put(url, json=body, headers=lead_h), 422)


def test_submit_needs_the_person_present_named_with_position(client, lead_h, institution):
    url = answered_draft(
        client, lead_h, institution.id, present_person_name="  ", present_person_position=None
    )
    body = assert_envelope(client.post(f"{url}/submit", headers=lead_h), 422)
    assert "在场人员" in body["message"]
    assert set(body["errors"]) == {"present_person_name", "present_person_position"}
    fixed = {
        **draft_body(institution.id),
        "present_person_name": " 周敏 ",
        "present_person_position": "副院长",
    }
    put = client.put(url, json=fixed, headers=lead_h).json
    assert (put["present_person_name"], put["present_person_position"]) == ("周敏", "副院长")
    assert client.post(f"{url}/submit", headers=lead_h).status_code == 200


def test_a_spot_check_keeps_its_drawn_team(client, lead, lead_h, make_user, institution):
    drawn = make_user("inspector", department="fire")
    url = answered_draft(client, lead_h, institution.id, kind="spot_check", assignee_ids=[drawn.id])
    extra = make_user("inspector")
    body = {**draft_body(institution.id, kind="spot_check"), "assignee_ids": [extra.id]}
    changed = client.put(url, json=body, headers=lead_h).json
    assert changed["assignee_ids"] == sorted([lead.id, drawn.id, extra.id])


def test_inspector_lists_active_officers_with_certificate_flag(
    client, make_user, institution, inspector, inspector_h
):
    certified = make_user(
        "inspector", display_name="王执法", department="fire", enforcement_cert_no="31000001"
    )
    uncertified = make_user(
        "inspector", display_name="李协管", department="civil_affairs", enforcement_cert_no=None
    )
    make_user("inspector", display_name="离职人员", is_active=False)
    bureau = make_user("bureau", display_name="局里的人", enforcement_cert_no="31000009")
    make_user("manager", institution_id=institution.id)

    response = client.get("/api/v1/officers", headers=inspector_h)

    assert response.status_code == 200
    by_id = {officer["id"]: officer for officer in response.json}
    assert set(by_id) == {inspector.id, certified.id, uncertified.id, bureau.id}
    assert by_id[bureau.id]["certified"] is True
    assert by_id[certified.id] == {
        "id": certified.id,
        "display_name": "王执法",
        "department": "fire",
        "certified": True,
    }
    assert by_id[uncertified.id]["certified"] is False
    assert "username" not in by_id[certified.id]  # a colleague sees no login name


def test_manager_may_not_list_officers(client, manager_h):
    response = client.get("/api/v1/officers", headers=manager_h)
    assert response.status_code == 403
    assert response.json["message"]
