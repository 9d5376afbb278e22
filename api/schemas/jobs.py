from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import AwareDateTime, StrictSchema


class JobRunSchema(StrictSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    owner = fields.String(required=True)
    started_at = AwareDateTime(required=True)
    finished_at = AwareDateTime(allow_none=True)
    outcome = fields.String(required=True)
    result = fields.String(allow_none=True)


class JobRunQuerySchema(StrictSchema):
    name = fields.String(validate=validate.Length(min=1, max=64))
