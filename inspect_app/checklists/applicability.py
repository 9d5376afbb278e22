"""Which checklist items apply to an institution, from its features."""

from __future__ import annotations

from collections.abc import Mapping

# The institution features an item's ``applies_if`` may name (checklists/schema.json lists
# the same); the directory owns the vocabulary.
from inspect_app.institutions.models import FEATURES

__all__ = ["FEATURES", "applies"]


def _holds(condition: Mapping, features: Mapping) -> bool:
    return all(bool(features.get(name, False)) == wanted for name, wanted in condition.items())


def applies(item: dict, features: dict | None) -> bool:
    """An item applies when its condition holds for ``features`` (a missing feature is false).

    ``applies_if`` is null (every institution), a mapping ``{feature: bool}`` (all must
    hold) or ``{"any_of": [mapping, ...]}`` (at least one mapping holds).
    """
    condition = item.get("applies_if")
    if not condition:
        return True
    features = features or {}
    if "any_of" in condition:
        return any(_holds(each, features) for each in condition["any_of"])
    return _holds(condition, features)
