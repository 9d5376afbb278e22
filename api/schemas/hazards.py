from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import AwareDateTime, StrictSchema
from inspect_app.models.hazard import HAZARD_STATUSES, SEVERITIES


class HazardSummarySchema(StrictSchema):
    id = fields.UUID(required=True)
    institution_id = fields.Integer(required=True)
    inspection_id = fields.UUID(allow_none=True)
    checklist = fields.String(attribute="checklist_key", allow_none=True)
    item_code = fields.String(allow_none=True)
    category = fields.String(required=True)
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    title = fields.String(required=True)
    title_en = fields.String(allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(HAZARD_STATUSES))
    found_at = AwareDateTime(required=True)
    due_at = AwareDateTime(required=True)
    overdue = fields.Boolean(required=True)
