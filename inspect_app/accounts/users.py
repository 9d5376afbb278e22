"""Creating and listing users; who may see which user."""

from __future__ import annotations

from typing import TypedDict

from flask import current_app
from sqlalchemy import Select, select

from inspect_app.accounts import passwords, policy, usernames
from inspect_app.accounts.changes import set_active
from inspect_app.accounts.models import User
from inspect_app.accounts.passwords import hash_password
from inspect_app.db import MAX_ID
from inspect_app.errors import Conflict, InvalidInput, NotFound
from inspect_app.extensions import db
from inspect_app.institutions.models import Institution
from inspect_app.principal import STAFF_DEPARTMENTS, Department, Principal, Role

# Who may be named an inspection's officer: inspectors, bureau and street officers.
OFFICER_ROLES = (Role.INSPECTOR, Role.BUREAU, Role.STREET)


def create_user(
    principal: Principal,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str | None = None,
    department: str | None = None,
    institution_id: int | None = None,
    enforcement_cert_no: str | None = None,
    street: str | None = None,
) -> User:
    """Create a user after checking the role's requirements (422) and uniqueness (409)."""
    policy.require_user_admin(principal)
    errors: dict[str, list[str]] = {}
    if role not in list(Role):
        errors["role"] = [f"角色必须是 {', '.join(Role)} 之一 / Must be one of {', '.join(Role)}"]
    if department is not None and department not in STAFF_DEPARTMENTS:
        errors["department"] = [
            f"部门必须是 {', '.join(STAFF_DEPARTMENTS)} 之一 / Unknown department"
        ]
    if role == Role.INSPECTOR and not department:
        errors["department"] = ["检查员必须属于一个部门 / An inspector needs a department"]
    if role == Role.STREET:
        # A street's civil affairs office: civil affairs, of one known street.
        if department not in (None, Department.CIVIL_AFFAIRS):
            errors["department"] = ["街镇人员属于民政 / A street officer is civil affairs"]
        department = Department.CIVIL_AFFAIRS
        if not street:
            errors["street"] = ["街镇人员必须指定街镇 / A street officer needs a street"]
        elif not _known_street(street):
            errors["street"] = ["无此街镇 / Unknown street"]
    elif street is not None:
        errors["street"] = ["只有街镇人员属于街镇 / Only street officers belong to a street"]
    if role == Role.MANAGER:
        if institution_id is None:
            errors["institution_id"] = [
                "机构管理员必须关联机构 / A manager needs an institution_id"
            ]
        elif (
            not 1 <= institution_id <= MAX_ID or db.session.get(Institution, institution_id) is None
        ):
            errors["institution_id"] = ["机构不存在 / No such institution"]
    elif institution_id is not None:
        errors["institution_id"] = [
            "只有机构管理员关联机构 / Only managers belong to an institution"
        ]
    if faults := usernames.username_faults(username):
        errors["username"] = faults
    username = usernames.normalise(username)
    if faults := passwords.password_faults(password, username):
        errors["password"] = faults
    if errors:
        raise InvalidInput(errors=errors)
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict("用户名已存在 / Username already taken", {"username": ["taken"]})
    user = User(
        username=username,
        password_hash=hash_password(password),
        display_name=display_name or username,
        role=role,
        department=department,
        institution_id=institution_id if role == Role.MANAGER else None,
        enforcement_cert_no=(enforcement_cert_no or "").strip() or None,
        street=street if role == Role.STREET else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def _known_street(street: str) -> bool:
    """One of the district's streets (``STREETS``)."""
    return street in current_app.config["STREETS"]


class UserChanges(TypedDict, total=False):
    """A user's edit, as ``UserPatchSchema`` loads it: only the fields given change."""

    display_name: str
    department: str | None
    enforcement_cert_no: str | None
    active: bool


def update_user(principal: Principal, user_id: int, changes: UserChanges) -> User:
    """Change a user's display name, department, enforcement certificate or active flag."""
    policy.require_user_admin(principal)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("用户不存在 / User not found")
    if "department" in changes:
        department = changes["department"]
        if department is not None and department not in STAFF_DEPARTMENTS:
            raise InvalidInput(errors={"department": ["未知部门 / Unknown department"]})
        if user.role == Role.INSPECTOR and not department:
            raise InvalidInput(
                errors={"department": ["检查员必须属于一个部门 / An inspector needs a department"]}
            )
        user.department = department
    if "display_name" in changes:
        user.display_name = changes["display_name"]
    if "enforcement_cert_no" in changes:
        user.enforcement_cert_no = (changes["enforcement_cert_no"] or "").strip() or None
    if "active" in changes:
        set_active(principal, user, bool(changes["active"]))
    db.session.flush()
    return user


def list_users(principal: Principal, role: str | None = None) -> Select[User]:
    policy.require_user_admin(principal)
    query = select(User).order_by(User.id)
    if role:
        query = query.where(User.role == role)
    return query


def list_officers(principal: Principal) -> Select[User]:
    """The active inspectors, bureau and street officers an inspection may name as its officers
    (``assignee_ids``), by department and name."""
    policy.require_officer_listing(principal)
    return (
        select(User)
        .where(User.role.in_(OFFICER_ROLES), User.is_active.is_(True))
        .order_by(User.department, User.display_name, User.id)
    )
