"""Small shared pieces: strict schemas, bilingual text, aware datetimes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from marshmallow import fields


def _storable(text: str) -> bool:
    """No NUL (PostgreSQL refuses it) and no lone UTF-16 surrogate (no driver encodes it)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _nul_paths(value: object, path: str = "") -> list[str]:
    if isinstance(value, str):
        return [] if _storable(value) else [path or "_schema"]
    if isinstance(value, Mapping):
        return [p for k, v in value.items() for p in _nul_paths(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nul_paths(v, f"{path}.{i}")]
    return []


class StrictSchema(ma.Schema):
    """Unknown fields are an error: a typo in a phone build should not pass silently.

    Text no database can store is refused everywhere, in bodies and in queries: NUL
    characters and lone surrogates (a JSON ``"\\ud800"``). ``api/__init__.py`` documents
    the rule as a pattern on every string in the OpenAPI document.
    """

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load(pass_collection=True)
    def _require_array_when_many(self, data: Any, many: bool, **kwargs: Any) -> Any:
        """A list endpoint given ``null``, a number or an object: 422, not a crash."""
        if many and not isinstance(data, list):
            raise ma.ValidationError("应为 JSON 数组 / Must be a JSON array")
        return data

    @ma.pre_load
    def _refuse_nul(self, data: Any, **kwargs: Any) -> Any:
        paths = _nul_paths(data if isinstance(data, Mapping | list) else {})
        if paths:
            raise ma.ValidationError(
                {
                    path: ["不能包含空字符或无效字符 / Must not contain NUL or invalid characters"]
                    for path in paths
                }
            )
        return data


# No visit, deadline or filter of this system lies outside these years; beyond them a
# time is a typo or an attack (years 1 and 9999 overflow when converted to UTC).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


class AwareDateTime(fields.AwareDateTime):
    """ISO 8601 with an offset in and out; naive input is refused, output is UTC.
    Only the years EARLIEST_YEAR to LATEST_YEAR are accepted (422 otherwise)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="iso", **kwargs)

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            year = moment.astimezone(UTC).year
        except OverflowError:
            year = 0
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise ma.ValidationError(
                f"时间须在 {EARLIEST_YEAR}–{LATEST_YEAR} 年之间 / "
                f"Must lie between the years {EARLIEST_YEAR} and {LATEST_YEAR}"
            )
        return moment

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is not None:
            value = value.astimezone(UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class TextSchema(StrictSchema):
    zh = fields.String(required=True, validate=ma.validate.Length(min=1))
    en = fields.String(required=True, validate=ma.validate.Length(min=1))
