"""Features confirmed on site: what applies follows them, the bureau is told of differences."""

from __future__ import annotations

import copy
import uuid

import pytest
from sqlalchemy import func, select

from inspect_app.checklists import versions as checklist_versions
from inspect_app.extensions import db
from inspect_app.models import Hazard, Inspection, Institution, Notification
from tests.conftest import new_id
from tests.helpers import assert_envelope, draft_body

API = "/api/v1"
KEY = "sitecheck"
ALL_FALSE = dict.fromkeys(("kitchen", "gas", "lpg", "medical", "meals_delivered"), False)


def _item(code: str, applies_if: dict | None) -> dict:
    return {
        "code": code,
        "prompt": {"zh": f"检查项{code}", "en": f"Item {code}"},
        "guidance": {"zh": "现场查看。", "en": "Look on site."},
        "basis": "测试依据",
        "answer_type": "yes_no",
        "severity": "general",
        "photo_required_on_fail": False,
        "applies_if": applies_if,
    }


@pytest.fixture
def site_checklist(client, bureau_h):
    """A small checklist published by the bureau: one item for everyone, one only where
    there is gas, one only where there is no kitchen."""
    document = copy.deepcopy(checklist_versions.get_latest("gas").content)
    document["key"] = KEY
    document["title"] = {"zh": "现场特征测试表", "en": "Site features test checklist"}
    document["sections"] = [
        {
            "title": {"zh": "测试", "en": "Test"},
            "items": [
                _item("SC-01", None),
                _item("SC-02", {"gas": True}),
                _item("SC-03", {"kitchen": False}),
            ],
        }
    ]
    response = client.post(f"{API}/checklists", json=document, headers=bureau_h)
    assert response.status_code == 201, response.json
    return KEY


def answer(code: str, result: str = "pass") -> dict:
    return {"checklist": KEY, "item_code": code, "result": result, "value": result == "pass"}


def put_draft(client, headers, institution_id, inspection_id=None, **extra):
    inspection_id = inspection_id or new_id()
    body = {**draft_body(institution_id, [KEY]), **extra}
    response = client.put(f"{API}/inspections/{inspection_id}", json=body, headers=headers)
    return inspection_id, response


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- which items apply ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("directory_gas", "confirmed", "applies"),
    [
        (False, None, False),
        (True, None, True),
        (False, {"gas": True}, True),
        (True, {"gas": False}, False),
        (True, {"gas": True}, True),
        (False, {"gas": False}, False),
        # Other confirmed features leave gas as the directory says.
        (True, {"lpg": True}, True),
        (False, {"lpg": True, "meals_delivered": True}, False),
    ],
)
def test_applicability_follows_confirmed_features_over_the_directory(
    client, inspector_h, make_institution, site_checklist, directory_gas, confirmed, applies
):
    institution = make_institution(features={"kitchen": True, "gas": directory_gas})
    extra = {} if confirmed is None else {"features_confirmed": confirmed}
    inspection_id, response = put_draft(client, inspector_h, institution.id, **extra)
    assert response.status_code == 201, response.json
    url = f"{API}/inspections/{inspection_id}"
    expected = {**ALL_FALSE, "kitchen": True, "gas": applies, **(confirmed or {})}
    for body in (response.json, client.get(url, headers=inspector_h).json):
        assert body["features_confirmed"] == confirmed
        assert body["features"] == expected
        assert body["missing"] == [f"{KEY}:SC-01"] + ([f"{KEY}:SC-02"] if applies else [])
        assert body["not_applicable"] == []

    # Answering the gas item: accepted where it applies, 422 where it does not.
    gas = client.put(f"{url}/answers", json=[answer("SC-02")], headers=inspector_h)
    if applies:
        assert gas.status_code == 200
        assert gas.json["missing"] == [f"{KEY}:SC-01"]
    else:
        body = assert_envelope(gas, 422)
        assert "does not apply" in str(body["errors"])
    # The no-kitchen item never applies here (kitchen is true both ways).
    no_kitchen = client.put(f"{url}/answers", json=[answer("SC-03")], headers=inspector_h)
    assert no_kitchen.status_code == 422

    # Submit asks for exactly the applicable items.
    saved = client.put(f"{url}/answers", json=[answer("SC-01")], headers=inspector_h)
    assert saved.status_code == 200
    assert saved.json["missing"] == []
    assert saved.json["answered"] == (2 if applies else 1)
    assert client.post(f"{url}/submit", headers=inspector_h).status_code == 200


def test_confirming_no_kitchen_brings_in_the_no_kitchen_item(
    client, inspector_h, institution, site_checklist
):
    inspection_id, response = put_draft(
        client, inspector_h, institution.id, features_confirmed={"kitchen": False}
    )
    assert response.json["missing"] == [f"{KEY}:SC-01", f"{KEY}:SC-02", f"{KEY}:SC-03"]
    url = f"{API}/inspections/{inspection_id}"
    response = client.put(
        f"{url}/answers", json=[answer(c) for c in ("SC-01", "SC-02")], headers=inspector_h
    )
    assert response.json["missing"] == [f"{KEY}:SC-03"]
    submit = client.post(f"{url}/submit", headers=inspector_h)
    assert assert_envelope(submit, 422)["errors"]["missing"] == [f"{KEY}:SC-03"]


def test_answers_of_items_that_stop_applying_are_kept_but_raise_nothing(
    client, inspector_h, institution, site_checklist
):
    # The directory says gas; the inspector answers the gas item as failed...
    inspection_id, _ = put_draft(client, inspector_h, institution.id)
    url = f"{API}/inspections/{inspection_id}"
    answers = [answer("SC-01"), answer("SC-02", "fail")]
    assert client.put(f"{url}/answers", json=answers, headers=inspector_h).status_code == 200
    # ...then finds there is no gas on site.
    _, response = put_draft(
        client, inspector_h, institution.id, inspection_id, features_confirmed={"gas": False}
    )
    assert response.status_code == 200
    assert response.json["features"]["gas"] is False
    assert response.json["missing"] == []
    assert response.json["not_applicable"] == [f"{KEY}:SC-02"]
    assert len(response.json["answers"]) == 2  # kept: a mistaken toggle loses nothing
    progress = client.put(f"{url}/answers", json=[answer("SC-01")], headers=inspector_h)
    assert progress.json["answered"] == 1
    # A draft PUT without features_confirmed leaves them as they are.
    _, response = put_draft(client, inspector_h, institution.id, inspection_id)
    assert response.json["features_confirmed"] == {"gas": False}

    submit = client.post(f"{url}/submit", headers=inspector_h)
    assert submit.status_code == 200
    assert submit.json["hazard_ids"] == []
    assert count(Hazard) == 0
    shown = client.get(url, headers=inspector_h).json
    assert shown["not_applicable"] == [f"{KEY}:SC-02"]


def test_toggling_back_counts_the_kept_answer_again(
    client, inspector_h, institution, site_checklist
):
    inspection_id, _ = put_draft(client, inspector_h, institution.id)
    url = f"{API}/inspections/{inspection_id}"
    answers = [answer("SC-01"), answer("SC-02", "fail")]
    client.put(f"{url}/answers", json=answers, headers=inspector_h)
    put_draft(client, inspector_h, institution.id, inspection_id, features_confirmed={"gas": False})
    _, response = put_draft(
        client, inspector_h, institution.id, inspection_id, features_confirmed=None
    )
    assert response.json["features_confirmed"] is None
    assert response.json["not_applicable"] == []
    submit = client.post(f"{url}/submit", headers=inspector_h)
    assert len(submit.json["hazard_ids"]) == 1


def test_items_that_start_applying_must_be_answered(
    client, inspector_h, make_institution, site_checklist
):
    institution = make_institution(features={"kitchen": True, "gas": False})
    inspection_id, _ = put_draft(client, inspector_h, institution.id)
    url = f"{API}/inspections/{inspection_id}"
    assert (
        client.put(f"{url}/answers", json=[answer("SC-01")], headers=inspector_h).json["missing"]
        == []
    )
    put_draft(client, inspector_h, institution.id, inspection_id, features_confirmed={"gas": True})
    submit = client.post(f"{url}/submit", headers=inspector_h)
    assert assert_envelope(submit, 422)["errors"]["missing"] == [f"{KEY}:SC-02"]
    failed = client.put(f"{url}/answers", json=[answer("SC-02", "fail")], headers=inspector_h)
    assert failed.status_code == 200
    submit = client.post(f"{url}/submit", headers=inspector_h)
    assert submit.status_code == 200
    assert len(submit.json["hazard_ids"]) == 1


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "confirmed",
    [
        {"pool": True},
        {"gas": "yes"},
        {"gas": 1},
        {"lpg": None},
        {"gas": "true"},
        ["gas"],
        "gas",
        True,
    ],
    ids=["unknown", "string", "number", "null-value", "string-true", "list", "text", "bool"],
)
def test_bad_features_confirmed_is_422_and_writes_nothing(
    client, inspector_h, institution, site_checklist, confirmed
):
    inspection_id, response = put_draft(
        client, inspector_h, institution.id, features_confirmed=confirmed
    )
    assert_envelope(response, 422)
    assert count(Inspection) == 0
    # On an existing draft, the stored value is kept.
    put_draft(client, inspector_h, institution.id, inspection_id, features_confirmed={"lpg": True})
    _, response = put_draft(
        client, inspector_h, institution.id, inspection_id, features_confirmed=confirmed
    )
    assert_envelope(response, 422)
    db.session.expire_all()
    assert db.session.get(Inspection, uuid.UUID(inspection_id)).features_confirmed == {"lpg": True}


def test_empty_features_confirmed_means_none_confirmed(
    client, inspector_h, institution, site_checklist
):
    _, response = put_draft(client, inspector_h, institution.id, features_confirmed={})
    assert response.status_code == 201
    assert response.json["features_confirmed"] is None


# --- after submit, and replays ------------------------------------------------------------


def test_features_confirmed_cannot_change_after_submit_but_replays_are_answered(
    client, inspector_h, make_institution, site_checklist
):
    institution = make_institution(features={"kitchen": True, "gas": False})
    confirmed = {"gas": False, "lpg": True}
    inspection_id, first = put_draft(
        client, inspector_h, institution.id, features_confirmed=confirmed
    )
    _, again = put_draft(
        client, inspector_h, institution.id, inspection_id, features_confirmed=confirmed
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["features_confirmed"] == first.json["features_confirmed"] == confirmed
    assert count(Inspection) == 1
    url = f"{API}/inspections/{inspection_id}"
    client.put(f"{url}/answers", json=[answer("SC-01")], headers=inspector_h)
    assert client.post(f"{url}/submit", headers=inspector_h).status_code == 200

    for changed in ({"gas": True}, {"gas": False}, None):
        _, response = put_draft(
            client, inspector_h, institution.id, inspection_id, features_confirmed=changed
        )
        assert_envelope(response, 409)
    for replay in ({"features_confirmed": confirmed}, {}):
        _, response = put_draft(client, inspector_h, institution.id, inspection_id, **replay)
        assert response.status_code == 200
        assert response.json["status"] == "submitted"
        assert response.json["features_confirmed"] == confirmed
    db.session.expire_all()
    assert db.session.get(Inspection, uuid.UUID(inspection_id)).features_confirmed == confirmed


# --- the bureau is told -------------------------------------------------------------------


def _notifications(client, headers) -> list[dict]:
    response = client.get(f"{API}/me/notifications", headers=headers)
    assert response.status_code == 200
    return [n for n in response.json if n["kind"] == "features_differ"]


def test_bureau_is_told_once_of_each_difference(
    client, inspector_h, bureau_h, manager_h, make_user, token_for, make_institution,
    site_checklist,
):  # fmt: skip
    other_bureau_h = token_for(make_user("bureau"))
    make_user("bureau", is_active=False)
    institution = make_institution(
        name="泗泾敬老院", features={"kitchen": True, "gas": True, "medical": False}
    )
    confirmed = {"kitchen": True, "gas": False, "lpg": True}
    inspection_id, _ = put_draft(client, inspector_h, institution.id, features_confirmed=confirmed)
    url = f"{API}/inspections/{inspection_id}"
    client.put(f"{url}/answers", json=[answer("SC-01")], headers=inspector_h)
    assert client.post(f"{url}/submit", headers=inspector_h).status_code == 200
    assert client.post(f"{url}/submit", headers=inspector_h).status_code == 200  # replay
    put_draft(client, inspector_h, institution.id, inspection_id, features_confirmed=confirmed)

    for headers in (bureau_h, other_bureau_h):
        (notice,) = _notifications(client, headers)
        message = notice["message"]
        assert "泗泾敬老院" in message and inspection_id in message
        assert "管道燃气：名录有→现场无" in message
        assert "液化石油气钢瓶：名录无→现场有" in message
        assert "gas): directory yes -> found no" in message
        assert "lpg): directory no -> found yes" in message
        assert "厨房" not in message and "kitchen" not in message  # the same as the directory
        assert message.index(" / ") > 0  # Chinese first, then English
    assert _notifications(client, inspector_h) == []
    assert count(Notification) == 2  # the inactive officer and everyone else: nothing
    # The directory is the bureau's to change: it is not touched.
    db.session.expire_all()
    assert db.session.get(Institution, institution.id).features == {
        "kitchen": True,
        "gas": True,
        "medical": False,
    }


@pytest.mark.parametrize(
    "extra",
    [{}, {"features_confirmed": {"kitchen": True, "gas": True, "lpg": False}}],
    ids=["none-confirmed", "confirmed-as-directory"],
)
def test_bureau_is_not_told_when_nothing_differs(
    client, inspector_h, bureau_h, institution, site_checklist, extra
):
    inspection_id, _ = put_draft(client, inspector_h, institution.id, **extra)
    url = f"{API}/inspections/{inspection_id}"
    answers = [answer("SC-01"), answer("SC-02")]
    assert client.put(f"{url}/answers", json=answers, headers=inspector_h).status_code == 200
    assert client.post(f"{url}/submit", headers=inspector_h).status_code == 200
    assert _notifications(client, bureau_h) == []


def test_manager_sees_the_confirmed_features_of_its_submitted_inspection(
    client, inspector_h, manager_h, institution, site_checklist
):
    inspection_id, _ = put_draft(
        client, inspector_h, institution.id, features_confirmed={"meals_delivered": True}
    )
    url = f"{API}/inspections/{inspection_id}"
    client.put(f"{url}/answers", json=[answer("SC-01"), answer("SC-02")], headers=inspector_h)
    client.post(f"{url}/submit", headers=inspector_h)
    body = client.get(url, headers=manager_h).json
    assert body["features_confirmed"] == {"meals_delivered": True}
    assert body["features"]["meals_delivered"] is True


# --- the directory's new features ---------------------------------------------------------


def test_directory_takes_lpg_and_meals_delivered(client, bureau_h, institution):
    url = f"{API}/institutions/{institution.id}"
    response = client.patch(url, json={"features": {"lpg": True}}, headers=bureau_h)
    assert response.status_code == 200
    assert response.json["features"] == {
        "kitchen": True,
        "gas": True,
        "lpg": True,
        "medical": True,
        "meals_delivered": False,
    }
    response = client.patch(url, json={"features": {"meals_delivered": "x"}}, headers=bureau_h)
    assert_envelope(response, 422)
