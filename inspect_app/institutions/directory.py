"""Institutions: validation of the unified social credit code, creation, scoped reads."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from sqlalchemy import Select, or_, select
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from inspect_app.errors import Conflict, InvalidInput, NotFound
from inspect_app.extensions import db
from inspect_app.institutions import policy
from inspect_app.institutions.models import FEATURES, Institution
from inspect_app.institutions.signals import street_changed
from inspect_app.principal import Principal

EDITABLE = (
    "name",
    "credit_code",
    "street",
    "address",
    "beds",
    "ownership",
    "features",
    "lat",
    "lon",
    "status",
    "risk_level",
)


def normalise_credit_code(code: str) -> str:
    """Return the compact upper-case code, or raise ``InvalidInput`` (GB 32100-2015)."""
    try:
        return uscc.validate(code)
    except ValidationError:
        raise InvalidInput(
            errors={
                "credit_code": [
                    "统一社会信用代码无效（18位，校验位按GB 32100-2015计算）"
                    " / Invalid unified social credit code"
                    " (18 characters, GB 32100-2015 check digit)"
                ]
            }
        ) from None


def _clean_features(features: dict | None) -> dict:
    features = features or {}
    unknown = sorted(set(features) - set(FEATURES))
    if unknown:
        raise InvalidInput(
            errors={"features": [f"未知特征 / Unknown features: {', '.join(unknown)}"]}
        )
    return {name: bool(features.get(name, False)) for name in FEATURES}


def _ensure_unique_code(code: str, exclude_id: int | None = None) -> None:
    query = select(Institution.id).where(Institution.credit_code == code)
    if exclude_id is not None:
        query = query.where(Institution.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise Conflict(
            "该统一社会信用代码已登记 / An institution with this credit code exists",
            {"credit_code": ["duplicate"]},
        )


class InstitutionInput(TypedDict):
    """An institution as ``POST /institutions`` gives it (``api/schemas/institutions.py``,
    ``InstitutionSchema``)."""

    name: str
    credit_code: str
    street: str
    address: str
    beds: int
    ownership: str
    features: NotRequired[dict[str, bool]]
    lat: NotRequired[float | None]
    lon: NotRequired[float | None]
    status: NotRequired[str]
    risk_level: NotRequired[str]


class InstitutionChanges(TypedDict, total=False):
    """What ``PATCH /institutions/{id}`` changes (``InstitutionPatchSchema``): only the
    fields given; ``features`` are merged into the stored ones."""

    name: str
    credit_code: str
    street: str
    address: str
    beds: int
    ownership: str
    features: dict[str, bool]
    lat: float | None
    lon: float | None
    status: str
    risk_level: str


def create_institution(principal: Principal, data: InstitutionInput) -> Institution:
    policy.require_registrar(principal)
    code = normalise_credit_code(data["credit_code"])
    _ensure_unique_code(code)
    institution = Institution(
        name=data["name"],
        credit_code=code,
        street=data["street"],
        address=data["address"],
        beds=data["beds"],
        ownership=data["ownership"],
        features=_clean_features(data.get("features")),
        lat=data.get("lat"),
        lon=data.get("lon"),
        status=data.get("status") or "operating",
        risk_level=data.get("risk_level") or "B",
    )
    db.session.add(institution)
    db.session.flush()
    return institution


def update_institution(
    principal: Principal, institution_id: int, changes: InstitutionChanges
) -> Institution:
    # Looked up first: to a manager another institution does not exist (404, not 403).
    institution = get_visible_institution(principal, institution_id)
    policy.require_registrar(principal)
    if "credit_code" in changes:
        changes["credit_code"] = normalise_credit_code(changes["credit_code"])
        _ensure_unique_code(changes["credit_code"], exclude_id=institution.id)
    if "features" in changes:
        changes["features"] = _clean_features({**institution.features, **changes["features"]})
    if "street" in changes and changes["street"] != institution.street:
        # Live hazards follow their institution (hazards listens: hazards/listing.py).
        street_changed.send(institution, actor=principal, street=changes["street"])
    for field, value in changes.items():
        if field in EDITABLE:
            setattr(institution, field, value)
    db.session.flush()
    return institution


def get_visible_institution(user: Principal, institution_id: int) -> Institution:
    """Managers see only their own institution; to them every other one does not exist."""
    institution = db.session.get(Institution, institution_id)
    if institution is None or not policy.may_see(user, institution_id):
        raise NotFound("机构不存在 / Institution not found")
    return institution


def visible_institutions(
    user: Principal, street: str | None = None, q: str | None = None
) -> Select[Institution]:
    query = policy.scope(user, select(Institution).order_by(Institution.id))
    if street:
        query = query.where(Institution.street == street)
    if q:
        # Case-insensitive on every database (PostgreSQL's LIKE is case-sensitive, SQLite's
        # is not); ``autoescape`` makes ``%`` and ``_`` in the query match themselves.
        query = query.where(
            or_(
                Institution.name.icontains(q, autoescape=True),
                Institution.address.icontains(q, autoescape=True),
            )
        )
    return query
