from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import AwareDateTime, StrictSchema
from inspect_app.db import MAX_ID
from inspect_app.principal import STAFF_DEPARTMENTS
from inspect_app.spot_checks.models import PLAN_STATUSES, SpotCheckPlan, SpotCheckResult
from inspect_app.spot_checks.pools import FORMATS

SEED = fields.String(validate=validate.Length(min=1, max=128), allow_none=True)


class PlanCreateSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    checklists = fields.List(
        fields.String(validate=validate.Length(min=1, max=32)),
        required=True,
        validate=validate.Length(min=1, max=20),
    )
    sample_size = fields.Integer(
        strict=True, allow_none=True, validate=validate.Range(min=1, max=100000)
    )
    sample_ratio = fields.Float(
        allow_none=True, validate=validate.Range(min=0, max=1, min_inclusive=False)
    )
    team_size = fields.Integer(required=True, strict=True, validate=validate.Range(min=2, max=10))
    departments = fields.List(
        fields.String(validate=validate.OneOf(STAFF_DEPARTMENTS)),
        load_default=list,
        validate=validate.Length(max=len(STAFF_DEPARTMENTS)),
    )
    risk_weighted = fields.Boolean(load_default=False)
    seed = SEED
    draw_at = AwareDateTime(allow_none=True)


class SelectionSchema(StrictSchema):
    institution_id = fields.Integer(required=True)
    inspector_ids = fields.List(fields.Integer(), required=True)
    inspection_id = fields.UUID(allow_none=True)
    result = fields.String(allow_none=True, validate=validate.OneOf(list(SpotCheckResult)))


class DrawSummarySchema(StrictSchema):
    number = fields.Integer(required=True)
    seed = fields.String(required=True)
    input_hash = fields.String(required=True)
    algorithm = fields.String(required=True)
    drawn_at = AwareDateTime(required=True)
    reason = fields.String(allow_none=True)
    superseded_at = AwareDateTime(allow_none=True)


class DrawSchema(DrawSummarySchema):
    selections = fields.List(fields.Nested(SelectionSchema), required=True)


class OutcomeSchema(StrictSchema):
    institution_id = fields.Integer(required=True)
    institution_name = fields.String(required=True)
    street = fields.String(required=True)
    inspectors = fields.List(fields.String(), required=True)
    result = fields.String(allow_none=True, validate=validate.OneOf(list(SpotCheckResult)))
    result_label = fields.String(allow_none=True)
    inspected_on = fields.Date(allow_none=True)
    hazards = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    cleared = fields.Integer(required=True)


class PlanSchema(StrictSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    checklists = fields.List(fields.String(), required=True)
    sample_size = fields.Integer(allow_none=True)
    sample_ratio = fields.Float(allow_none=True)
    team_size = fields.Integer(required=True)
    departments = fields.List(fields.String(), required=True)
    risk_weighted = fields.Boolean(required=True)
    seed = fields.String(allow_none=True)
    draw_at = AwareDateTime(allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(PLAN_STATUSES))
    publish_due = fields.Date(required=True)
    published_at = AwareDateTime(allow_none=True)
    publication_late = fields.Method("_late", required=True)
    created_at = AwareDateTime(required=True)
    draw = fields.Nested(DrawSchema, attribute="current_draw", allow_none=True)
    draws = fields.List(fields.Nested(DrawSummarySchema), required=True)

    def _late(self, plan: SpotCheckPlan) -> bool:
        return plan.late_flagged_at is not None and plan.status != "published"


class PlanQuerySchema(StrictSchema):
    status = fields.String(validate=validate.OneOf(PLAN_STATUSES))


class DrawRequestSchema(StrictSchema):
    seed = SEED


class RedrawRequestSchema(StrictSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    seed = SEED


class DrawResultSchema(StrictSchema):
    number = fields.Integer(required=True)
    seed = fields.String(required=True)
    input_hash = fields.String(required=True)
    algorithm = fields.String(required=True)
    selections = fields.List(fields.Nested(SelectionSchema), required=True)


class VerifiedDrawSchema(StrictSchema):
    number = fields.Integer(required=True)
    ok = fields.Boolean(required=True)
    hash_ok = fields.Boolean(required=True)
    selections_ok = fields.Boolean(required=True)


class VerifySchema(StrictSchema):
    ok = fields.Boolean(required=True)
    algorithm = fields.String(required=True)
    input_hash = fields.String(required=True)
    draws = fields.List(fields.Nested(VerifiedDrawSchema), required=True)


class ResultWriteSchema(StrictSchema):
    result = fields.String(required=True, validate=validate.OneOf(list(SpotCheckResult)))


class UnavailabilityWriteSchema(StrictSchema):
    from_ = fields.Date(required=True, data_key="from")
    to = fields.Date(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class UnavailabilitySchema(StrictSchema):
    id = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    from_ = fields.Date(required=True, data_key="from", attribute="starts_on")
    to = fields.Date(required=True, attribute="ends_on")
    reason = fields.String(required=True)


class ConflictWriteSchema(StrictSchema):
    institution_id = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class ConflictSchema(StrictSchema):
    id = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    institution_id = fields.Integer(required=True)
    reason = fields.String(required=True)


class PoolFormatSchema(StrictSchema):
    format = fields.String(load_default="csv", validate=validate.OneOf(FORMATS))


class PublicRedrawSchema(StrictSchema):
    number = fields.Integer(required=True)
    reason = fields.String(allow_none=True)
    drawn_at = AwareDateTime(required=True)


class PublicPlanSummarySchema(StrictSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    published_at = AwareDateTime(allow_none=True)


class PublicPlanSchema(PublicPlanSummarySchema):
    checklists = fields.List(fields.String(), required=True)
    sample_size = fields.Integer(allow_none=True)
    sample_ratio = fields.Float(allow_none=True)
    team_size = fields.Integer(required=True)
    departments = fields.List(fields.String(), required=True)
    risk_weighted = fields.Boolean(required=True)
    publish_due = fields.Date(required=True)
    seed = fields.String(required=True)
    algorithm = fields.String(required=True)
    input_hash = fields.String(required=True)
    drawn_at = AwareDateTime(required=True)
    redraws = fields.List(fields.Nested(PublicRedrawSchema), required=True)
    inputs = fields.Dict(required=True)
    draw = fields.List(fields.Dict(), required=True)
    selections = fields.List(fields.Nested(OutcomeSchema), required=True)


class PublicPageQuerySchema(StrictSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class PageInfoSchema(StrictSchema):
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)
    total = fields.Integer(required=True)


class PublicPlanPageSchema(StrictSchema):
    items = fields.List(fields.Nested(PublicPlanSummarySchema), required=True)
    pagination = fields.Nested(PageInfoSchema, required=True)
