from __future__ import annotations

from marshmallow import fields

from api.schemas.common import (
    MONTH_MESSAGE,
    MONTH_PATTERN,
    AwareDateTime,
    FullMatch,
    Street,
    StrictSchema,
)


class MonthlyReportRequestSchema(StrictSchema):
    month = fields.String(
        required=True,
        validate=FullMatch(MONTH_PATTERN, error=MONTH_MESSAGE),
        metadata={"description": "已结束的月份 / A finished month, YYYY-MM", "example": "2026-11"},
    )
    street = Street(
        metadata={"description": "街镇报告 / One street's report; omitted: the district's"},
    )


class MonthlyReportSchema(StrictSchema):
    id = fields.Integer(required=True)
    month = fields.String(required=True)
    street = fields.String(allow_none=True, attribute="street_or_none")
    sha256 = fields.String(required=True)
    url = fields.String(required=True)
    size = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    made_at = AwareDateTime(required=True)


class MonthlyReportQuerySchema(StrictSchema):
    street = Street()
