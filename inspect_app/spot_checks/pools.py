"""The two pools (一单两库): inspectors' unavailability and declared conflicts, and the
import and export of both pools as CSV or XLSX with Chinese headers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from inspect_app import sheets
from inspect_app.accounts.changes import set_active
from inspect_app.accounts.models import User
from inspect_app.errors import Conflict, InvalidInput, NotFound
from inspect_app.extensions import db
from inspect_app.institutions.models import INSTITUTION_STATUSES, RISK_LEVELS, Institution
from inspect_app.principal import Department, Principal, Role
from inspect_app.spot_checks import policy, pool_files
from inspect_app.spot_checks.models import InspectorConflict, InspectorUnavailability
from inspect_app.text import text_fault

FORMATS = ("csv", "xlsx")
INSTITUTION_COLUMNS = (
    ("id", "编号"),
    ("name", "机构名称"),
    ("credit_code", "统一社会信用代码"),
    ("street", "街道"),
    ("status", "经营状态"),
    ("risk_level", "风险等级"),
)
INSPECTOR_COLUMNS = (
    ("id", "编号"),
    ("username", "用户名"),
    ("display_name", "姓名"),
    ("department", "部门"),
    ("enforcement_cert_no", "执法证号"),
    ("active", "在岗"),
)
STATUS_LABELS = {"operating": "在营", "suspended": "停业", "closed": "注销"}


def _inspector(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.INSPECTOR:
        raise NotFound("检查人员不存在 / No such inspector")
    return user


def add_unavailability(
    principal: Principal, user_id: int, starts_on: date, ends_on: date, reason: str
) -> InspectorUnavailability:
    policy.require_planner(principal)
    _inspector(user_id)
    if starts_on > ends_on:
        raise InvalidInput(errors={"to": ["结束日期早于开始日期 / Ends before it starts"]})
    period = InspectorUnavailability(
        user_id=user_id, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    db.session.add(period)
    db.session.flush()
    return period


def add_conflict(
    principal: Principal, user_id: int, institution_id: int, reason: str
) -> tuple[InspectorConflict, bool]:
    """Declare a conflict; declaring it again answers the first (created = False)."""
    policy.require_planner(principal)
    _inspector(user_id)
    if db.session.get(Institution, institution_id) is None:
        raise InvalidInput(errors={"institution_id": ["机构不存在 / No such institution"]})
    existing = db.session.scalar(
        select(InspectorConflict).where(
            InspectorConflict.user_id == user_id,
            InspectorConflict.institution_id == institution_id,
        )
    )
    if existing is not None:
        return existing, False
    conflict = InspectorConflict(user_id=user_id, institution_id=institution_id, reason=reason)
    db.session.add(conflict)
    db.session.flush()
    return conflict, True


# -- import and export -----------------------------------------------------------------


def _table(rows: list[list], fmt: str) -> bytes:
    """A pool as CSV or XLSX, through the system's one cell writer (never a formula)."""
    return sheets.csv_bytes(rows) if fmt == "csv" else sheets.xlsx_bytes(rows)


def _read(data: bytes, fmt: str) -> list[dict[str, str]]:
    return pool_files.read_rows(data, fmt)


def export_institutions(principal: Principal, fmt: str) -> bytes:
    policy.require_planner(principal)
    rows: list[list] = [[label for _, label in INSTITUTION_COLUMNS]]
    for i in db.session.scalars(select(Institution).order_by(Institution.id)):
        rows.append([i.id, i.name, i.credit_code, i.street, STATUS_LABELS[i.status], i.risk_level])
    return _table(rows, fmt)


def export_inspectors(principal: Principal, fmt: str) -> bytes:
    policy.require_planner(principal)
    rows: list[list] = [[label for _, label in INSPECTOR_COLUMNS]]
    query = select(User).where(User.role == Role.INSPECTOR).order_by(User.id)
    for u in db.session.scalars(query):
        rows.append(
            [
                u.id,
                u.username,
                u.display_name,
                Department(u.department).label if u.department else "",
                u.enforcement_cert_no or "",
                "是" if u.is_active else "否",
            ]
        )
    return _table(rows, fmt)


def import_institutions(principal: Principal, data: bytes, fmt: str) -> int:
    """Set status and risk level of listed institutions, matched by credit code."""
    policy.require_planner(principal)
    statuses = {**{v: k for k, v in STATUS_LABELS.items()}, **{s: s for s in INSTITUTION_STATUSES}}
    errors: dict[str, list[str]] = {}
    updates = []
    for number, row in enumerate(_read(data, fmt), start=2):
        code = row.get("统一社会信用代码", "").upper()
        institution = db.session.scalar(select(Institution).where(Institution.credit_code == code))
        status = statuses.get(row.get("经营状态", ""))
        risk = row.get("风险等级", "").upper()
        if institution is None:
            errors[f"row {number}"] = ["机构不存在 / No institution with this credit code"]
        elif status is None or risk not in RISK_LEVELS:
            errors[f"row {number}"] = ["经营状态或风险等级无效 / Invalid status or risk level"]
        else:
            updates.append((institution, status, risk))
    if errors:
        raise InvalidInput(errors=errors)
    for institution, status, risk in updates:
        institution.status, institution.risk_level = status, risk
    db.session.flush()
    return len(updates)


ACTIVE_VALUES = {"是": True, "否": False, "yes": True, "no": False}
CERT_MAX = 32  # the API's limit (and the column's)


def _inspector_row(row: dict[str, str]) -> tuple[str | None, bool, list[str]]:
    """(certificate number, active, faults) of one row: the API's rules, and a strict
    是/否 (an unknown or blank value is a fault, never "active")."""
    faults = []
    cert = row.get("执法证号", "") or None
    if cert is not None:
        if len(cert) > CERT_MAX:
            faults.append(f"执法证号超过 {CERT_MAX} 个字符 / Certificate number over {CERT_MAX}")
        elif fault := text_fault(cert):
            faults.append(f"执法证号: {fault}")
    active = ACTIVE_VALUES.get(row.get("在岗", "").lower())
    if active is None:
        faults.append("在岗须为“是”或“否” / 在岗 must be 是 (yes) or 否 (no)")
    return cert, bool(active), faults


def import_inspectors(principal: Principal, data: bytes, fmt: str) -> int:
    """Set enforcement certificate numbers and active flags, matched by username.
    Deactivating ends the inspector's sessions, as through the API (an account event)."""
    policy.require_planner(principal)
    errors: dict[str, list[str]] = {}
    updates = []
    for number, row in enumerate(_read(data, fmt), start=2):
        user = db.session.scalar(select(User).where(User.username == row.get("用户名", "")))
        if user is None or user.role != Role.INSPECTOR:
            errors[f"row {number}"] = ["检查人员不存在 / No inspector with this username"]
            continue
        cert, active, faults = _inspector_row(row)
        if faults:
            errors[f"row {number}"] = faults
            continue
        updates.append((user, cert, active))
    if errors:
        raise InvalidInput(errors=errors)
    seen = {u.id for u, _, _ in updates}
    if len(seen) != len(updates):
        raise Conflict("文件中有重复的用户名 / A username appears twice")
    for user, cert, active in updates:
        user.enforcement_cert_no = cert
        set_active(principal, user, active)
    db.session.flush()
    return len(updates)
