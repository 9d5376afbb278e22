from __future__ import annotations

from marshmallow import fields, validate

from api.schemas.common import (
    MONTH_MESSAGE,
    MONTH_PATTERN,
    AwareDateTime,
    BoundedDate,
    FullMatch,
    Multiline,
    Street,
    StrictBoolean,
    StrictSchema,
)
from inspect_app.checklists.models import Category, Severity
from inspect_app.db import MAX_ID
from inspect_app.hazards.checkpoints import format_at
from inspect_app.hazards.models import EventType, HazardStatus, MeasureKind
from inspect_app.principal import Department


class HazardSummarySchema(StrictSchema):
    id = fields.UUID(required=True)
    institution_id = fields.Integer(required=True)
    inspection_id = fields.UUID(allow_none=True)
    checklist = fields.String(attribute="checklist_key", allow_none=True)
    item_code = fields.String(allow_none=True)
    category = fields.String(required=True)
    severity = fields.String(required=True, validate=validate.OneOf(list(Severity)))
    severity_confirmed = StrictBoolean(
        required=True,
        metadata={"description": "false: 拟判重大, a proposed major hazard not yet confirmed"},
    )
    title = fields.String(required=True)
    title_en = fields.String(allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(list(HazardStatus)))
    found_at = AwareDateTime(required=True)
    due_at = AwareDateTime(required=True)
    due_days = fields.Integer(
        allow_none=True, metadata={"description": "days given to rectify when found"}
    )
    cleared_at = AwareDateTime(allow_none=True)
    voided_at = AwareDateTime(allow_none=True)
    overdue = StrictBoolean(required=True)
    department = fields.String(
        allow_none=True,
        validate=validate.OneOf(list(Department)),
        metadata={"description": "the department that found it (and reviews a general one)"},
    )
    fixed_on_site = StrictBoolean(required=True, metadata={"description": "当场整改"})
    referred_to = fields.String(
        allow_none=True,
        validate=validate.OneOf(list(Department)),
        metadata={"description": "the department it was last referred to (移送)"},
    )
    original_due_at = AwareDateTime(
        allow_none=True,
        metadata={
            "description": "原整改期限: the deadline as first set (extensions never move it)"
        },
    )
    extension_requested_at = AwareDateTime(
        allow_none=True,
        metadata={"description": "申请延期: when the pending application was made (null: none)"},
    )
    void_proposed_by_id = fields.Integer(
        allow_none=True,
        metadata={"description": "提请作废: the bureau officer who proposed a pending void"},
    )


class HazardEventSchema(StrictSchema):
    seq = fields.Integer(required=True)
    type = fields.String(required=True, validate=validate.OneOf(list(EventType)))
    actor_id = fields.Integer(allow_none=True)
    at = AwareDateTime(required=True)
    note = fields.String(allow_none=True)
    photo_ids = fields.List(fields.String(), required=True)
    data = fields.Dict(required=True)
    hash = fields.String(required=True)


class HazardSchema(HazardSummarySchema):
    description = fields.String(allow_none=True)
    row_version = fields.Integer(required=True)
    photo_ids = fields.List(fields.String(), required=True)
    events = fields.List(fields.Nested(HazardEventSchema), required=True)


class HazardQuerySchema(StrictSchema):
    institution_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    status = fields.String(validate=validate.OneOf(list(HazardStatus)))
    severity = fields.String(validate=validate.OneOf(list(Severity)))
    category = fields.String(validate=validate.OneOf(list(Category)))
    street = Street()
    overdue = fields.Boolean()  # a query string: "true" / "false"


class HazardCreateSchema(StrictSchema):
    id = fields.UUID(metadata={"description": "手机生成的 UUID，重试安全 / phone-made id"})
    institution_id = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    category = fields.String(required=True, validate=validate.OneOf(list(Category)))
    severity = fields.String(required=True, validate=validate.OneOf(list(Severity)))
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    title_en = fields.String(allow_none=True, validate=validate.Length(max=300))
    description = Multiline(allow_none=True, validate=validate.Length(max=4000))
    photo_ids = fields.List(fields.UUID(), validate=validate.Length(max=20))


class AcknowledgeSchema(StrictSchema):
    plan = Multiline(required=True, validate=validate.Length(min=1, max=4000))
    planned_finish = BoundedDate(allow_none=True)


class RectificationSchema(StrictSchema):
    description = Multiline(required=True, validate=validate.Length(min=1, max=4000))
    photo_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=20))


class ReviewSchema(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("approve", "reject")))
    note = Multiline(allow_none=True, validate=validate.Length(max=4000))
    photo_ids = fields.List(fields.UUID(), validate=validate.Length(max=20))
    inspection_id = fields.UUID(
        allow_none=True,
        metadata={
            "description": "复查检查 / The re-inspection (a submitted follow_up inspection) "
            "that found the hazard rectified: required to approve a major hazard"
        },
    )


class ExtensionApplicationSchema(StrictSchema):
    due_at = AwareDateTime(
        required=True,
        metadata={"description": "the deadline asked for, later than the current one"},
    )
    reason = Multiline(required=True, validate=validate.Length(min=1, max=2000))


class ExtensionDecisionSchema(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("grant", "refuse")))
    reason = Multiline(required=True, validate=validate.Length(min=1, max=2000))
    due_at = AwareDateTime(
        metadata={"description": "grant only: the new deadline (default: the one applied for)"}
    )


class VoidDecisionSchema(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("approve", "decline")))
    note = Multiline(required=True, validate=validate.Length(min=1, max=2000))


class MeasureInputSchema(StrictSchema):
    kind = fields.String(
        required=True,
        validate=validate.OneOf(list(MeasureKind)),
        metadata={"description": ", ".join(f"{k.value} {k.label}" for k in MeasureKind)},
    )
    note = Multiline(required=True, validate=validate.Length(min=1, max=2000))


class MeasureSchema(StrictSchema):
    id = fields.Integer(required=True)
    institution_id = fields.Integer(required=True)
    hazard_id = fields.UUID(allow_none=True)
    kind = fields.String(required=True, validate=validate.OneOf(list(MeasureKind)))
    note = fields.String(required=True)
    taken_at = AwareDateTime(required=True)
    street = fields.String(required=True)
    actor_id = fields.Integer(required=True)


class HazardDocumentSchema(StrictSchema):
    id = fields.Integer(required=True)
    kind = fields.String(
        required=True,
        validate=validate.OneOf(("extend", "correct", "change", "refer")),
        metadata={
            "description": "extend 延期决定书 (同意/不同意); correct 撤销/更正通知书; "
            "change 隐患等级变更通知书 (the bureau's decision on a proposed major); "
            "refer 隐患移送函 (to the department it was referred to)"
        },
    )
    event_seq = fields.Integer(required=True, metadata={"description": "the decision's event"})
    number = fields.String(required=True)
    created_at = AwareDateTime(required=True)
    sha256 = fields.String(allow_none=True, metadata={"description": "null until first fetched"})


class ReclassifySchema(StrictSchema):
    severity = fields.String(required=True, validate=validate.OneOf(list(Severity)))
    confirmed = StrictBoolean(
        metadata={
            "description": "major only: false keeps it proposed (拟判重大); "
            "absent or true confirms it"
        }
    )
    reason = Multiline(required=True, validate=validate.Length(min=1, max=2000))


class VoidSchema(StrictSchema):
    reason = Multiline(required=True, validate=validate.Length(min=1, max=2000))


class ReferSchema(StrictSchema):
    department = fields.String(required=True, validate=validate.OneOf(list(Department)))
    note = Multiline(required=True, validate=validate.Length(min=1, max=2000))


def _count(description: str) -> fields.Integer:
    return fields.Integer(required=True, metadata={"description": description})


def _rate(description: str) -> fields.Float:
    return fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": description + "; null when the denominator is 0"},
    )


class ClearanceTotalsSchema(StrictSchema):
    """Every figure as of ``as_of``; voided hazards count nowhere."""

    institutions = _count("机构数 / Institutions listed")
    institutions_cleared = _count(
        "已清零机构 / Institutions with no open major hazard, confirmed or proposed"
    )
    open_major = _count("在册重大隐患 / Open confirmed major hazards")
    proposed_major = _count("拟判重大 / Open major hazards not yet confirmed")
    open_general = _count("在册一般隐患 / Open general hazards")
    overdue = _count("逾期未整改 / Open, past the deadline, not awaiting review")
    awaiting_review = _count("待复查 / Open and waiting for the reviewer")
    open_major_prev_month_end = _count(
        "上月末在册重大隐患 / Open confirmed major hazards at the end of the previous month"
    )
    found_this_month = _count("本月发现 / Found this month up to as_of")
    cleared_this_month = _count("本月销号 / Cleared this month up to as_of")
    found_this_year = _count("本年发现 / Found this year up to as_of")
    cleared_this_year = _count("本年销号 / Cleared this year up to as_of")
    rectification_rate = _rate(
        "整改率 / Of the hazards found this year, the share cleared by as_of"
    )
    due_this_year = _count(
        "本年到期隐患 / Hazards whose original deadline fell this year up to as_of "
        "(never fixed on site)"
    )
    rectified_on_time = _count(
        "按期整改 / Of due_this_year, those whose rectification, submitted by the original "
        "deadline, was approved before as_of"
    )
    on_time_rate = _rate("按期整改率 / rectified_on_time ÷ due_this_year")
    fixed_on_site_this_month = _count("本月当场整改 / Found and fixed on site this month")
    fixed_on_site_this_year = _count("本年当场整改 / Found and fixed on site this year")
    proposed_major_past_limit = _count(
        "拟判重大超过确认时限 / Proposed majors open longer than MAJOR_CONFIRMATION_DAYS"
    )
    institutions_operating = _count("在营机构 / Institutions in operation")
    institutions_inspected_this_year = _count(
        "本年已检查在营机构 / Institutions in operation with a submitted inspection this year"
    )
    coverage = _rate(
        "检查覆盖率 / Institutions with a civil-affairs on-site inspection (routine, special, "
        "spot check) this year ÷ institutions in operation at some time this year"
    )


class ClearanceInstitutionSchema(StrictSchema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    street = fields.String(required=True, metadata={"description": "机构当前街镇 / Current street"})
    open_major = _count("在册重大隐患 / Open confirmed major hazards")
    proposed_major = _count("拟判重大 / Open major hazards not yet confirmed")
    open_general = _count("在册一般隐患 / Open general hazards")
    overdue = _count("逾期未整改 / Open, past the deadline, not awaiting review")
    awaiting_review = _count("待复查 / Waiting for the reviewer")
    cleared_this_month = _count("本月销号 / Cleared this month up to as_of")
    cleared = StrictBoolean(
        required=True,
        metadata={
            "description": "动态清零：无在册重大隐患（含拟判）/ No open major hazard, "
            "confirmed or proposed"
        },
    )


class ClearanceSchema(StrictSchema):
    as_of = AwareDateTime(
        required=True,
        metadata={"description": "Now, or the end of the month asked for (exclusive)"},
    )
    month = fields.String(
        required=True, metadata={"description": "YYYY-MM: the month as_of falls in or ends"}
    )
    street = fields.String(allow_none=True)
    totals = fields.Nested(ClearanceTotalsSchema, required=True)
    on_target = StrictBoolean(
        required=True,
        metadata={"description": "No open major hazard and none overdue"},
    )
    institutions = fields.List(fields.Nested(ClearanceInstitutionSchema), required=True)


class ClearanceQuerySchema(StrictSchema):
    street = Street()
    month = fields.String(
        validate=FullMatch(MONTH_PATTERN, error=MONTH_MESSAGE),
        metadata={"description": "YYYY-MM: figures as of the end of that month (not a future one)"},
    )


class AuditSchema(StrictSchema):
    ok = StrictBoolean(required=True)
    events_checked = fields.Integer(required=True)
    hazards_checked = fields.Integer(required=True)
    checkpoints_checked = fields.Integer(required=True)
    first_bad = fields.Dict(allow_none=True)


class AuditKeySchema(StrictSchema):
    key_id = fields.String(required=True)
    algorithm = fields.String(required=True)
    public_key_pem = fields.String(required=True)


class CheckpointQuerySchema(StrictSchema):
    """A page of checkpoints, newest first (no X-Pagination header: outsiders page on
    until a short page)."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class CheckpointSchema(StrictSchema):
    seq = fields.Integer(required=True)
    at = fields.Function(
        lambda checkpoint: format_at(checkpoint.at),
        required=True,
        metadata={"type": "string", "description": "ISO 8601 in UTC, exactly as signed"},
    )
    events = fields.Integer(required=True)
    root = fields.String(required=True)
    previous = fields.String(required=True)
    signature = fields.String(required=True)
    key_id = fields.String(required=True)


class NotificationSchema(StrictSchema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    hazard_id = fields.UUID(allow_none=True)
    message = fields.String(required=True)
    created_at = AwareDateTime(required=True)
    read_at = AwareDateTime(allow_none=True)


class NotificationQuerySchema(StrictSchema):
    unread = fields.Boolean()  # a query string


class MarkedSchema(StrictSchema):
    updated = fields.Integer(required=True)
