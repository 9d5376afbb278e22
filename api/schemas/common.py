"""Small shared pieces: strict schemas, bilingual text, aware datetimes."""

from __future__ import annotations

from datetime import UTC

import marshmallow as ma
from marshmallow import fields


class StrictSchema(ma.Schema):
    """Unknown fields are an error: a typo in a phone build should not pass silently."""

    class Meta:
        unknown = ma.RAISE


class AwareDateTime(fields.AwareDateTime):
    """ISO 8601 with an offset in and out; naive input is refused, output is UTC."""

    def __init__(self, **kwargs):
        super().__init__(format="iso", **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None:
            value = value.astimezone(UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class TextSchema(StrictSchema):
    zh = fields.String(required=True, validate=ma.validate.Length(min=1))
    en = fields.String(required=True, validate=ma.validate.Length(min=1))


class MessageSchema(ma.Schema):
    message = fields.String()
