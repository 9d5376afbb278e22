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


class WorkItemSchema(StrictSchema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    key = fields.String(required=True)
    status = fields.String(required=True)
    attempts = fields.Integer(required=True)
    run_after = AwareDateTime(required=True)
    leased_until = AwareDateTime(allow_none=True)
    owner = fields.String(allow_none=True)
    last_error = fields.String(allow_none=True)
    created_at = AwareDateTime(required=True)
    finished_at = AwareDateTime(allow_none=True)


class WorkItemQuerySchema(StrictSchema):
    status = fields.String(validate=validate.OneOf(["queued", "running", "done", "failed"]))
    kind = fields.String(validate=validate.Length(min=1, max=64))
