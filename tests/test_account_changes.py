"""Accounts: deactivation ends sessions for good, passwords are changed and reset (both
audited), and the bureau cannot lock itself out."""

from __future__ import annotations

from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.models import AccountEvent, User
from tests.conftest import PASSWORD

API = "/api/v1"
NEW = "violet lantern over the river"
RESET = "granite orchard beneath snow"


def login(client, username: str, password: str = PASSWORD):
    return client.post(f"{API}/auth/login", json={"username": username, "password": password})


def bearer(response) -> dict:
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def me(client, headers) -> int:
    return client.get(f"{API}/me", headers=headers).status_code


def events(user_id: int) -> list[tuple[str, int | None, int]]:
    return [
        (e.type, e.actor_id, e.sessions_ended)
        for e in db.session.scalars(
            select(AccountEvent).where(AccountEvent.user_id == user_id).order_by(AccountEvent.id)
        )
    ]


def test_tokens_issued_before_a_deactivation_stay_dead_after_reactivation(
    client, bureau, bureau_h, inspector
):
    old = bearer(login(client, inspector.username))
    assert me(client, old) == 200
    patch = f"{API}/users/{inspector.id}"
    assert client.patch(patch, json={"active": False}, headers=bureau_h).status_code == 200
    assert me(client, old) == 401
    assert client.patch(patch, json={"active": True}, headers=bureau_h).status_code == 200
    assert me(client, old) == 401  # not brought back
    assert me(client, bearer(login(client, inspector.username))) == 200
    assert events(inspector.id) == [("deactivated", bureau.id, 1), ("reactivated", bureau.id, 0)]


def test_a_user_changes_their_own_password_and_ends_their_other_sessions(client, inspector):
    here = bearer(login(client, inspector.username))
    elsewhere = bearer(login(client, inspector.username))
    url = f"{API}/me/password"
    wrong = client.post(url, json={"old_password": "nope", "new_password": NEW}, headers=here)
    assert wrong.status_code == 422 and "old_password" in wrong.json["errors"]
    weak = client.post(
        url, json={"old_password": PASSWORD, "new_password": "password1234"}, headers=here
    )
    assert weak.status_code == 422
    assert me(client, elsewhere) == 200  # nothing changed by refused attempts
    done = client.post(url, json={"old_password": PASSWORD, "new_password": NEW}, headers=here)
    assert done.status_code == 204
    assert me(client, here) == 200
    assert me(client, elsewhere) == 401
    assert login(client, inspector.username).status_code == 401
    assert login(client, inspector.username, NEW).status_code == 200
    assert events(inspector.id) == [("password_changed", inspector.id, 1)]
    assert client.post(url, json={"old_password": NEW, "new_password": NEW}).status_code == 401


def test_a_bureau_reset_ends_every_session_and_requires_a_change(
    client, bureau, bureau_h, manager, manager_h
):
    session = bearer(login(client, manager.username))
    reset = client.post(
        f"{API}/users/{manager.id}/password", json={"new_password": RESET}, headers=bureau_h
    )
    assert reset.status_code == 200
    assert reset.json["password_change_required"] is True
    assert me(client, session) == 401 and me(client, manager_h) == 401
    assert events(manager.id) == [("password_reset", bureau.id, 2)]

    fresh = bearer(login(client, manager.username, RESET))
    assert client.get(f"{API}/me", headers=fresh).json["password_change_required"] is True
    refused = client.get(f"{API}/hazards", headers=fresh)
    assert refused.status_code == 403 and "修改密码" in refused.json["message"]
    assert client.get(f"{API}/institutions", headers=fresh).status_code == 403
    changed = client.post(
        f"{API}/me/password", json={"old_password": RESET, "new_password": NEW}, headers=fresh
    )
    assert changed.status_code == 204
    assert client.get(f"{API}/hazards", headers=fresh).status_code == 200
    db.session.expire_all()
    assert db.session.get(User, manager.id).password_change_required is False


def test_only_the_bureau_resets_passwords(client, inspector_h, manager):
    url = f"{API}/users/{manager.id}/password"
    assert client.post(url, json={"new_password": RESET}, headers=inspector_h).status_code == 403
    assert client.post(url, json={"new_password": RESET}).status_code == 401


def test_the_bureau_cannot_deactivate_itself_or_its_last_active_account(
    client, bureau, bureau_h, make_user, token_for
):
    own = client.patch(f"{API}/users/{bureau.id}", json={"active": False}, headers=bureau_h)
    assert own.status_code == 409
    other = make_user("bureau")
    # Two active bureau accounts: one may deactivate the other, but then not be undone.
    assert (
        client.patch(
            f"{API}/users/{other.id}", json={"active": False}, headers=bureau_h
        ).status_code
        == 200
    )
    db.session.execute(User.__table__.update().where(User.id == other.id).values(is_active=True))
    db.session.execute(User.__table__.update().where(User.id == bureau.id).values(is_active=False))
    db.session.commit()
    # ``other`` is now the only active bureau account (its tokens ended; a new one).
    other_h = token_for(other)
    last = client.patch(f"{API}/users/{other.id}", json={"active": False}, headers=other_h)
    assert last.status_code == 409
    db.session.expire_all()
    assert db.session.get(User, other.id).is_active is True
