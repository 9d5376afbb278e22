"""Changes to an account that end sessions, each recorded as an account event (audit):
a user changing their own password, the bureau resetting one, deactivation and
reactivation (and the rules that keep the bureau able to act at all)."""

from __future__ import annotations

from sqlalchemy import select

from inspect_app.accounts import passwords, policy
from inspect_app.accounts.models import AccountEvent, User
from inspect_app.accounts.tokens import end_sessions
from inspect_app.errors import Conflict, InvalidInput, NotFound
from inspect_app.extensions import db
from inspect_app.principal import Principal, Role


def _record(user: User, type_: str, principal: Principal, sessions_ended: int) -> None:
    db.session.add(
        AccountEvent(
            user_id=user.id,
            type=type_,
            actor_id=principal.user_id,
            sessions_ended=sessions_ended,
        )
    )


def _new_password_faults(user: User, new_password: str) -> None:
    if faults := passwords.password_faults(new_password, user.username):
        raise InvalidInput(errors={"new_password": faults})


def change_own_password(
    principal: Principal, old_password: str, new_password: str, current_token: str
) -> User:
    """The caller's own password: the old one is required; every other session ends (the
    caller's own token stays), and a change the bureau required is done."""
    user = db.session.get(User, principal.id)
    if user is None:
        raise NotFound("用户不存在 / User not found")
    if not passwords.password_matches(user.password_hash, old_password):
        raise InvalidInput(errors={"old_password": ["原密码不正确 / The old password is wrong"]})
    if passwords.password_matches(user.password_hash, new_password):
        raise InvalidInput(
            errors={"new_password": ["新密码不能与原密码相同 / Must differ from the old one"]}
        )
    _new_password_faults(user, new_password)
    user.password_hash = passwords.hash_password(new_password)
    user.password_change_required = False
    ended = end_sessions(user.id, keep_token=current_token)
    _record(user, "password_changed", principal, ended)
    db.session.flush()
    return user


def reset_password(principal: Principal, user_id: int, new_password: str) -> User:
    """The bureau sets a new password: every session of the user ends, and the user must
    change it at the next login (until then their token may only change the password)."""
    policy.require_user_admin(principal)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("用户不存在 / User not found")
    _new_password_faults(user, new_password)
    user.password_hash = passwords.hash_password(new_password)
    user.password_change_required = user.id != principal.id
    ended = end_sessions(user.id)
    _record(user, "password_reset", principal, ended)
    db.session.flush()
    return user


def set_active(principal: Principal, user: User, active: bool) -> None:
    """Deactivate (every session ends: reactivating brings none back) or reactivate.

    A bureau officer cannot deactivate themselves, nor the last active bureau account:
    someone must always be able to administer the system."""
    if active == user.is_active:
        return
    if not active:
        if user.id == principal.id:
            raise Conflict("不能停用自己的账号 / You cannot deactivate your own account")
        if user.role == Role.BUREAU:
            active_bureau = db.session.scalars(
                select(User.id)
                .where(User.role == Role.BUREAU, User.is_active.is_(True))
                .with_for_update()
            ).all()
            if set(active_bureau) <= {user.id}:
                raise Conflict(
                    "不能停用最后一个启用的区民政局账号 / "
                    "Cannot deactivate the last active bureau account"
                )
    user.is_active = active
    ended = 0 if active else end_sessions(user.id)
    _record(user, "reactivated" if active else "deactivated", principal, ended)
