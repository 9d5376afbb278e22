"""Named values: a ``StrEnum`` whose members carry their Chinese label.

Below every package: each package defines its own words (a hazard's status in hazards,
a department in accounts) with this, and nothing here knows any of them."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """Members are declared as ``NAME = ("stored value", "中文")``; the member is the
    stored value (compares equal to it, serialises as it), ``.label`` its Chinese name."""

    label: str

    # ``label`` has a default only so that a lookup, ``Severity("major")``, type-checks.
    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def label_of(cls, value: str) -> str:
        """The label of a stored value; the value itself if it names no member."""
        try:
            return cls(value).label
        except ValueError:
            return value

    @classmethod
    def labels(cls) -> dict[str, str]:
        """``{value: label}`` for every member, in declaration order."""
        return {member.value: member.label for member in cls}
