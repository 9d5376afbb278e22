"""Hostile request bodies get a clear 4xx JSON answer and write nothing, never a 500."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.models import Answer, Hazard, Inspection
from tests.helpers import assert_envelope, draft_body

API = "/api/v1"
DEEP = "[" * 100_000 + "]" * 100_000
HUGE_INT = '{"username": "a", "password": ' + "9" * 5000 + "}"


@pytest.mark.parametrize("body", [DEEP, HUGE_INT], ids=["deeply-nested", "huge-integer"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/auth/login"),
        ("POST", "/institutions"),
        ("PUT", "/inspections/00000000-0000-4000-8000-000000000001"),
        ("PUT", "/inspections/00000000-0000-4000-8000-000000000001/answers"),
        ("POST", "/hazards"),
        ("POST", "/checklists"),
    ],
)
def test_unparseable_json_is_a_400_not_a_500(client, bureau_h, method, path, body):
    headers = {} if path == "/auth/login" else bureau_h
    response = client.open(
        f"{API}{path}", method=method, data=body, content_type="application/json", headers=headers
    )
    assert_envelope(response, 400)


@pytest.fixture
def draft(client, inspector_h, institution):
    url = f"{API}/inspections/{uuid.uuid4()}"
    assert (
        client.put(
            url, json=draft_body(institution.id, ("fire", "food", "service")), headers=inspector_h
        ).status_code
        == 201
    )
    return url


@pytest.mark.parametrize("body", ["null", "1", "true", '"x"', "{}"])
def test_answers_body_that_is_not_a_list_is_refused(client, inspector_h, draft, body):
    response = client.put(
        f"{draft}/answers", data=body, content_type="application/json", headers=inspector_h
    )
    assert_envelope(response, 422)


CODES_OF_EVERY_TYPE = [("fire", "F-02"), ("food", "FD-04"), ("service", "S-13")]


@pytest.mark.parametrize("value", [{}, [1], {"a": [1]}])
def test_answer_values_of_the_wrong_shape_are_refused(client, inspector_h, draft, value):
    # A yes/no, a number, a text and a choice item: each refuses objects and arrays.
    for key, code in CODES_OF_EVERY_TYPE:
        answer = {"checklist": key, "item_code": code, "result": "pass", "value": value}
        response = client.put(f"{draft}/answers", json=[answer], headers=inspector_h)
        assert_envelope(response, 422)
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_refused_and_never_stored(client, inspector_h, draft, raw):
    body = '[{"checklist": "food", "item_code": "FD-04", "result": "pass", "value": ' + raw + "}]"
    response = client.put(
        f"{draft}/answers", data=body, content_type="application/json", headers=inspector_h
    )
    assert response.status_code in (400, 422)
    assert response.is_json
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0
    shown = client.get(draft, headers=inspector_h)
    assert shown.status_code == 200
    assert "NaN" not in shown.get_data(as_text=True)


@pytest.mark.parametrize("institution_id", [2**31, 2**63, 2**64])
def test_out_of_range_institution_ids_are_422(client, inspector_h, institution_id):
    body = draft_body(1)
    body["institution_id"] = institution_id
    response = client.put(f"{API}/inspections/{uuid.uuid4()}", json=body, headers=inspector_h)
    assert_envelope(response, 422)
    hazard = {
        "institution_id": institution_id,
        "category": "fire",
        "severity": "general",
        "title": "通道堆物",
    }
    assert_envelope(client.post(f"{API}/hazards", json=hazard, headers=inspector_h), 422)
    assert db.session.scalar(select(func.count()).select_from(Inspection)) == 0
    assert db.session.scalar(select(func.count()).select_from(Hazard)) == 0


EDGE_TIMES = ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00", "1899-12-31T00:00:00Z"]


@pytest.mark.parametrize("moment", EDGE_TIMES)
def test_times_outside_any_real_visit_are_422(client, inspector_h, institution, moment):
    body = draft_body(institution.id)
    body["started_at"] = moment
    response = client.put(f"{API}/inspections/{uuid.uuid4()}", json=body, headers=inspector_h)
    assert_envelope(response, 422)
    for name in ("from", "to"):
        listed = client.get(f"{API}/inspections", query_string={name: moment}, headers=inspector_h)
        assert_envelope(listed, 422)


def test_a_number_outside_its_passing_range_cannot_be_a_pass(client, inspector_h, draft):
    # FD-04: cold storage at 0-8 °C. 30 °C with "pass" contradicts itself.
    answer = {"checklist": "food", "item_code": "FD-04", "result": "pass", "value": 30}
    body = assert_envelope(client.put(f"{draft}/answers", json=[answer], headers=inspector_h), 422)
    assert "FD-04" in str(body["errors"])
    answer["result"] = "fail"
    assert client.put(f"{draft}/answers", json=[answer], headers=inspector_h).status_code == 200
    answer.update(result="pass", value=4)
    assert client.put(f"{draft}/answers", json=[answer], headers=inspector_h).status_code == 200


def test_a_failing_choice_cannot_be_a_pass(client, inspector_h, draft):
    answer = {"checklist": "service", "item_code": "S-13", "result": "pass", "value": "both_short"}
    assert_envelope(client.put(f"{draft}/answers", json=[answer], headers=inspector_h), 422)
    answer["result"] = "fail"
    assert client.put(f"{draft}/answers", json=[answer], headers=inspector_h).status_code == 200
    answer.update(result="pass", value="met")
    assert client.put(f"{draft}/answers", json=[answer], headers=inspector_h).status_code == 200


def test_a_chunked_json_body_over_the_limit_is_413(client, app):
    import io

    body = b'{"username": "' + b"a" * (app.config["MAX_CONTENT_LENGTH"] + 10) + b'"}'
    response = client.post(
        f"{API}/auth/login",
        input_stream=io.BytesIO(body),
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert_envelope(response, 413)
