from __future__ import annotations

from flask import url_for
from marshmallow import fields, validate

from api.schemas.common import AwareDateTime, Multiline, StrictBoolean, StrictSchema
from api.schemas.hazards import HazardSummarySchema
from inspect_app.db import MAX_ID
from inspect_app.inspections.models import (
    DOCUMENT_KINDS,
    RESULTS,
    STATUSES,
    Document,
    InspectionKind,
    RecheckResult,
)
from inspect_app.principal import Department


class LocationSchema(StrictSchema):
    lat = fields.Float(required=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(required=True, validate=validate.Range(min=-180, max=180))
    accuracy_m = fields.Float(validate=validate.Range(min=0, max=100000), allow_none=True)


class FeaturesConfirmedSchema(StrictSchema):
    """Features the inspector found on site; those left out follow the directory."""

    kitchen = StrictBoolean()
    gas = StrictBoolean()
    lpg = StrictBoolean(metadata={"description": "LPG cylinders (液化石油气钢瓶)"})
    medical = StrictBoolean()
    meals_delivered = StrictBoolean(metadata={"description": "meals ordered in (外送餐食)"})


class EffectiveFeaturesSchema(StrictSchema):
    kitchen = StrictBoolean(required=True)
    gas = StrictBoolean(required=True)
    lpg = StrictBoolean(required=True)
    medical = StrictBoolean(required=True)
    meals_delivered = StrictBoolean(required=True)


class RecheckSchema(StrictSchema):
    """A hazard a re-inspection (复查) re-checked on site, and what it found."""

    hazard_id = fields.UUID(required=True)
    result = fields.String(
        required=True,
        validate=validate.OneOf(list(RecheckResult)),
        metadata={"description": "rectified 已整改, not_rectified 未整改"},
    )
    note = Multiline(allow_none=True, validate=validate.Length(max=2000))
    photo_ids = fields.List(
        fields.UUID(),
        validate=validate.Length(max=20),
        metadata={"description": "现场照片 / photos taken on site; at least one to submit"},
    )


class InspectionWriteSchema(StrictSchema):
    institution_id = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    checklists = fields.List(
        fields.String(validate=validate.Length(min=1, max=32)),
        required=True,
        validate=validate.Length(max=20),
        metadata={"description": "at least one, but for a follow_up that re-checks hazards"},
    )
    kind = fields.String(required=True, validate=validate.OneOf(list(InspectionKind)))
    started_at = AwareDateTime(required=True)
    location = fields.Nested(LocationSchema, allow_none=True)
    features_confirmed = fields.Nested(
        FeaturesConfirmedSchema,
        allow_none=True,
        metadata={
            "description": "what the inspector found on site; which items apply follows it. "
            "Left out: unchanged; null or {}: none confirmed (the directory's features stand)"
        },
    )
    signature_refused = StrictBoolean(
        load_default=False,
        metadata={"description": "被检查单位拒绝签字 / The institution refused to sign the record"},
    )
    signature_note = Multiline(
        allow_none=True,
        validate=validate.Length(max=1000),
        metadata={"description": "检查人员对拒签的说明 / The inspectors' note on the refusal"},
    )
    assignee_ids = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID)),
        validate=validate.Length(max=20),
        metadata={
            "description": "检查人员（用户 id）；调用者和创建者总在其中 / The officers on the "
            "inspection (user ids): active inspectors or bureau officers; the caller and the "
            "creator are always on it, a spot check keeps its drawn team. Left out: "
            "unchanged. Submit needs two holding enforcement certificates (422 otherwise)"
        },
    )
    present_person_name = fields.String(
        allow_none=True,
        validate=validate.Length(max=100),
        metadata={
            "description": "被检查单位在场人员姓名 / Name of the institution's person present; "
            "required to submit. Left out: unchanged"
        },
    )
    present_person_position = fields.String(
        allow_none=True,
        validate=validate.Length(max=100),
        metadata={
            "description": "在场人员职务 / Their position (e.g. 院长); required to submit. "
            "Left out: unchanged"
        },
    )
    rechecks = fields.List(
        fields.Nested(RecheckSchema),
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={
            "description": "复查 / A follow_up's hazards re-checked on site (at least one; "
            "live hazards of the institution); no other kind names any. Left out: unchanged"
        },
    )


class InspectionOfficerSchema(StrictSchema):
    """An officer on an inspection, as its record names them."""

    id = fields.Integer(required=True)
    display_name = fields.String(required=True, attribute="name")
    department = fields.String(allow_none=True)
    enforcement_cert_no = fields.String(allow_none=True, attribute="cert_no")
    certified = StrictBoolean(
        required=True,
        metadata={
            "description": "计入两名持证检查人员 / Counts towards the two certified officers: "
            "active, with an enforcement certificate number"
        },
    )


class AnswerWriteSchema(StrictSchema):
    """One answer as the phone sends it; loaded with the API's names, as the service takes it."""

    checklist = fields.String(required=True, validate=validate.Length(min=1, max=32))
    item_code = fields.String(required=True, validate=validate.Length(min=1, max=16))
    result = fields.String(required=True, validate=validate.OneOf(RESULTS))
    value = fields.Raw(allow_none=True)
    note = Multiline(allow_none=True, validate=validate.Length(max=2000))
    photo_ids = fields.List(fields.UUID(), validate=validate.Length(max=20))
    fixed_on_site = StrictBoolean(
        metadata={"description": "当场整改: a failed general item put right during the visit"}
    )
    due_days = fields.Integer(
        allow_none=True,
        strict=True,
        validate=validate.Range(min=0, max=3650),
        metadata={
            "description": "days to rectify a failed item, 0 to HAZARD_DUE_DAYS_MAX (a major "
            "hazard: at most its item's days); absent: the item's or the default"
        },
    )


class AnswerSchema(AnswerWriteSchema):
    """One stored answer (the row names its checklist ``checklist_key``)."""

    checklist = fields.String(
        required=True,
        attribute="checklist_key",
        data_key="checklist",
        validate=validate.Length(min=1, max=32),
    )
    updated_at = AwareDateTime(dump_only=True)


class PinnedChecklistSchema(StrictSchema):
    key = fields.String(required=True)
    version = fields.Integer(required=True)


class InspectionSchema(StrictSchema):
    id = fields.UUID(required=True)
    institution_id = fields.Integer(required=True)
    inspector_id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(list(InspectionKind)))
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    started_at = AwareDateTime(required=True)
    submitted_at = AwareDateTime(allow_none=True)
    location = fields.Nested(LocationSchema, allow_none=True)
    features_confirmed = fields.Nested(FeaturesConfirmedSchema, allow_none=True)
    checklists = fields.List(fields.Nested(PinnedChecklistSchema), required=True)
    assignee_ids = fields.List(fields.Integer(), required=True)
    hazard_ids = fields.List(fields.String(), allow_none=True)
    due_at = AwareDateTime(allow_none=True)
    signature_refused = StrictBoolean(required=True)
    signature_note = Multiline(allow_none=True)
    present_person_name = fields.String(allow_none=True)
    present_person_position = fields.String(allow_none=True)
    rechecks = fields.List(fields.Nested(RecheckSchema), allow_none=True)
    created_at = AwareDateTime(required=True)
    updated_at = AwareDateTime(required=True)


def _document_url(document: Document) -> str:
    """The record and the bureau's notice at their own addresses; the rest by id."""
    if document.kind == "record" or (
        document.kind == "notice" and document.issuer == Department.CIVIL_AFFAIRS
    ):
        return url_for(
            f"inspections.get_inspection_{document.kind}", inspection_id=document.inspection_id
        )
    return url_for(
        "inspections.get_inspection_document",
        inspection_id=document.inspection_id,
        document_id=document.id,
    )


class DocumentSchema(StrictSchema):
    id = fields.Integer(required=True)
    kind = fields.String(
        required=True,
        validate=validate.OneOf(DOCUMENT_KINDS),
        metadata={
            "description": "record 现场检查记录, notice 责令限期整改通知书, "
            "opinion 整改复查意见书, referral 移送函, change 隐患等级变更通知书"
        },
    )
    issuer = fields.String(
        required=True,
        validate=validate.OneOf(list(Department)),
        metadata={"description": "发文机关（部门）/ The department in whose name it is issued"},
    )
    subject = fields.String(
        required=True,
        metadata={"description": "移送函的收文部门；其他为空 / A referral letter's addressee"},
    )
    number = fields.String(required=True, metadata={"description": "文书编号 / Document number"})
    sha256 = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "PDF 的 SHA-256；首次获取前为 null / SHA-256 of the PDF bytes, "
            "null until the document is first fetched (its PDF is built then, once)"
        },
    )
    url = fields.Function(
        _document_url,
        required=True,
        metadata={"type": "string", "description": "文书 PDF 的地址 / Where to fetch the PDF"},
    )
    created_at = AwareDateTime(required=True, metadata={"description": "编号时间（提交时）"})


class InspectionDetailSchema(InspectionSchema):
    answers = fields.List(fields.Nested(AnswerSchema), required=True)
    officers = fields.List(
        fields.Nested(InspectionOfficerSchema),
        required=True,
        metadata={
            "description": "检查人员（记录人在前）/ The officers on it, the recorder first; "
            "submit needs two with certified true"
        },
    )
    features = fields.Nested(
        EffectiveFeaturesSchema,
        required=True,
        metadata={"description": "the directory's features, as confirmed on site: what applies"},
    )
    missing = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "applicable items not yet answered, as checklist:code"},
    )
    not_applicable = fields.List(
        fields.String(),
        required=True,
        metadata={
            "description": "answers kept for items that no longer apply (checklist:code): "
            "not counted, no hazard raised"
        },
    )
    documents = fields.List(
        fields.Nested(DocumentSchema),
        required=True,
        metadata={
            "description": "检查的文书（提交时编号）/ The inspection's documents, numbered at "
            "submit: the record, and the notice where hazards were found"
        },
    )


class InspectionQuerySchema(StrictSchema):
    institution_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    status = fields.String(validate=validate.OneOf(STATUSES))
    from_ = AwareDateTime(data_key="from")
    to = AwareDateTime()


class AnswersSavedSchema(StrictSchema):
    id = fields.UUID(required=True)
    status = fields.String(required=True)
    saved = fields.Integer(required=True, metadata={"description": "answers in this request"})
    answered = fields.Integer(required=True, metadata={"description": "answers so far"})
    missing = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "applicable items not yet answered, as checklist:code"},
    )


class SubmitResultSchema(StrictSchema):
    id = fields.UUID(required=True)
    status = fields.String(required=True)
    hazard_ids = fields.List(fields.String(), required=True)


class TasksSchema(StrictSchema):
    inspections = fields.List(fields.Nested(InspectionSchema), required=True)
    hazards = fields.List(fields.Nested(HazardSummarySchema), required=True)
