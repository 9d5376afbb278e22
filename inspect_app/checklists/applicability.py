"""Which checklist items apply to an institution, from its features."""

from __future__ import annotations


def applies(item: dict, features: dict | None) -> bool:
    """An item applies when every feature it names has the required value."""
    condition = item.get("applies_if")
    if not condition:
        return True
    features = features or {}
    return all(bool(features.get(name, False)) == wanted for name, wanted in condition.items())
