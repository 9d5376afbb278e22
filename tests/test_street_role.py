"""The street role (街镇): a street civil-affairs office's officer, scoped to one street.

It sees its street's institutions, inspections and hazards (another street's answer 404,
as for managers), records inspections there, reviews the general hazards there, and has
its street's monthly report made for it."""

from __future__ import annotations

import uuid

import pytest
import time_machine
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.models import User
from tests.helpers import answers_for, assert_envelope, draft_body, evidence_photo_id

API = "/api/v1"
HOME_STREET = "泗泾镇"
OTHER_STREET = "佘山镇"


@pytest.fixture
def streets(client, bureau_h, make_institution, token_for, inspector):
    """Two homes on two streets, and a street officer of the first made through the API."""
    ours = make_institution(street=HOME_STREET)
    theirs = make_institution(street=OTHER_STREET)
    made = client.post(
        f"{API}/users",
        json={
            "username": "sijing.office",
            "password": "street office password 1",
            "role": "street",
            "street": HOME_STREET,
            "display_name": "泗泾镇社区事务办",
            "enforcement_cert_no": "沪民执街0001",
        },
        headers=bureau_h,
    )
    assert made.status_code == 201, made.json
    assert made.json["role"] == "street" and made.json["street"] == HOME_STREET
    officer = db.session.scalar(select(User).where(User.username == "sijing.office"))
    return ours, theirs, officer, token_for(officer)


def submit(client, headers, institution_id, fail=(), photo=None) -> tuple[str, list[str]]:
    """Record and submit an inspection; failed items carry ``photo`` (one the caller may use)."""
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    created = client.put(url, json=draft_body(institution_id), headers=headers)
    assert created.status_code == 201, created.json
    answers = answers_for(institution_id, fail=set(fail))
    if photo is not None:
        for answer in answers:
            if answer["photo_ids"]:
                answer["photo_ids"] = [photo]
    assert client.put(f"{url}/answers", json=answers, headers=headers).status_code == 200
    submitted = client.post(f"{url}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.json
    return inspection_id, submitted.json["hazard_ids"]


def test_a_street_officer_needs_a_known_street(client, bureau_h):
    def refused(body):
        return assert_envelope(client.post(f"{API}/users", json=body, headers=bureau_h), 422)

    body = {"username": "nostreet", "password": "street office password 1", "role": "street"}
    assert "street" in refused(body)["errors"]
    assert "street" in refused({**body, "street": "不存在街道"})["errors"]["json"]
    # Only a street officer has a street.
    other = {**body, "role": "inspector", "department": "civil_affairs", "street": "泗泾镇"}
    assert "street" in refused(other)["errors"]


def test_a_street_officer_sees_only_its_street(client, streets, inspector_h):
    ours, theirs, _, headers = streets
    listed = client.get(f"{API}/institutions", headers=headers).json
    assert [i["id"] for i in listed] == [ours.id]
    assert client.get(f"{API}/institutions/{ours.id}", headers=headers).status_code == 200
    assert_envelope(client.get(f"{API}/institutions/{theirs.id}", headers=headers), 404)

    _, (their_hazard,) = submit(client, inspector_h, theirs.id, fail=("F-02",))
    their_visit, _ = submit(client, inspector_h, theirs.id)
    assert_envelope(client.get(f"{API}/hazards/{their_hazard}", headers=headers), 404)
    assert_envelope(client.get(f"{API}/inspections/{their_visit}", headers=headers), 404)
    assert_envelope(client.get(f"{API}/inspections/{their_visit}/record.pdf", headers=headers), 404)
    assert client.get(f"{API}/hazards", headers=headers).json == []
    assert client.get(f"{API}/inspections", headers=headers).json == []
    # Recording at another street's home: that home does not exist for it.
    other = f"{API}/inspections/{uuid.uuid4()}"
    assert_envelope(client.put(other, json=draft_body(theirs.id), headers=headers), 404)
    # The clearance board is its street's.
    board = client.get(f"{API}/clearance", headers=headers).json
    assert {row["street"] for row in board["institutions"]} == {HOME_STREET}
    assert_envelope(
        client.get(f"{API}/clearance", query_string={"street": OTHER_STREET}, headers=headers),
        404,
    )


def test_a_street_officer_records_and_reviews_general_hazards(
    client, streets, make_user, token_for, make_photo
):
    ours, _, officer, headers = streets
    # Its own photo it may use; another's, not attached in its street, does not exist for it.
    photo = make_photo(officer)
    other = evidence_photo_id()
    assert_envelope(client.get(f"{API}/photos/{other}", headers=headers), 404)
    inspection_id, (general,) = submit(client, headers, ours.id, fail=("F-02",), photo=photo)
    assert client.get(f"{API}/inspections/{inspection_id}", headers=headers).status_code == 200
    assert (
        client.get(f"{API}/inspections/{inspection_id}/record.pdf", headers=headers).status_code
        == 200
    )
    hazard = client.get(f"{API}/hazards/{general}", headers=headers).json
    assert hazard["department"] == "civil_affairs" and hazard["institution_id"] == ours.id

    manager = make_user("manager", institution_id=ours.id)
    manager_h = token_for(manager)
    fixed = {"description": "已整改", "photo_ids": [make_photo(manager, color=(1, 2, 3))]}
    assert (
        client.post(
            f"{API}/hazards/{general}/rectification", json=fixed, headers=manager_h
        ).status_code
        == 200
    )
    tasks = client.get(f"{API}/me/tasks", headers=headers).json
    assert general in [h["id"] for h in tasks["hazards"]]
    approved = client.post(
        f"{API}/hazards/{general}/review",
        json={"decision": "approve", "note": "复查合格"},
        headers=headers,
    )
    assert approved.status_code == 200, approved.json
    assert approved.json["status"] == "cleared"

    # A major hazard is the bureau's to review.
    _, (major,) = submit(client, headers, ours.id, fail=("F-13",), photo=photo)
    assert (
        client.post(
            f"{API}/hazards/{major}/rectification", json=fixed, headers=manager_h
        ).status_code
        == 200
    )
    assert_envelope(
        client.post(
            f"{API}/hazards/{major}/review",
            json={"decision": "approve", "note": "复查合格"},
            headers=headers,
        ),
        403,
    )


def test_the_monthly_report_of_its_street_is_made_for_it(client, streets, inspector_h):
    ours, theirs, _, headers = streets
    with time_machine.travel("2026-10-15T02:00:00Z", tick=False):
        submit(client, inspector_h, ours.id, fail=("F-02",))
        submit(client, inspector_h, theirs.id, fail=("F-03",))
    with time_machine.travel("2026-11-05T02:00:00Z", tick=False):
        made = client.post(f"{API}/reports/monthly", json={"month": "2026-10"}, headers=headers)
        assert made.status_code in (200, 201), made.json
        assert made.json["street"] == HOME_STREET
        pdf = client.get(f"{API}/reports/monthly/2026-10.pdf", headers=headers)
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
        assert_envelope(
            client.post(
                f"{API}/reports/monthly",
                json={"month": "2026-10", "street": OTHER_STREET},
                headers=headers,
            ),
            404,
        )
