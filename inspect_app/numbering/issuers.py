"""Who issues a document (发文机关) and the prefix of its numbers, per department.

The civil affairs bureau is ``DOCUMENT_AUTHORITY`` with ``DOCUMENT_NUMBER_PREFIX`` (上海市
松江区民政局, 沪松民); the other departments of joint supervision issue in their own name
only where ``DOCUMENT_ISSUERS`` names them (``{"fire": {"authority": "...", "prefix":
"..."}}``). A department not named there does not issue: what its officers find is
referred to it (移送/抄告), never ordered in the bureau's name."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from inspect_app.principal import Department


@dataclass(frozen=True)
class Issuer:
    department: str
    authority: str
    prefix: str


def bureau() -> Issuer:
    """The civil affairs bureau: the system's own issuer."""
    config = current_app.config
    return Issuer(
        Department.CIVIL_AFFAIRS,
        config["DOCUMENT_AUTHORITY"],
        config.get("DOCUMENT_NUMBER_PREFIX") or "",
    )


def issuer_of(department: str | None) -> Issuer | None:
    """The issuer for a department's findings; None: it issues nothing here (refer)."""
    if department in (None, Department.CIVIL_AFFAIRS):
        return bureau()
    named = (current_app.config.get("DOCUMENT_ISSUERS") or {}).get(department)
    if not named:
        return None
    return Issuer(department, named["authority"], named["prefix"])
