"""Checklist items: the terms of the hazard a failed answer raises."""

from __future__ import annotations

from typing import TypedDict

from inspect_app.checklists.models import Severity


class FindingTerms(TypedDict):
    severity: str
    severity_confirmed: bool
    due_days: int | None


def failed_choice(item: dict, value: object) -> dict | None:
    """The choice ``value`` names on a choice item, when that choice is a fail."""
    if item.get("answer_type") != "choice" or isinstance(value, dict | list):
        return None
    for choice in item.get("choices") or ():
        if choice["value"] == value:
            return choice if choice.get("passes") is False else None
    return None


def finding_terms(item: dict, value: object) -> FindingTerms:
    """Severity, whether it is confirmed, and days to rectify for a failed answer.

    The failed choice's own terms override the item's, field by field. A general hazard is
    always confirmed: only a major one can be proposed (拟判重大). ``due_days`` is None
    when neither the choice nor the item sets it (the configured default applies).
    """
    terms: dict = {
        "severity": item["severity"],
        "severity_confirmed": item.get("severity_confirmed", True),
        "due_days": item.get("due_days"),
    }
    choice = failed_choice(item, value)
    if choice is not None:
        for field in terms:
            if field in choice:
                terms[field] = choice[field]
    if terms["severity"] == Severity.GENERAL:
        terms["severity_confirmed"] = True
    return FindingTerms(
        severity=terms["severity"],
        severity_confirmed=bool(terms["severity_confirmed"]),
        due_days=terms["due_days"],
    )
