"""Creating and listing users (bureau only), through HTTP."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.models import User
from tests.helpers import assert_envelope

USERS = "/api/v1/users"


def user_body(**overrides) -> dict:
    body = {
        "username": "wang.inspector",
        "password": "a-long-password",
        "display_name": "王检查员",
        "role": "inspector",
        "department": "fire",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def field_errors(response) -> dict:
    """Field errors, whether from schema validation (under ``json``) or from the service."""
    body = assert_envelope(response, 422)
    errors = body["errors"]
    return errors.get("json", errors)


# --- POST /users ------------------------------------------------------------------------


def test_bureau_creates_inspector_201_without_password_in_answer(client, bureau_h):
    response = client.post(USERS, headers=bureau_h, json=user_body())
    assert response.status_code == 201
    body = response.json
    assert body == {
        "id": body["id"],
        "username": "wang.inspector",
        "display_name": "王检查员",
        "role": "inspector",
        "department": "fire",
        "institution_id": None,
        "enforcement_cert_no": None,
        "active": True,
        "password_change_required": False,
        "street": None,
    }
    assert isinstance(body["id"], int)
    raw = response.get_data(as_text=True)
    assert "password" not in body  # (only "password_change_required", a flag)
    assert "a-long-password" not in raw
    assert "$argon2" not in raw


def test_created_user_can_log_in(client, bureau_h):
    client.post(USERS, headers=bureau_h, json=user_body())
    response = client.post(
        "/api/v1/auth/login", json={"username": "wang.inspector", "password": "a-long-password"}
    )
    assert response.status_code == 200
    assert response.json["user"]["role"] == "inspector"


def test_bureau_creates_manager_of_an_institution(client, bureau_h, institution):
    response = client.post(
        USERS,
        headers=bureau_h,
        json=user_body(role="manager", department=..., institution_id=institution.id),
    )
    assert response.status_code == 201
    assert response.json["institution_id"] == institution.id
    assert response.json["role"] == "manager"


def test_bureau_creates_bureau_user_without_department(client, bureau_h):
    response = client.post(USERS, headers=bureau_h, json=user_body(role="bureau", department=...))
    assert response.status_code == 201
    assert response.json["department"] is None


def test_display_name_defaults_to_username(client, bureau_h):
    response = client.post(USERS, headers=bureau_h, json=user_body(display_name=...))
    assert response.status_code == 201
    assert response.json["display_name"] == "wang.inspector"


@pytest.mark.parametrize("role", ["inspector", "manager"])
def test_non_bureau_cannot_create_users(client, role, inspector_h, manager_h):
    headers = inspector_h if role == "inspector" else manager_h
    response = client.post(USERS, headers=headers, json=user_body())
    assert_envelope(response, 403)
    assert user_count() == 2  # the inspector and the manager, nobody new


def test_create_user_without_token_is_401(client, bureau):
    assert_envelope(client.post(USERS, json=user_body()), 401)
    assert user_count() == 1


def test_create_user_without_token_is_401_even_with_invalid_body(client):
    assert_envelope(client.post(USERS, json={"username": 5}), 401)


def test_manager_without_institution_is_422(client, bureau_h):
    response = client.post(USERS, headers=bureau_h, json=user_body(role="manager", department=...))
    assert "institution_id" in field_errors(response)
    assert user_count() == 1


def test_manager_with_null_institution_is_422(client, bureau_h):
    response = client.post(
        USERS, headers=bureau_h, json=user_body(role="manager", department=..., institution_id=None)
    )
    assert "institution_id" in field_errors(response)


def test_manager_with_unknown_institution_is_422(client, bureau_h, institution):
    response = client.post(
        USERS,
        headers=bureau_h,
        json=user_body(role="manager", department=..., institution_id=institution.id + 1000),
    )
    assert "institution_id" in field_errors(response)
    assert user_count() == 1


@pytest.mark.parametrize("institution_id", [0, -1, 2**31, 2**63, 10**30])
def test_manager_with_out_of_range_institution_id_is_422_not_500(client, bureau_h, institution_id):
    response = client.post(
        USERS,
        headers=bureau_h,
        json=user_body(role="manager", department=..., institution_id=institution_id),
    )
    assert "institution_id" in field_errors(response)


@pytest.mark.parametrize("department", [..., None])
def test_inspector_without_department_is_422(client, bureau_h, department):
    response = client.post(USERS, headers=bureau_h, json=user_body(department=department))
    assert "department" in field_errors(response)
    assert user_count() == 1


def test_unknown_department_is_422(client, bureau_h):
    response = client.post(USERS, headers=bureau_h, json=user_body(department="police"))
    assert "department" in field_errors(response)


@pytest.mark.parametrize("role", ["inspector", "bureau"])
def test_non_manager_with_institution_id_is_422(client, bureau_h, institution, role):
    response = client.post(
        USERS, headers=bureau_h, json=user_body(role=role, institution_id=institution.id)
    )
    assert "institution_id" in field_errors(response)
    assert user_count() == 1


def test_unknown_role_is_422(client, bureau_h):
    response = client.post(USERS, headers=bureau_h, json=user_body(role="admin"))
    assert "role" in field_errors(response)


def test_duplicate_username_is_409(client, bureau_h):
    assert client.post(USERS, headers=bureau_h, json=user_body()).status_code == 201
    response = client.post(
        USERS, headers=bureau_h, json=user_body(password="another-password", department="health")
    )
    body = assert_envelope(response, 409)
    assert "username" in body.get("errors", {}) or "用户名" in body["message"]
    assert db.session.scalar(select(User.department).where(User.username == "wang.inspector")) == (
        "fire"
    )


def test_replayed_create_user_gives_409_and_one_row(client, bureau_h):
    first = client.post(USERS, headers=bureau_h, json=user_body())
    second = client.post(USERS, headers=bureau_h, json=user_body())
    assert first.status_code == 201
    assert_envelope(second, 409)
    assert user_count() == 2  # the bureau officer and the new inspector


@pytest.mark.parametrize("password", ["", "short", "1234567"])
def test_short_password_is_422(client, bureau_h, password):
    response = client.post(USERS, headers=bureau_h, json=user_body(password=password))
    assert "password" in field_errors(response)
    assert user_count() == 1


def test_password_of_exactly_twelve_uncommon_characters_is_accepted(client, bureau_h):
    assert client.post(
        USERS, headers=bureau_h, json=user_body(password="tiger lily 7")
    ).status_code == (201)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"username": 123}, "username"),
        ({"username": ""}, "username"),
        ({"username": "u" * 65}, "username"),
        ({"username": "bad\u0000name"}, "username"),
        ({"display_name": "x" * 101}, "display_name"),
        ({"display_name": "名\u0000字"}, "display_name"),
        ({"password": 12345678}, "password"),
        ({"institution_id": "1"}, "institution_id"),
        ({"id": 7}, "id"),
        ({"is_active": False}, "is_active"),
        ({"password_hash": "$argon2id$..."}, "password_hash"),
    ],
    ids=[
        "username-int",
        "username-empty",
        "username-too-long",
        "username-nul",
        "display-name-too-long",
        "display-name-nul",
        "password-int",
        "institution-id-string",
        "id-given",
        "unknown-is-active",
        "unknown-password-hash",
    ],
)
def test_invalid_user_fields_are_422_naming_the_field(client, bureau_h, overrides, field):
    response = client.post(USERS, headers=bureau_h, json=user_body(**overrides))
    assert field in field_errors(response)
    assert user_count() == 1


@pytest.mark.parametrize("field", ["username", "display_name", "password"])
def test_lone_surrogate_in_user_text_is_422_not_500(client, bureau_h, field):
    body = json.dumps(user_body(**{field: "surrogate-here"}))
    body = body.replace("surrogate-here", "bad\\udc00text")
    response = client.post(USERS, headers=bureau_h, data=body, content_type="application/json")
    assert field in field_errors(response)
    assert user_count() == 1


@pytest.mark.parametrize("missing", ["username", "password", "role"])
def test_missing_required_user_field_is_422(client, bureau_h, missing):
    response = client.post(USERS, headers=bureau_h, json=user_body(**{missing: ...}))
    assert missing in field_errors(response)


def test_create_user_with_malformed_json_is_400(client, bureau_h):
    response = client.post(
        USERS, headers=bureau_h, data='{"username": "x",', content_type="application/json"
    )
    assert_envelope(response, 400)


# --- GET /users -------------------------------------------------------------------------


@pytest.fixture
def staff(make_user, institution, bureau):
    return {
        "inspectors": [make_user("inspector", department=d) for d in ("fire", "health", "fire")],
        "managers": [make_user("manager", institution_id=institution.id) for _ in range(2)],
    }


def test_list_users_by_role(client, bureau_h, staff):
    response = client.get(f"{USERS}?role=inspector", headers=bureau_h)
    assert response.status_code == 200
    assert [u["id"] for u in response.json] == [u.id for u in staff["inspectors"]]
    assert {u["role"] for u in response.json} == {"inspector"}
    assert all("password" not in u and "password_hash" not in u for u in response.json)

    managers = client.get(f"{USERS}?role=manager", headers=bureau_h).json
    assert [u["id"] for u in managers] == [u.id for u in staff["managers"]]


def test_list_users_without_filter_lists_everyone(client, bureau_h, staff):
    response = client.get(USERS, headers=bureau_h)
    assert response.status_code == 200
    assert len(response.json) == 6
    assert json.loads(response.headers["X-Pagination"])["total"] == 6


def test_list_users_with_unknown_role_is_422(client, bureau_h):
    response = client.get(f"{USERS}?role=admin", headers=bureau_h)
    assert "role" in assert_envelope(response, 422)["errors"]["query"]


def test_list_users_is_paginated_with_total_in_header(client, bureau_h, staff):
    response = client.get(f"{USERS}?role=inspector&page=1&page_size=2", headers=bureau_h)
    assert response.status_code == 200
    assert len(response.json) == 2
    pagination = json.loads(response.headers["X-Pagination"])
    assert pagination["total"] == 3
    assert pagination["page"] == 1
    second = client.get(f"{USERS}?role=inspector&page=2&page_size=2", headers=bureau_h)
    assert [u["id"] for u in response.json + second.json] == [u.id for u in staff["inspectors"]]


def test_list_users_page_past_the_end_is_empty(client, bureau_h, staff):
    response = client.get(f"{USERS}?page=50&page_size=10", headers=bureau_h)
    assert response.status_code == 200
    assert response.json == []


@pytest.mark.parametrize("page_size", [201, 0, -1, "many"])
def test_list_users_with_bad_page_size_is_422(client, bureau_h, page_size):
    response = client.get(f"{USERS}?page_size={page_size}", headers=bureau_h)
    assert "page_size" in assert_envelope(response, 422)["errors"]["query"]


def test_list_users_page_size_200_is_accepted(client, bureau_h):
    assert client.get(f"{USERS}?page_size=200", headers=bureau_h).status_code == 200


@pytest.mark.parametrize("role", ["inspector", "manager"])
def test_non_bureau_cannot_list_users(client, role, inspector_h, manager_h):
    headers = inspector_h if role == "inspector" else manager_h
    assert_envelope(client.get(USERS, headers=headers), 403)


def test_list_users_without_token_is_401(client):
    assert_envelope(client.get(USERS), 401)
