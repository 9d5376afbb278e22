"""Majors close on site: a major hazard's rectification is approved only on a re-inspection
(复查), a `follow_up` inspection by two certified officers that names the hazards it
re-checks, each with its result and photos; the bureau's approval names it."""

from __future__ import annotations

import uuid

import pytest

from tests.helpers import assert_envelope, draft_body, submit_with_failures

API = "/api/v1"
MAJOR = "F-13"  # combustible-core panels: a confirmed major hazard
GENERAL = "F-02"


@pytest.fixture
def rectified_major(client, inspector_h, institution, manager_h, make_photo, manager):
    """A major hazard whose rectification the institution has submitted."""
    (hazard_id,) = submit_with_failures(client, inspector_h, institution.id, [MAJOR])
    proof = {"description": "已拆除彩钢板", "photo_ids": [make_photo(manager, color=(9, 9, 9))]}
    done = client.post(f"{API}/hazards/{hazard_id}/rectification", json=proof, headers=manager_h)
    assert done.status_code == 200, done.json
    return hazard_id


def follow_up(client, headers, institution_id, rechecks, **extra):
    """A re-inspection draft naming the hazards it re-checks; returns its URL and answer."""
    url = f"{API}/inspections/{uuid.uuid4()}"
    body = {
        **draft_body(institution_id, checklists=(), kind="follow_up"),
        "rechecks": rechecks,
        **extra,
    }
    return url, client.put(url, json=body, headers=headers)


def approve(client, headers, hazard_id, **body):
    return client.post(
        f"{API}/hazards/{hazard_id}/review",
        json={"decision": "approve", "note": "现场复查合格", **body},
        headers=headers,
    )


def test_a_major_is_approved_only_on_a_re_inspection(
    client, rectified_major, institution, inspector, inspector_h, bureau_h, make_photo
):
    # Approving from the desk, without a re-inspection: refused, nothing written.
    refused = assert_envelope(approve(client, bureau_h, rectified_major), 422)
    assert "inspection_id" in refused["errors"]
    assert client.get(f"{API}/hazards/{rectified_major}", headers=bureau_h).json["status"] == (
        "pending_review"
    )

    # The re-inspection: its result for the hazard needs a photo.
    recheck = {"hazard_id": rectified_major, "result": "rectified", "note": "已拆除"}
    url, draft = follow_up(client, inspector_h, institution.id, [{**recheck, "photo_ids": []}])
    assert draft.status_code == 201, draft.json
    assert draft.json["rechecks"][0]["hazard_id"] == rectified_major
    unphotographed = assert_envelope(client.post(f"{url}/submit", headers=inspector_h), 422)
    assert "rechecks" in unphotographed["errors"]
    photo = make_photo(inspector, color=(30, 60, 90))
    body = {
        **draft_body(institution.id, checklists=(), kind="follow_up"),
        "rechecks": [{**recheck, "photo_ids": [photo]}],
    }
    assert client.put(url, json=body, headers=inspector_h).status_code == 200
    submitted = client.post(f"{url}/submit", headers=inspector_h)
    assert submitted.status_code == 200, submitted.json
    inspection_id = url.rsplit("/", 1)[1]
    hazard = client.get(f"{API}/hazards/{rectified_major}", headers=bureau_h).json
    rechecked = [e for e in hazard["events"] if e["type"] == "rechecked"]
    assert len(rechecked) == 1
    assert rechecked[0]["data"]["inspection_id"] == inspection_id
    assert rechecked[0]["data"]["result"] == "rectified"
    assert photo in rechecked[0]["photo_ids"]
    assert hazard["status"] == "pending_review"  # the re-inspection alone clears nothing

    # An inspector may not approve a major, even with the re-inspection.
    assert_envelope(approve(client, inspector_h, rectified_major, inspection_id=inspection_id), 403)
    # A routine visit is no re-inspection.
    (other,) = submit_with_failures(client, inspector_h, institution.id, [GENERAL])
    routine = client.get(f"{API}/hazards/{other}", headers=bureau_h).json["inspection_id"]
    assert (
        "inspection_id"
        in assert_envelope(approve(client, bureau_h, rectified_major, inspection_id=routine), 422)[
            "errors"
        ]
    )
    # The bureau's approval on the re-inspection clears it, and names it.
    cleared = approve(client, bureau_h, rectified_major, inspection_id=inspection_id)
    assert cleared.status_code == 200, cleared.json
    assert cleared.json["status"] == "cleared"
    approved = [e for e in cleared.json["events"] if e["type"] == "review_approved"]
    assert approved[-1]["data"]["inspection_id"] == inspection_id


def test_a_re_inspection_that_found_it_not_rectified_clears_nothing(
    client, rectified_major, institution, inspector, inspector_h, bureau_h, make_photo
):
    photo = make_photo(inspector, color=(31, 61, 91))
    recheck = {
        "hazard_id": rectified_major,
        "result": "not_rectified",
        "note": "彩钢板仍在",
        "photo_ids": [photo],
    }
    url, draft = follow_up(client, inspector_h, institution.id, [recheck])
    assert draft.status_code == 201, draft.json
    assert client.post(f"{url}/submit", headers=inspector_h).status_code == 200
    inspection_id = url.rsplit("/", 1)[1]
    assert_envelope(approve(client, bureau_h, rectified_major, inspection_id=inspection_id), 422)


def test_a_re_inspection_names_live_hazards_of_its_institution_and_needs_two_officers(
    client, rectified_major, institution, make_institution, inspector_h, inspector, make_photo
):
    photo = make_photo(inspector, color=(32, 62, 92))
    recheck = {"hazard_id": rectified_major, "result": "rectified", "photo_ids": [photo]}
    elsewhere = make_institution()
    _, wrong_home = follow_up(client, inspector_h, elsewhere.id, [recheck])
    assert "rechecks" in assert_envelope(wrong_home, 422)["errors"]
    _, unknown = follow_up(
        client, inspector_h, institution.id, [{**recheck, "hazard_id": str(uuid.uuid4())}]
    )
    assert "rechecks" in assert_envelope(unknown, 422)["errors"]
    _, none = follow_up(client, inspector_h, institution.id, [])
    assert "rechecks" in assert_envelope(none, 422)["errors"]
    routine = {**draft_body(institution.id), "rechecks": [recheck]}
    named = client.put(f"{API}/inspections/{uuid.uuid4()}", json=routine, headers=inspector_h)
    assert "rechecks" in assert_envelope(named, 422)["errors"]
    # Alone, the officer cannot submit the re-inspection: two certified officers make it.
    url, alone = follow_up(client, inspector_h, institution.id, [recheck], assignee_ids=[])
    assert alone.status_code == 201, alone.json
    assert (
        "assignee_ids"
        in assert_envelope(client.post(f"{url}/submit", headers=inspector_h), 422)["errors"]
    )
