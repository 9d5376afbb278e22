"""Every error is JSON in one envelope: unknown routes, wrong methods, bad bodies, limits."""

from __future__ import annotations

from tests.conftest import new_id
from tests.helpers import assert_envelope, draft_body

API = "/api/v1"


def test_unknown_route_is_json_404(client):
    assert_envelope(client.get("/api/v1/nowhere"), 404)
    assert_envelope(client.get("/favicon.ico"), 404)


def test_wrong_method_is_json_405_with_allow(client):
    response = client.delete(f"{API}/healthz")
    assert_envelope(response, 405)
    assert "GET" in response.headers["Allow"]


def test_malformed_json_is_400(client, bureau_h):
    response = client.post(
        f"{API}/institutions",
        data=b'{"name": ',
        headers={**bureau_h, "Content-Type": "application/json"},
    )
    assert_envelope(response, 400)


def test_json_of_the_wrong_shape_is_422(client, inspector_h, institution):
    response = client.put(
        f"{API}/inspections/{new_id()}/answers", json={"a": 1}, headers=inspector_h
    )
    assert response.status_code in (404, 422)
    response = client.put(f"{API}/inspections/{new_id()}", json=[1, 2], headers=inspector_h)
    assert_envelope(response, 422)


def test_body_over_the_limit_is_413_and_writes_nothing(app, client, inspector_h, institution):
    body = draft_body(institution.id)
    body["location"] = {"lat": 31.0, "lon": 121.0, "accuracy_m": 5.0}
    padding = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    inspection_id = new_id()
    response = client.put(
        f"{API}/inspections/{inspection_id}",
        data=f'{{"pad": "{padding}"}}',
        headers={**inspector_h, "Content-Type": "application/json"},
    )
    assert_envelope(response, 413)
    assert client.get(f"{API}/inspections/{inspection_id}", headers=inspector_h).status_code == 404


def test_nul_characters_are_refused_not_a_server_error(client, bureau_h, inspector_h, institution):
    inspection_id = new_id()
    client.put(
        f"{API}/inspections/{inspection_id}", json=draft_body(institution.id), headers=inspector_h
    )
    answers = [{"checklist": "fire", "item_code": "F-01", "result": "fail", "note": "a\x00b"}]
    response = client.put(
        f"{API}/inspections/{inspection_id}/answers", json=answers, headers=inspector_h
    )
    assert_envelope(response, 422)
    response = client.get(f"{API}/institutions?q=a%00b", headers=bureau_h)
    assert_envelope(response, 422)


def test_errors_carry_chinese_first_messages(client):
    response = client.get(f"{API}/me")
    assert_envelope(response, 401)
    assert response.json["message"][0] >= "\u4e00"


def test_a_query_parameter_the_operation_does_not_declare_is_422(client, bureau_h, institution):
    """``?=false`` or a misspelt filter is refused, as unknown body fields are: a typo must
    not pass silently as "no filter"."""
    for url in (
        "/api/v1/institutions?=false",
        "/api/v1/hazards?status=open&=1",
        "/api/v1/me?=",
        "/api/v1/users?page=1&rol=manager",
        "/api/v1/institutions?streeet=泗泾镇",
    ):
        answer = client.get(url, headers=bureau_h)
        assert answer.status_code == 422, url
        assert_envelope(answer, 422)
        assert "query" in answer.json["errors"]
    assert "streeet" in answer.json["errors"]["query"]
    for url in (
        "/api/v1/institutions?street=泗泾镇&page=1&page_size=5",
        "/api/v1/users?role=manager",
    ):
        assert client.get(url, headers=bureau_h).status_code == 200, url
    # Authentication comes first, as for every other refusal.
    assert client.get("/api/v1/institutions?=false").status_code == 401
