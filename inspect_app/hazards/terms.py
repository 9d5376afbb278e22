"""The terms of a hazard raised by a failed answer: severity, confirmation, days to rectify,
and what an inspector may set on the answer (整改期限, 当场整改).

Deadline rules: the days come from the answer's ``due_days`` if the inspector set it,
else from the item (or its failed choice), else ``HAZARD_DUE_DAYS_GENERAL`` /
``HAZARD_DUE_DAYS_MAJOR``; the deadline is the end of that many local days after the
finding (``clock.deadline_after``). An inspector may give 0 to ``HAZARD_DUE_DAYS_MAX``
days for a general hazard, and for a major one no more than its item's days (or the
major default): a major hazard's deadline may be shortened on site, never lengthened
(that is an extension, 整改延期, by the bureau). Any failed item may be fixed on site
(当场整改) with a photo, a major one too: the two certified officers the submit requires
witness it, and it still counts as a major hazard found."""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app

from inspect_app.checklists.items import finding_terms
from inspect_app.checklists.models import Severity
from inspect_app.hazards.deadlines import due_days as default_due_days


def terms_of(item: dict, value: object) -> dict:
    """``finding_terms``, with a general hazard always confirmed (only a major one can be
    proposed, 拟判重大)."""
    terms = dict(finding_terms(item, value))
    if terms["severity"] != Severity.MAJOR:
        terms["severity_confirmed"] = True
    return terms


def max_due_days(terms: dict) -> int:
    """The most days an inspector may give on the answer."""
    most = int(current_app.config["HAZARD_DUE_DAYS_MAX"])
    if terms["severity"] == Severity.MAJOR:
        own = terms["due_days"]
        return min(most, own if own is not None else default_due_days(Severity.MAJOR))
    return most


def answer_fault(
    item: dict,
    result: str,
    value: object,
    fixed_on_site: bool,
    due_days: int | None,
    photo_ids: Sequence[object] | None,
) -> str | None:
    """What is wrong with the hazard terms an answer sets, or None."""
    if result != "fail":
        if fixed_on_site or due_days is not None:
            return (
                "只有不合格项可设整改期限或当场整改 / Only a failed item takes due_days or "
                "fixed_on_site"
            )
        return None
    terms = terms_of(item, value)
    # A major hazard too may be fixed on site: the submit needs two certified officers on
    # the team, who witness it, and it is still recorded and counted as a major found.
    if fixed_on_site and not photo_ids:
        return "当场整改须附至少一张照片 / Fixed on site needs at least one photo"
    if due_days is not None:
        most = max_due_days(terms)
        if not 0 <= due_days <= most:
            return f"整改期限应为 0 至 {most} 天 / due_days must be 0 to {most}"
    return None
