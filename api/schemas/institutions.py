from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from api.schemas.common import (
    AwareDateTime,
    NonEmptyPatch,
    Street,
    StrictBoolean,
    StrictSchema,
)
from inspect_app.institutions.models import INSTITUTION_STATUSES, OWNERSHIPS, RISK_LEVELS


class FeaturesSchema(StrictSchema):
    """Which checklist items apply. Features a client leaves out are false (on the way
    out too: rows registered before a feature existed show it as false)."""

    kitchen = StrictBoolean(load_default=False, dump_default=False)
    gas = StrictBoolean(load_default=False, dump_default=False)
    lpg = StrictBoolean(
        load_default=False,
        dump_default=False,
        metadata={"description": "LPG cylinders (液化石油气钢瓶)"},
    )
    medical = StrictBoolean(load_default=False, dump_default=False)
    meals_delivered = StrictBoolean(
        load_default=False,
        dump_default=False,
        metadata={"description": "meals ordered in (外送餐食)"},
    )


class FeaturesPatchSchema(StrictSchema):
    kitchen = StrictBoolean()
    gas = StrictBoolean()
    lpg = StrictBoolean()
    medical = StrictBoolean()
    meals_delivered = StrictBoolean()


class InstitutionSchema(StrictSchema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    credit_code = fields.String(required=True, validate=validate.Length(min=18, max=18))
    street = Street(required=True)
    address = fields.String(required=True, validate=validate.Length(min=1, max=300))
    beds = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=100000))
    ownership = fields.String(required=True, validate=validate.OneOf(OWNERSHIPS))
    features = fields.Nested(FeaturesSchema, load_default=dict)
    lat = fields.Float(allow_none=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(allow_none=True, validate=validate.Range(min=-180, max=180))
    status = fields.String(validate=validate.OneOf(INSTITUTION_STATUSES))
    risk_level = fields.String(validate=validate.OneOf(RISK_LEVELS))
    created_at = AwareDateTime(dump_only=True)
    updated_at = AwareDateTime(dump_only=True)


class InstitutionPatchSchema(InstitutionSchema, NonEmptyPatch):
    """Only the fields given change; ``features`` are merged into the stored ones."""

    features = fields.Nested(FeaturesPatchSchema)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # marshmallow has no ``Meta.partial``: a PATCH must not require every field.
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class InstitutionQuerySchema(StrictSchema):
    street = Street()
    q = fields.String(validate=validate.Length(max=100))
