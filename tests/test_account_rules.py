"""Passwords per NIST SP 800-63B (length, no common ones, no composition rules) and
usernames that cannot impersonate each other (NFKC, case-folded, no control characters)."""

from __future__ import annotations

import pytest

from tests.helpers import assert_envelope

USERS = "/api/v1/users"


def new_user(username: str, password: str = "a sensible passphrase") -> dict:
    return {"username": username, "password": password, "role": "bureau", "display_name": "测试"}


@pytest.mark.parametrize(
    "password",
    ["12345678", "password", " " * 8, " " * 12, "short pass", "123456789012", "qwertyuiopas"],
)
def test_weak_passwords_are_refused(client, bureau_h, password):
    body = assert_envelope(
        client.post(USERS, json=new_user("someone", password), headers=bureau_h), 422
    )
    assert "password" in body["errors"]


def test_a_long_uncommon_password_needs_no_digits_or_symbols(client, bureau_h):
    response = client.post(
        USERS, json=new_user("li.ming", "绿水青山就是金山银山，冬暖夏凉"), headers=bureau_h
    )
    assert response.status_code == 201, response.json


@pytest.mark.parametrize("lookalike", ["BUREAU", "Bureau", "ｂｕｒｅａｕ"])
def test_usernames_equal_after_normalising_are_taken(client, bureau, bureau_h, lookalike):
    assert_envelope(client.post(USERS, json=new_user(lookalike), headers=bureau_h), 409)


@pytest.mark.parametrize(
    "bad", [" admin", "bureau ", "ad min", "admin\u202e", "ad\u200bmin", "tab\tname", "nul\x01"]
)
def test_usernames_with_spaces_control_or_bidi_characters_are_refused(client, bureau_h, bad):
    assert_envelope(client.post(USERS, json=new_user(bad), headers=bureau_h), 422)


def test_username_is_stored_normalised_and_logs_in_either_way(client, bureau_h):
    created = client.post(USERS, json=new_user("Wang.Fang"), headers=bureau_h)
    assert created.status_code == 201 and created.json["username"] == "wang.fang"
    for typed in ("wang.fang", "WANG.FANG", "ｗａｎｇ.ｆａｎｇ"):
        login = client.post(
            "/api/v1/auth/login", json={"username": typed, "password": "a sensible passphrase"}
        )
        assert login.status_code == 200, typed
