"""Reading one checklist item: the terms of the hazard a failed answer raises."""

from __future__ import annotations


def finding_terms(item: dict, value) -> dict:
    """Severity, whether it is confirmed, and the days to rectify, for a failed ``item``
    answered with ``value``.

    A ``choice`` item's failed choice may carry its own ``severity``,
    ``severity_confirmed`` and ``due_days``; each one it carries overrides the item's.
    ``severity_confirmed`` is True unless the item or the choice says otherwise (false:
    a proposed major hazard, 拟判重大); ``due_days`` is None when neither sets it (the
    configured default for the severity then applies)."""
    terms = {
        "severity": item["severity"],
        "severity_confirmed": item.get("severity_confirmed", True),
        "due_days": item.get("due_days"),
    }
    if item.get("answer_type") == "choice" and not isinstance(value, dict | list):
        chosen = next((c for c in item.get("choices") or [] if c.get("value") == value), None)
        if chosen is not None:
            for name in terms:
                if name in chosen:
                    terms[name] = chosen[name]
    return terms
