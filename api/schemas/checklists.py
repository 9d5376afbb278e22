"""Checklist documents. ``checklists/schema.json`` is the validator; these document it."""

from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import AwareDateTime, FullMatch, StrictBoolean, StrictSchema, TextSchema
from inspect_app.checklists.applicability import FEATURES
from inspect_app.checklists.models import Category, Severity


def _severity_confirmed() -> StrictBoolean:
    return StrictBoolean(
        metadata={"description": "false: a proposed major hazard (拟判重大); absent: true"}
    )


REFERRAL_TARGETS = ("fire", "market_regulation", "health", "housing")


def _immediate_measures() -> fields.Nested:
    return fields.Nested(
        TextSchema,
        metadata={"description": "立即采取的措施: what the institution must do at once"},
    )


def _refer_to() -> fields.String:
    return fields.String(
        validate=validate.OneOf(REFERRAL_TARGETS),
        metadata={"description": "移送/抄告: the department a failure is referred to"},
    )


def _due_days() -> fields.Integer:
    return fields.Integer(
        validate=validate.Range(min=0, max=365),
        metadata={"description": "days to rectify; 0: at once; absent: the configured default"},
    )


class ChoiceSchema(StrictSchema):
    value = fields.String(required=True)
    label = fields.Nested(TextSchema, required=True)
    passes = StrictBoolean(metadata={"description": "false: this choice is a fail"})
    # The hazard raised when this (failing) choice is chosen, overriding the item's terms.
    severity = fields.String(validate=validate.OneOf(list(Severity)))
    severity_confirmed = _severity_confirmed()
    due_days = _due_days()
    immediate_measures = _immediate_measures()
    refer_to = _refer_to()


class RangeSchema(StrictSchema):
    min = fields.Float()
    max = fields.Float()


# Institution features an item may depend on: every named one must have the given value.
FeatureConditionSchema = StrictSchema.from_dict(
    {name: StrictBoolean() for name in FEATURES}, name="FeatureConditionSchema"
)


class AppliesIfSchema(FeatureConditionSchema):  # type: ignore[misc,valid-type]
    """Features that must all hold, or ``any_of``: a list of such mappings, one enough."""

    any_of = fields.List(fields.Nested(FeatureConditionSchema), validate=validate.Length(min=1))


class ItemSchema(StrictSchema):
    code = fields.String(required=True, validate=FullMatch(r"[A-Z]{1,3}-\d{2}"))
    prompt = fields.Nested(TextSchema, required=True)
    defect = fields.String(
        validate=validate.Length(min=1),
        metadata={
            "description": "隐患: the defect a failed yes/no item means, as the notice prints it"
        },
    )
    guidance = fields.Nested(TextSchema, required=True)
    basis = fields.String(required=True, validate=validate.Length(min=1))
    answer_type = fields.String(
        required=True, validate=validate.OneOf(("yes_no", "number", "choice", "text"))
    )
    severity = fields.String(required=True, validate=validate.OneOf(list(Severity)))
    severity_confirmed = _severity_confirmed()
    due_days = _due_days()
    immediate_measures = _immediate_measures()
    refer_to = _refer_to()
    photo_required_on_fail = StrictBoolean(required=True)
    applies_if = fields.Nested(AppliesIfSchema, required=True, allow_none=True)
    unit = fields.String()
    pass_range = fields.Nested(RangeSchema)
    choices = fields.List(fields.Nested(ChoiceSchema), validate=validate.Length(min=2))


class SectionSchema(StrictSchema):
    title = fields.Nested(TextSchema, required=True)
    items = fields.List(fields.Nested(ItemSchema), required=True, validate=validate.Length(min=1))


class ChecklistDocumentSchema(StrictSchema):
    key = fields.String(required=True, validate=FullMatch(r"[a-z][a-z0-9_-]{1,31}"))
    category = fields.String(required=True, validate=validate.OneOf(list(Category)))
    title = fields.Nested(TextSchema, required=True)
    description = fields.Nested(TextSchema)
    sections = fields.List(
        fields.Nested(SectionSchema), required=True, validate=validate.Length(min=1)
    )


class ChecklistSchema(ChecklistDocumentSchema):
    version = fields.Integer(required=True)
    content_hash = fields.String(required=True)
    published_at = AwareDateTime(required=True)


class ChecklistSummarySchema(StrictSchema):
    key = fields.String(required=True)
    category = fields.String(required=True)
    version = fields.Integer(required=True)
    title = fields.Nested(TextSchema, required=True)
    item_count = fields.Integer(required=True)


class PublishedSchema(StrictSchema):
    key = fields.String(required=True)
    version = fields.Integer(required=True)
    created = StrictBoolean(required=True)
    content_hash = fields.String(required=True)
