from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import AwareDateTime, BoundedDate, Multiline, StrictBoolean, StrictSchema
from inspect_app.db import MAX_ID
from inspect_app.principal import STAFF_DEPARTMENTS
from inspect_app.spot_checks.models import (
    PLAN_STATUSES,
    REDRAW_REASONS,
    RISK_CLASSES,
    SpotCheckPlan,
    SpotCheckResult,
)
from inspect_app.spot_checks.pools import FORMATS

# A seed is never accepted (dsr-2): the field exists only to be refused with a clear 422.
SEED = fields.Raw(
    allow_none=True,
    metadata={"description": "不接受：抽取只用公告中指定的公共随机数 / Refused (422)"},
)
PUBLIC_VALUE = fields.String(
    required=True,
    validate=validate.Length(min=1, max=200),
    metadata={"description": "公告中指定的公共随机数，公开后录入 / The value named, once public"},
)


class RandomSourceSchema(StrictSchema):
    label = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "例：中国福利彩票双色球第2026141期开奖号码"},
    )
    public_after = AwareDateTime(
        required=True, metadata={"description": "该随机数公开的时间 / When it becomes public"}
    )


class PlanCreateSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    period_start = BoundedDate(required=True)
    period_end = BoundedDate(required=True)
    checklists = fields.List(
        fields.String(validate=validate.Length(min=1, max=32)),
        required=True,
        validate=validate.Length(min=1, max=20),
    )
    class_ratios = fields.Dict(
        keys=fields.String(validate=validate.OneOf(RISK_CLASSES)),
        values=fields.Float(validate=validate.Range(min=0, max=1, min_inclusive=False)),
        allow_none=True,
        metadata={"description": "各风险等级抽查比例 / The sampling ratio of each risk class"},
    )
    sample_ratio = fields.Float(
        allow_none=True,
        validate=validate.Range(min=0, max=1, min_inclusive=False),
        metadata={"description": "四级同一比例 / One ratio for every class"},
    )
    sample_size = fields.Raw(
        allow_none=True, metadata={"description": "不接受（由比例得出）/ Refused (422)"}
    )
    team_size = fields.Integer(required=True, strict=True, validate=validate.Range(min=2, max=10))
    departments = fields.List(
        fields.String(validate=validate.OneOf(STAFF_DEPARTMENTS)),
        load_default=list,
        validate=validate.Length(max=len(STAFF_DEPARTMENTS)),
    )
    random_sources = fields.List(
        fields.Nested(RandomSourceSchema), required=True, validate=validate.Length(min=1, max=10)
    )
    server_secret = StrictBoolean(load_default=True)
    seed = SEED


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
    replaces = fields.Integer(allow_none=True)
    reason = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    public_value = fields.String(allow_none=True)
    secret = fields.String(allow_none=True)
    design = fields.Dict(allow_none=True)
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
    inspected_on = BoundedDate(allow_none=True)
    hazards = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    cleared = fields.Integer(required=True)


class PlanSchema(StrictSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    period_start = BoundedDate(required=True)
    period_end = BoundedDate(required=True)
    checklists = fields.List(fields.String(), required=True)
    sample_size = fields.Integer(allow_none=True)
    sample_ratio = fields.Float(allow_none=True)
    team_size = fields.Integer(required=True)
    departments = fields.List(fields.String(), required=True)
    risk_weighted = StrictBoolean(required=True)
    seed = fields.String(allow_none=True)
    algorithm = fields.String(required=True)
    class_ratios = fields.Dict(allow_none=True)
    random_sources = fields.List(fields.Dict(), allow_none=True)
    announced_at = AwareDateTime(allow_none=True)
    announcement = fields.Dict(allow_none=True)
    announcement_signature = fields.String(allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(PLAN_STATUSES))
    publish_due = BoundedDate(required=True)
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
    public_value = PUBLIC_VALUE
    seed = SEED


class RedrawRequestSchema(StrictSchema):
    replaces = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=100),
        metadata={"description": "被替换的抽取序号 / The number of the draw it replaces"},
    )
    reason = fields.String(required=True, validate=validate.OneOf(tuple(REDRAW_REASONS)))
    note = Multiline(validate=validate.Length(max=2000), allow_none=True)
    public_value = PUBLIC_VALUE
    seed = SEED


class DrawResultSchema(DrawSummarySchema):
    selections = fields.List(fields.Nested(SelectionSchema), required=True)


class VerifiedDrawSchema(StrictSchema):
    number = fields.Integer(required=True)
    ok = fields.Boolean(required=True)
    hash_ok = fields.Boolean(required=True)
    selections_ok = fields.Boolean(required=True)
    seed_ok = fields.Boolean()


class VerifySchema(StrictSchema):
    ok = StrictBoolean(required=True)
    algorithm = fields.String(required=True)
    input_hash = fields.String(required=True)
    draws = fields.List(fields.Nested(VerifiedDrawSchema), required=True)


class DrawVerificationSchema(StrictSchema):
    ok = fields.Boolean(required=True)
    hash_ok = fields.Boolean(required=True)
    selections_ok = fields.Boolean(required=True)
    seed_ok = fields.Boolean()


class AuditSelectionSchema(StrictSchema):
    institution_id = fields.Integer(required=True)
    inspector_ids = fields.List(fields.Integer(), required=True)
    inspection_id = fields.UUID(allow_none=True)
    result = fields.String(allow_none=True)
    result_at = AwareDateTime(allow_none=True)


class AuditDrawSchema(StrictSchema):
    number = fields.Integer(required=True)
    algorithm = fields.String(required=True)
    replaces = fields.Integer(allow_none=True)
    reason = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    public_value = fields.String(allow_none=True)
    secret = fields.String(allow_none=True)
    seed = fields.String(required=True)
    input_hash = fields.String(required=True)
    inputs = fields.Dict(required=True)
    design = fields.Dict(allow_none=True)
    drawn_at = AwareDateTime(required=True)
    drawn_by_id = fields.Integer(allow_none=True)
    superseded_at = AwareDateTime(allow_none=True)
    selections = fields.List(fields.Nested(AuditSelectionSchema), required=True)
    verification = fields.Nested(DrawVerificationSchema, required=True)


class AuditRecordSchema(StrictSchema):
    plan = fields.Nested(PlanSchema, required=True)
    announcement = fields.Dict(allow_none=True)
    announcement_signature = fields.String(allow_none=True)
    inputs = fields.Dict(allow_none=True)
    draws = fields.List(fields.Nested(AuditDrawSchema), required=True)


class ResultWriteSchema(StrictSchema):
    result = fields.String(required=True, validate=validate.OneOf(list(SpotCheckResult)))


class UnavailabilityWriteSchema(StrictSchema):
    from_ = BoundedDate(required=True, data_key="from")
    to = BoundedDate(required=True)
    reason = Multiline(required=True, validate=validate.Length(min=1, max=500))


class UnavailabilitySchema(StrictSchema):
    id = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    from_ = BoundedDate(required=True, data_key="from", attribute="starts_on")
    to = BoundedDate(required=True, attribute="ends_on")
    reason = fields.String(required=True)


class ConflictWriteSchema(StrictSchema):
    institution_id = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    reason = Multiline(required=True, validate=validate.Length(min=1, max=500))


class ConflictSchema(StrictSchema):
    id = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    institution_id = fields.Integer(required=True)
    reason = fields.String(required=True)


class PoolFormatSchema(StrictSchema):
    format = fields.String(load_default="csv", validate=validate.OneOf(FORMATS))


class PublicTeamSchema(StrictSchema):
    institution_id = fields.Integer(required=True)
    inspectors = fields.List(fields.String(), required=True)


class PublicDrawSchema(StrictSchema):
    number = fields.Integer(required=True)
    replaces = fields.Integer(allow_none=True)
    reason = fields.String(allow_none=True, validate=validate.OneOf(tuple(REDRAW_REASONS)))
    reason_label = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    public_value = fields.String(allow_none=True)
    secret = fields.String(allow_none=True)
    seed = fields.String(required=True)
    drawn_at = AwareDateTime(required=True)
    superseded_at = AwareDateTime(allow_none=True)
    design = fields.Dict(allow_none=True)
    institution_ids = fields.List(fields.Integer(), required=True)
    teams = fields.List(fields.Nested(PublicTeamSchema), required=True)


class PublicPlanSummarySchema(StrictSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    published_at = AwareDateTime(allow_none=True)


class PublicPlanSchema(PublicPlanSummarySchema):
    issuer = fields.String(required=True)
    checklists = fields.List(fields.String(), required=True)
    checklist_names = fields.List(fields.String(), required=True)
    team_size = fields.Integer(required=True)
    departments = fields.List(fields.String(), required=True)
    class_ratios = fields.Dict(allow_none=True)
    publish_due = fields.Date(required=True)
    algorithm = fields.String(required=True)
    algorithm_doc = fields.String(allow_none=True)
    announcement = fields.Dict(allow_none=True)
    announcement_signature = fields.String(allow_none=True)
    sample_inputs = fields.Dict(allow_none=True)
    sample_hash = fields.String(allow_none=True)
    team_hash = fields.String(allow_none=True)
    input_hash = fields.String(required=True)
    seed = fields.String(required=True)
    draws = fields.List(fields.Nested(PublicDrawSchema), required=True)
    selections = fields.List(fields.Nested(OutcomeSchema), required=True)


class PublicAnnouncementSchema(StrictSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    announcement = fields.Dict(required=True)
    announcement_signature = fields.String(required=True)
    sample_inputs = fields.Dict(required=True)


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
