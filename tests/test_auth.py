"""Login, logout, bearer tokens, throttling and the create-user command, through HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from inspect_app.accounts.tokens import token_digest
from inspect_app.extensions import db
from inspect_app.models import AuthToken, LoginFailure, User
from tests.conftest import PASSWORD
from tests.helpers import assert_envelope

LOGIN = "/api/v1/auth/login"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/me"


def login(client, username, password=PASSWORD, address="127.0.0.1"):
    return client.post(
        LOGIN,
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# --- login ------------------------------------------------------------------------------


def test_login_returns_token_expiry_and_user(client, inspector):
    response = login(client, "inspector")
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"token", "expires_at", "user"}
    assert isinstance(body["token"], str) and len(body["token"]) >= 32
    assert body["user"] == {
        "id": inspector.id,
        "username": "inspector",
        "display_name": inspector.display_name,
        "role": "inspector",
        "department": "fire",
        "institution_id": None,
        "enforcement_cert_no": inspector.enforcement_cert_no,
        "active": True,
        "password_change_required": False,
        "street": None,
    }
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert expires_at.utcoffset() is not None


def test_login_token_expires_after_default_twelve_hours(client, inspector):
    before = datetime.now(UTC)
    body = login(client, "inspector").json
    after = datetime.now(UTC)
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert before + timedelta(hours=12) <= expires_at <= after + timedelta(hours=12)


def test_login_token_ttl_follows_config(app, client, inspector):
    app.config["TOKEN_TTL_HOURS"] = 2
    before = datetime.now(UTC)
    body = login(client, "inspector").json
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert before + timedelta(hours=2) <= expires_at <= datetime.now(UTC) + timedelta(hours=2)


def test_login_token_works_on_me(client, manager):
    token = login(client, "manager").json["token"]
    response = client.get(ME, headers=bearer(token))
    assert response.status_code == 200
    assert response.json == {
        "id": manager.id,
        "username": "manager",
        "display_name": manager.display_name,
        "role": "manager",
        "department": None,
        "institution_id": manager.institution_id,
        "password_change_required": False,
        "street": None,
    }


def test_each_login_issues_a_distinct_working_token(client, bureau):
    first = login(client, "bureau").json["token"]
    second = login(client, "bureau").json["token"]
    assert first != second
    assert client.get(ME, headers=bearer(first)).status_code == 200
    assert client.get(ME, headers=bearer(second)).status_code == 200


def test_wrong_password_and_unknown_user_give_the_same_401(client, inspector):
    wrong_password = login(client, "inspector", "not the password")
    unknown_user = login(client, "nobody", PASSWORD)
    body = assert_envelope(wrong_password, 401)
    assert assert_envelope(unknown_user, 401) == body
    assert "token" not in body


def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user("bureau", is_active=False)
    response = login(client, user.username)
    assert_envelope(response, 401)
    assert response.json == login(client, "nobody-at-all").json


def test_deactivated_user_token_stops_working(client, inspector, inspector_h):
    assert client.get(ME, headers=inspector_h).status_code == 200
    inspector.is_active = False
    db.session.commit()
    assert_envelope(client.get(ME, headers=inspector_h), 401)


def test_password_is_stored_as_argon2_hash(client, bureau_h):
    response = client.post(
        "/api/v1/users",
        headers=bureau_h,
        json={
            "username": "newbie",
            "password": "a long secret",
            "display_name": "新人",
            "role": "bureau",
        },
    )
    assert response.status_code == 201
    stored = db.session.scalar(select(User.password_hash).where(User.username == "newbie"))
    assert stored.startswith("$argon2")
    assert "a long secret" not in stored


def test_tokens_are_stored_hashed(client, inspector):
    token = login(client, "inspector").json["token"]
    rows = db.session.execute(select(AuthToken.token_hash)).scalars().all()
    assert token not in rows
    assert token_digest(token) in rows
    assert all(token not in row for row in rows)


# --- logout and token validity ----------------------------------------------------------


def test_logout_answers_204_and_the_token_then_gives_401(client, inspector):
    token = login(client, "inspector").json["token"]
    response = client.post(LOGOUT, headers=bearer(token))
    assert response.status_code == 204
    assert response.get_data() == b""
    assert_envelope(client.get(ME, headers=bearer(token)), 401)
    assert_envelope(client.post(LOGOUT, headers=bearer(token)), 401)


def test_logout_revokes_only_the_token_used(client, inspector):
    phone = login(client, "inspector").json["token"]
    laptop = login(client, "inspector").json["token"]
    assert client.post(LOGOUT, headers=bearer(phone)).status_code == 204
    assert client.get(ME, headers=bearer(laptop)).status_code == 200


def test_logout_without_token_is_401(client):
    assert_envelope(client.post(LOGOUT), 401)


def test_expired_token_is_401(client, inspector, token_for):
    headers = token_for(inspector, ttl=timedelta(seconds=-1))
    assert_envelope(client.get(ME, headers=headers), 401)


def test_token_stops_working_when_its_time_runs_out(client, inspector):
    token = login(client, "inspector").json["token"]
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=11, minutes=59), tick=False):
        assert client.get(ME, headers=bearer(token)).status_code == 200
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=12, minutes=1), tick=False):
        assert_envelope(client.get(ME, headers=bearer(token)), 401)


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer garbage-token",
        "Token abc",
        "Basic YnVyZWF1OmNvcnJlY3QgaG9yc2UgYmF0dGVyeQ==",
    ],
    ids=["missing", "empty", "bearer-no-token", "bearer-blank", "garbage", "other-scheme", "basic"],
)
def test_missing_or_bad_authorization_is_401_json(client, bureau, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get(ME, headers=headers)
    body = assert_envelope(response, 401)
    assert body["status"] == "Unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_basic_auth_with_right_password_is_still_401(client, bureau):
    response = client.get(ME, auth=("bureau", PASSWORD))
    assert_envelope(response, 401)


def test_bearer_scheme_is_case_insensitive(client, inspector):
    token = login(client, "inspector").json["token"]
    assert client.get(ME, headers={"Authorization": f"bearer {token}"}).status_code == 200


# --- throttling -------------------------------------------------------------------------


def test_login_is_refused_429_after_max_failures_for_one_username(app, client, inspector):
    limit = app.config["LOGIN_MAX_FAILURES"]
    assert limit == 5
    for _ in range(limit):
        assert login(client, "inspector", "wrong password").status_code == 401
    response = login(client, "inspector", PASSWORD)
    body = assert_envelope(response, 429)
    assert "token" not in body
    assert int(response.headers["Retry-After"]) > 0


def test_a_flood_against_one_username_never_locks_out_the_right_user_elsewhere(app, client, bureau):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit * 3):
        login(client, "bureau", "wrong guess", address="203.0.113.66")
    assert login(client, "bureau", "wrong guess", address="203.0.113.66").status_code == 429
    assert login(client, "bureau", PASSWORD, address="10.0.1.1").status_code == 200


def test_the_locked_pair_backs_off_longer_after_each_further_failure(app, client, inspector):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        login(client, "inspector", "wrong")
    first = int(login(client, "inspector", PASSWORD).headers["Retry-After"])
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=first + 1), tick=False):
        assert login(client, "inspector", "wrong").status_code == 401  # one more try, wrong
        second = int(login(client, "inspector", PASSWORD).headers["Retry-After"])
    assert second > first


def test_failures_below_the_limit_still_allow_login(app, client, inspector):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        assert login(client, "inspector", "wrong").status_code == 401
    assert login(client, "inspector").status_code == 200


def test_login_max_failures_follows_config(app, client, inspector):
    app.config["LOGIN_MAX_FAILURES"] = 2
    for _ in range(2):
        assert login(client, "inspector", "wrong").status_code == 401
    assert login(client, "inspector").status_code == 429


def test_failures_from_one_address_across_usernames_are_throttled(app, client, make_user):
    victim = make_user("inspector")
    assert app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] > 5 * app.config["LOGIN_MAX_FAILURES"]
    limit = app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 12  # fewer attempts, same rule
    for n in range(limit):
        assert login(client, f"guess{n}", "wrong", address="203.0.113.7").status_code == 401
    response = login(client, victim.username, PASSWORD, address="203.0.113.7")
    assert_envelope(response, 429)
    assert "Retry-After" in response.headers
    # Another address is not affected.
    assert login(client, victim.username, PASSWORD, address="198.51.100.1").status_code == 200


def test_successful_login_clears_failures_for_that_username(app, client, inspector):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit - 1):
        assert login(client, "inspector", "wrong").status_code == 401
    assert login(client, "inspector").status_code == 200
    for _ in range(limit - 1):
        assert login(client, "inspector", "wrong").status_code == 401
    assert login(client, "inspector").status_code == 200
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(LoginFailure)
            .where(LoginFailure.username == "inspector")
        )
        == 0
    )


def test_refused_attempts_do_not_extend_the_lockout(app, client, inspector):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        login(client, "inspector", "wrong")
    for _ in range(3):
        assert login(client, "inspector", "wrong").status_code == 429
    assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == limit


def test_lockout_ends_when_the_failure_window_moves_on(app, client, inspector):
    limit = app.config["LOGIN_MAX_FAILURES"]
    window = timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    for _ in range(limit):
        login(client, "inspector", "wrong")
    assert login(client, "inspector").status_code == 429
    with time_machine.travel(datetime.now(UTC) + window + timedelta(seconds=5), tick=False):
        assert login(client, "inspector").status_code == 200


def test_failed_login_for_overlong_unknown_username_is_422_not_500(client):
    response = login(client, "x" * 65, "whatever")
    body = assert_envelope(response, 422)
    assert "username" in body["errors"]["json"]


def test_login_with_nul_character_in_username_is_422_not_500(client, inspector):
    response = login(client, "inspector\u0000", PASSWORD)
    assert "username" in assert_envelope(response, 422)["errors"]["json"]


@pytest.mark.parametrize("field", ["username", "password"])
def test_login_with_lone_surrogate_is_422_not_500(client, inspector, field):
    body = {"username": '"inspector"', "password": f'"{PASSWORD}"'}
    body[field] = '"x\\ud800"'
    raw = "{" + ", ".join(f'"{k}": {v}' for k, v in body.items()) + "}"
    response = client.post(LOGIN, data=raw, content_type="application/json")
    assert field in assert_envelope(response, 422)["errors"]["json"]


# --- request validation -----------------------------------------------------------------


def test_malformed_json_body_is_400_json(client, inspector):
    response = client.post(
        LOGIN, data='{"username": "inspector", "password": ', content_type="application/json"
    )
    assert_envelope(response, 400)


@pytest.mark.parametrize(
    "body, field",
    [
        ({"username": 123, "password": PASSWORD}, "username"),
        ({"username": "inspector", "password": ["x"]}, "password"),
        ({"username": "inspector"}, "password"),
        ({"password": PASSWORD}, "username"),
        ({"username": "", "password": PASSWORD}, "username"),
        ({"username": None, "password": PASSWORD}, "username"),
    ],
    ids=["username-int", "password-list", "no-password", "no-username", "empty", "null"],
)
def test_login_with_wrong_types_or_missing_fields_is_422_naming_the_field(
    client, inspector, body, field
):
    response = client.post(LOGIN, json=body)
    errors = assert_envelope(response, 422)["errors"]
    assert field in errors["json"]


def test_login_with_unknown_field_is_422(client, inspector):
    response = client.post(
        LOGIN, json={"username": "inspector", "password": PASSWORD, "remember": True}
    )
    errors = assert_envelope(response, 422)["errors"]
    assert "remember" in errors["json"]


def test_login_with_json_array_body_is_422(client, inspector):
    response = client.post(LOGIN, json=[{"username": "inspector", "password": PASSWORD}])
    assert_envelope(response, 422)


def test_validation_errors_are_not_counted_as_failed_logins(client, inspector):
    for _ in range(10):
        client.post(LOGIN, json={"username": "inspector", "password": 1})
    assert login(client, "inspector").status_code == 200


def test_login_with_get_is_405_json(client):
    response = client.get(LOGIN)
    assert_envelope(response, 405)
    assert "POST" in response.headers["Allow"]


# --- flask create-user ------------------------------------------------------------------


def test_cli_create_user_creates_a_user_who_can_log_in(runner, client):
    result = runner.invoke(
        args=[
            "create-user",
            "--username",
            "zhang",
            "--password",
            "s3cret-passphrase",
            "--role",
            "inspector",
            "--department",
            "fire",
            "--display-name",
            "张检查",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "zhang" in result.output
    response = login(client, "zhang", "s3cret-passphrase")
    assert response.status_code == 200
    assert response.json["user"]["display_name"] == "张检查"
    assert response.json["user"]["department"] == "fire"
    stored = db.session.scalar(select(User.password_hash).where(User.username == "zhang"))
    assert stored.startswith("$argon2")


def test_cli_create_manager_with_institution(runner, client, institution):
    result = runner.invoke(
        args=[
            "create-user",
            "--username",
            "li",
            "--password",
            "s3cret-passphrase",
            "--role",
            "manager",
            "--institution-id",
            str(institution.id),
        ]
    )
    assert result.exit_code == 0, result.output
    assert login(client, "li", "s3cret-passphrase").json["user"]["institution_id"] == institution.id


def test_cli_create_manager_without_institution_fails_clearly(runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--username",
            "li",
            "--password",
            "s3cret-passphrase",
            "--role",
            "manager",
        ]
    )
    assert result.exit_code != 0
    assert "institution_id" in result.output
    assert "manager" in result.output.lower()
    assert db.session.scalar(select(User).where(User.username == "li")) is None


@pytest.mark.parametrize("institution_id", ["4242", "0", "99999999999999999999"])
def test_cli_create_manager_with_unknown_institution_fails_clearly(
    runner, institution, institution_id
):
    result = runner.invoke(
        args=[
            "create-user",
            "--username",
            "li",
            "--password",
            "s3cret-passphrase",
            "--role",
            "manager",
            "--institution-id",
            institution_id,
        ]
    )
    assert result.exit_code == 1, result.output
    assert "institution_id" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_create_inspector_without_department_fails_clearly(runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--username",
            "wang",
            "--password",
            "s3cret-passphrase",
            "--role",
            "inspector",
        ]
    )
    assert result.exit_code != 0
    assert "department" in result.output


def test_cli_create_user_with_duplicate_username_fails(runner, bureau):
    result = runner.invoke(
        args=[
            "create-user",
            "--username",
            "bureau",
            "--password",
            "s3cret-passphrase",
            "--role",
            "bureau",
        ]
    )
    assert result.exit_code != 0
    assert "taken" in result.output.lower() or "已存在" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_cli_create_user_with_short_password_fails(runner):
    result = runner.invoke(
        args=["create-user", "--username", "zhao", "--password", "short", "--role", "bureau"]
    )
    assert result.exit_code != 0
    assert "password" in result.output.lower()


def test_cli_create_user_with_unknown_role_fails(runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--username",
            "zhao",
            "--password",
            "s3cret-passphrase",
            "--role",
            "admin",
        ]
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(User).where(User.username == "zhao")) is None
