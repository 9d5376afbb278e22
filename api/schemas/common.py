"""Small shared pieces: strict schemas, bilingual text, aware datetimes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import marshmallow as ma
from flask import current_app
from marshmallow import fields, validate

from inspect_app.text import refused_character, text_fault


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


def _nothing_refused(value: object) -> bool:
    """No string in ``value``, key or value at any depth, holds a character that even a
    one-line field refuses. What a one-line field refuses includes NUL and every
    surrogate, and whatever a multi-line one refuses, so then neither ``_nul_paths`` nor
    ``_hidden_paths`` finds anything, whatever the field."""
    if isinstance(value, str):
        return refused_character(value) is None
    if isinstance(value, Mapping):
        return all(
            (not isinstance(key, str) or refused_character(key) is None) and _nothing_refused(item)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return all(_nothing_refused(item) for item in value)
    return True


class Multiline(fields.String):
    """Free text that may run over several lines (a note, a reason, a description).

    Every other string is one line: ``StrictSchema`` refuses line breaks in it, and
    control, bidi and invisible characters in both (``inspect_app/text.py``)."""


def _hidden_paths(value: object, multiline: bool, path: str) -> dict[str, str]:
    if isinstance(value, str):
        fault = text_fault(value, multiline=multiline)
        return {path or "_schema": fault} if fault else {}
    found: dict[str, str] = {}
    if isinstance(value, Mapping):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and text_fault(key):
                found[where] = text_fault(key) or ""
            found |= _hidden_paths(item, multiline, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found |= _hidden_paths(item, multiline, f"{path}.{i}" if path else str(i))
    return found


def _nested(field: fields.Field | None) -> bool:
    """A field whose own (strict) schema checks its text."""
    while isinstance(field, fields.List):
        field = field.inner
    return isinstance(field, fields.Nested)


class Street(fields.String):
    """A street or town (街镇) of the district: one of the configured ``STREETS``.

    ``api/__init__.py`` publishes the configured streets as this field's ``enum`` in the
    OpenAPI document."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        street = super()._deserialize(value, attr, data, **kwargs)
        if street not in current_app.config["STREETS"]:
            raise ma.ValidationError("不是本区的街镇 / Not one of the district's streets")
        return street


class StrictBoolean(fields.Boolean):
    """Only JSON ``true`` or ``false``: not 0, 1, "yes" or "true" (``confirmed: 0`` once
    reclassified a hazard as a proposed major). Every boolean of a JSON body is one; the
    query strings' booleans (``?overdue=true``) stay ``fields.Boolean``."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> bool:
        if not isinstance(value, bool):
            raise ma.ValidationError("应为 true 或 false / Must be true or false")
        return value


class FullMatch(validate.Regexp):
    """A pattern the whole value must match (marshmallow's ``Regexp`` uses ``re.match``,
    where ``$`` also matches before a trailing newline: ``"2026-11\\n"`` would pass).

    Give the pattern without anchors. The OpenAPI document shows it as ``^(?:...)$``,
    which in JSON Schema's ECMA-262 dialect means the whole value too.
    """

    def __init__(self, pattern: str, *, error: str | None = None):
        super().__init__(f"^(?:{pattern})$", error=error)
        self._whole = re.compile(pattern)

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, str) or self._whole.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


class StrictSchema(ma.Schema):
    """Unknown fields are an error: a typo in a phone build should not pass silently.

    Text no database can store is refused everywhere, in bodies and in queries: NUL
    characters and lone surrogates (a JSON ``"\\ud800"``). ``api/__init__.py`` documents
    the rule as a pattern on every string in the OpenAPI document.
    """

    class Meta:
        unknown = ma.RAISE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per input key: None where a nested schema checks its own text, else whether line
        # breaks are allowed. Worked out once per schema object, not once per answer of a
        # hundred (with ``many``, the pre-load hooks run for each).
        self._text_rules: dict[str, bool | None] = {
            field.data_key or name: None
            if _nested(field)
            else isinstance(field, Multiline)
            or not isinstance(field, fields.String | fields.List | fields.Number | fields.Boolean)
            for name, field in self.load_fields.items()
        }

    @ma.pre_load(pass_collection=True)
    def _require_array_when_many(self, data: Any, many: bool, **kwargs: Any) -> Any:
        """A list endpoint given ``null``, a number or an object: 422, not a crash."""
        if many and not isinstance(data, list):
            raise ma.ValidationError("应为 JSON 数组 / Must be a JSON array")
        return data

    @ma.pre_load
    def _refuse_nul(self, data: Any, **kwargs: Any) -> Any:
        if _nothing_refused(data):
            return data  # the common case, in one pass: neither check below finds anything
        paths = _nul_paths(data if isinstance(data, Mapping | list) else {})
        if paths:
            raise ma.ValidationError(
                {
                    path: ["不能包含空字符或无效字符 / Must not contain NUL or invalid characters"]
                    for path in paths
                }
            )
        if isinstance(data, Mapping):
            self._refuse_hidden_characters(data)
        return data

    def _refuse_hidden_characters(self, data: Mapping) -> None:
        """Control, bidi and invisible characters never; line breaks only in ``Multiline``
        fields and in free-form values (``Raw``, ``Dict``)."""
        rules = self._text_rules
        found: dict[str, str] = {}
        for key, value in data.items():
            multiline = rules.get(key, True)  # an unknown key: refused by RAISE anyway
            if multiline is None:
                continue
            found |= _hidden_paths(value, multiline, str(key))
        if found:
            raise ma.ValidationError({path: [message] for path, message in found.items()})


class NonEmptyPatch(StrictSchema):
    """A PATCH body: only the fields given change, and an empty one is a mistake (422)."""

    @ma.pre_load
    def _refuse_empty(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, Mapping) and not data:
            raise ma.ValidationError(
                "请至少提供一个要修改的字段 / Give at least one field to change"
            )
        return data


# No visit, deadline or filter of this system lies outside these years; beyond them a
# time is a typo or an attack (years 1 and 9999 overflow when converted to UTC).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099
# A month of those years, YYYY-MM (with ``FullMatch``: the whole value).
MONTH_PATTERN = r"20[0-9]{2}-(0[1-9]|1[0-2])"
MONTH_MESSAGE = "月份格式须为 YYYY-MM（2000–2099 年） / Month must be YYYY-MM (2000–2099)"
# What the OpenAPI document says of every date and time: written in those years
# (``api/__init__.py`` adds it to each ``AwareDateTime`` and ``BoundedDate``).
YEARS_PATTERN = r"^20[0-9]{2}-"


class AwareDateTime(fields.AwareDateTime):
    """ISO 8601 with an offset in and out; naive input is refused, output is UTC.
    Only the years EARLIEST_YEAR to LATEST_YEAR are accepted (422 otherwise), both as
    written and in UTC (the document's pattern states the first)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="iso", **kwargs)

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            years = (moment.year, moment.astimezone(UTC).year)  # as written, and in UTC
        except OverflowError:
            years = (0, 0)
        if not all(EARLIEST_YEAR <= year <= LATEST_YEAR for year in years):
            raise ma.ValidationError(
                f"时间须在 {EARLIEST_YEAR}–{LATEST_YEAR} 年之间 / "
                f"Must lie between the years {EARLIEST_YEAR} and {LATEST_YEAR}"
            )
        return moment

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is not None:
            value = value.astimezone(UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class BoundedDate(fields.Date):
    """An ISO 8601 date in the years EARLIEST_YEAR to LATEST_YEAR (422 otherwise)."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> date:
        day = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ma.ValidationError(
                f"日期须在 {EARLIEST_YEAR}–{LATEST_YEAR} 年之间 / "
                f"Must lie between the years {EARLIEST_YEAR} and {LATEST_YEAR}"
            )
        return day


class TextSchema(StrictSchema):
    zh = Multiline(required=True, validate=ma.validate.Length(min=1))
    en = Multiline(required=True, validate=ma.validate.Length(min=1))
