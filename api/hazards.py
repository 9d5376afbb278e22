from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC
from typing import Any

from flask import Response, after_this_request, current_app, request
from flask.views import MethodView
from flask_smorest.pagination import PaginationParameters
from sqlalchemy import func, select

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from api.pagination import PAGE_ARGS, page_of
from api.schemas.hazards import (
    AcknowledgeSchema,
    AuditKeySchema,
    AuditSchema,
    CheckpointQuerySchema,
    CheckpointSchema,
    ClearanceQuerySchema,
    ClearanceSchema,
    ExtensionApplicationSchema,
    ExtensionDecisionSchema,
    HazardCreateSchema,
    HazardDocumentSchema,
    HazardQuerySchema,
    HazardSchema,
    HazardSummarySchema,
    MeasureInputSchema,
    MeasureSchema,
    ReclassifySchema,
    RectificationSchema,
    ReferSchema,
    ReviewSchema,
    VoidDecisionSchema,
    VoidSchema,
)
from inspect_app.errors import PreconditionFailed
from inspect_app.extensions import db
from inspect_app.hazards import audit, checkpoints, lifecycle, measures, recording
from inspect_app.hazards import listing as hazard_listing
from inspect_app.hazards.models import Hazard, Measure
from inspect_app.hazards.recording import NewHazardInput
from inspect_app.inspections import hazard_documents
from inspect_app.reports import clearance

blp = Blueprint("hazards", __name__, description="隐患与动态清零 / Hazards and clearance")

ID = "<uuid:hazard_id>"
INSTITUTION = "<int(min=1, max=2147483647):institution_id>"
DOCUMENT = "<int(min=1, max=2147483647):document_id>"


def _etag(hazard: Hazard) -> str:
    return f"hazard-{hazard.id}-v{hazard.row_version}"


def _expected_version(hazard_id: uuid.UUID) -> int | None:
    """``If-Match`` with the ETag of GET /hazards/{id}: act only on what the user saw."""
    if not request.if_match:
        return None
    hazard = hazard_listing.get_visible(current_user(), hazard_id)
    if request.if_match.contains(_etag(hazard)) or request.if_match.star_tag:
        return hazard.row_version
    raise PreconditionFailed()


def _answer(hazard: Hazard) -> tuple[Hazard, int, dict[str, str]]:
    return hazard, 200, {"ETag": f'"{_etag(hazard)}"'}


@blp.route("/hazards", methods=["GET"])
@blp.arguments(HazardQuerySchema, location="query")
@blp.response(200, HazardSummarySchema(many=True))
@blp.paginate(**PAGE_ARGS)
def list_hazards(query: dict[str, Any], pagination_parameters: PaginationParameters) -> ViewResult:
    """隐患列表，按整改期限排序 / Hazards, soonest deadline first.

    The total in X-Pagination stops at HAZARD_LIST_COUNT_CAP (then X-Total-Capped: true).
    """
    cap = current_app.config["HAZARD_LIST_COUNT_CAP"]
    rows = page_of(hazard_listing.list_query(current_user(), **query), pagination_parameters, cap)
    if pagination_parameters.item_count >= cap:

        @after_this_request
        def _capped(response: Response) -> Response:
            response.headers["X-Total-Capped"] = "true"
            return response

    return rows


@blp.route("/hazards/confirmation-overdue", methods=["GET"])
@blp.response(200, HazardSummarySchema(many=True))
@blp.alt_response(403, schema="Error", description="机构管理员不可查看 / Not for managers")
def list_confirmation_overdue() -> ViewResult:
    """超过确认时限的拟判重大隐患，最早发现在前 / Proposed major hazards (拟判重大) the bureau
    has not confirmed or downgraded within MAJOR_CONFIRMATION_DAYS, oldest first."""
    return hazard_listing.confirmation_overdue(current_user())


@blp.route("/hazards", methods=["POST"])
@blp.arguments(HazardCreateSchema)
@blp.response(201, HazardSchema)
@blp.alt_response(200, schema=HazardSchema, description="重试，已存在 / Replay of a create")
@blp.answers(409)
def create_hazard(data: NewHazardInput) -> ViewResult:
    """登记检查表之外发现的隐患 / Record a hazard found outside any checklist."""
    hazard, created = recording.record_hazard(current_user(), data)
    return hazard, (201 if created else 200), {"ETag": f'"{_etag(hazard)}"'}


@blp.route(f"/hazards/{ID}", methods=["GET"])
@blp.response(200, HazardSchema)
def get_hazard(hazard_id: uuid.UUID) -> ViewResult:
    """隐患详情及全过程记录 / One hazard with its event record."""
    return _answer(hazard_listing.get_visible(current_user(), hazard_id))


@blp.route(f"/hazards/{ID}/acknowledge", methods=["POST"])
@blp.arguments(AcknowledgeSchema)
@blp.response(200, HazardSchema)
@blp.answers(409, 412)
def acknowledge_hazard(data: dict[str, Any], hazard_id: uuid.UUID) -> ViewResult:
    """机构确认隐患并提交整改计划 / The manager acknowledges with a plan."""
    finish = data.get("planned_finish")
    hazard = lifecycle.perform(
        current_user(),
        hazard_id,
        "acknowledge",
        note=data["plan"],
        data={"planned_finish": finish.isoformat()} if finish else None,
        expected_version=_expected_version(hazard_id),
    )
    return _answer(hazard)


@blp.route(f"/hazards/{ID}/rectification", methods=["POST"])
@blp.arguments(RectificationSchema)
@blp.response(200, HazardSchema)
@blp.answers(409, 412)
def submit_rectification(data: dict[str, Any], hazard_id: uuid.UUID) -> ViewResult:
    """机构提交整改结果（至少一张照片）/ The manager submits the rectification with photos."""
    hazard = lifecycle.perform(
        current_user(),
        hazard_id,
        "rectify",
        note=data["description"],
        photo_ids=data["photo_ids"],
        expected_version=_expected_version(hazard_id),
    )
    return _answer(hazard)


@blp.route(f"/hazards/{ID}/review", methods=["POST"])
@blp.arguments(ReviewSchema)
@blp.response(200, HazardSchema)
@blp.answers(409, 412)
def review_hazard(data: dict[str, Any], hazard_id: uuid.UUID) -> ViewResult:
    """复查：通过销号或退回整改 / Review: approve (cleared) or reject (back to rectifying)."""
    hazard = lifecycle.perform(
        current_user(),
        hazard_id,
        "approve" if data["decision"] == "approve" else "reject",
        note=data.get("note"),
        photo_ids=data.get("photo_ids"),
        data={"inspection_id": str(data["inspection_id"])} if data.get("inspection_id") else None,
        expected_version=_expected_version(hazard_id),
    )
    return _answer(hazard)


def _refusals(view: Callable[..., ViewResult]) -> Callable[..., ViewResult]:
    """Document the refusals every hazard action may answer with."""
    for code, description in (
        (403, "角色或部门不能执行 / Not this role's or department's action"),
        (404, "隐患不存在或不可见 / No such hazard (or not the manager's)"),
        (409, "当前状态不允许 / Not allowed in the hazard's state"),
        (412, "记录已被修改（If-Match）/ Changed since read (If-Match)"),
        (422, "输入有误 / Invalid input"),
    ):
        view = blp.alt_response(code, schema="Error", description=description)(view)
    return view


@blp.route(f"/hazards/{ID}/extension-application", methods=["POST"])
@blp.arguments(ExtensionApplicationSchema)
@blp.response(200, HazardSchema)
@_refusals
def apply_for_extension(data: dict[str, Any], hazard_id: uuid.UUID) -> ViewResult:
    """申请延期（机构，期限届满前）/ The institution applies for a later deadline, before the
    current one passes (409 after it, or with an application pending)."""
    hazard = lifecycle.apply_for_extension(
        current_user(),
        hazard_id,
        data["due_at"],
        data["reason"],
        expected_version=_expected_version(hazard_id),
    )
    return _answer(hazard)


@blp.route(f"/hazards/{ID}/extension-decision", methods=["POST"])
@blp.arguments(ExtensionDecisionSchema)
@blp.response(200, HazardSchema)
@_refusals
def decide_extension(data: dict[str, Any], hazard_id: uuid.UUID) -> ViewResult:
    """同意/不同意延期 / Decide the pending application (the department that issued the
    notice, or the bureau; a major hazard: the bureau), numbering the decision document."""
    hazard, seq = lifecycle.decide_extension(
        current_user(),
        hazard_id,
        data["decision"],
        data["reason"],
        due_at=data.get("due_at"),
        expected_version=_expected_version(hazard_id),
    )
    if seq is not None:
        hazard_documents.issue(hazard.id, "extend", seq)
    return _answer(hazard)


@blp.route(f"/hazards/{ID}/reclassify", methods=["POST"])
@blp.arguments(ReclassifySchema)
@blp.response(200, HazardSchema)
@_refusals
def reclassify_hazard(data: dict[str, Any], hazard_id: uuid.UUID) -> ViewResult:
    """改定等级或确认拟判重大（区民政局）/ Change the severity or confirm a proposed major
    hazard (the bureau). The deadline stays as it is."""
    proposed = hazard_documents.was_proposed(current_user(), hazard_id)
    hazard = lifecycle.reclassify(
        current_user(),
        hazard_id,
        data["severity"],
        data.get("confirmed"),
        data["reason"],
        expected_version=_expected_version(hazard_id),
    )
    # The bureau decided a proposed major: the change notice to the institution.
    hazard_documents.on_reclassified(hazard, proposed)
    return _answer(hazard)


@blp.route(f"/hazards/{ID}/void", methods=["POST"])
@blp.arguments(VoidSchema)
@blp.response(200, HazardSchema)
@_refusals
def void_hazard(data: dict[str, Any], hazard_id: uuid.UUID) -> ViewResult:
    """提请作废误登记的隐患（区民政局）/ Propose voiding a hazard recorded in error (a bureau
    officer); another bureau officer decides."""
    hazard = lifecycle.propose_void(
        current_user(), hazard_id, data["reason"], expected_version=_expected_version(hazard_id)
    )
    return _answer(hazard)


@blp.route(f"/hazards/{ID}/void-decision", methods=["POST"])
@blp.arguments(VoidDecisionSchema)
@blp.response(200, HazardSchema)
@_refusals
def decide_void(data: dict[str, Any], hazard_id: uuid.UUID) -> ViewResult:
    """批准/不批准作废（另一名区民政局工作人员）/ A second bureau officer approves the
    proposed void (voided, with a numbered correction notice to the institution) or
    declines it. The proposer deciding: 403."""
    hazard, seq = lifecycle.decide_void(
        current_user(),
        hazard_id,
        data["decision"],
        data["note"],
        expected_version=_expected_version(hazard_id),
    )
    if seq is not None and data["decision"] == "approve":
        hazard_documents.issue(hazard.id, "correct", seq)
    return _answer(hazard)


@blp.route(f"/hazards/{ID}/measures", methods=["POST"])
@blp.arguments(MeasureInputSchema)
@blp.response(201, MeasureSchema)
@blp.alt_response(200, schema=MeasureSchema, description="重试，已记录 / Replay")
@blp.alt_response(403, schema="Error", description="只有区民政局 / The bureau only")
@blp.alt_response(404, schema="Error", description="隐患不存在 / No such hazard")
@blp.alt_response(409, schema="Error", description="隐患刚被他人修改 / Changed meanwhile")
def take_hazard_measure(data: dict[str, Any], hazard_id: uuid.UUID) -> ViewResult:
    """对隐患采取监管措施（挂牌督办、约谈、立案、停止收住、停业整顿、临时管控）/ A supervision
    measure on account of one hazard (the bureau): recorded in its chain, counted monthly."""
    before = db.session.scalar(select(func.max(Measure.id)))
    measure = measures.on_hazard(current_user(), hazard_id, data["kind"], data["note"])
    return measure, 201 if before is None or measure.id > before else 200


@blp.route(f"/institutions/{INSTITUTION}/measures")
class InstitutionMeasures(MethodView):
    # One rule for GET and POST: with two rules on this path, an id that the bounded
    # converter refuses (0, 2**31) would answer 405 instead of 404.

    @blp.arguments(MeasureInputSchema)
    @blp.response(201, MeasureSchema)
    @blp.alt_response(200, schema=MeasureSchema, description="重试，已记录 / Replay")
    @blp.alt_response(403, schema="Error", description="只有区民政局 / The bureau only")
    @blp.alt_response(404, schema="Error", description="机构不存在 / No such institution")
    def post(self, data: dict[str, Any], institution_id: int) -> ViewResult:
        """对机构采取监管措施 / A supervision measure on an institution as a whole (the
        bureau)."""
        before = db.session.scalar(select(func.max(Measure.id)))
        measure = measures.on_institution(
            current_user(), institution_id, data["kind"], data["note"]
        )
        return measure, 201 if before is None or measure.id > before else 200

    @blp.response(200, MeasureSchema(many=True))
    @blp.alt_response(404, schema="Error", description="机构不存在 / No such institution")
    def get(self, institution_id: int) -> ViewResult:
        """机构及其隐患的监管措施，最新在前 / The measures on an institution and its hazards,
        newest first (its manager sees its own)."""
        return db.session.scalars(measures.of_institution(current_user(), institution_id)).all()


@blp.route(f"/hazards/{ID}/documents", methods=["GET"])
@blp.response(200, HazardDocumentSchema(many=True))
@blp.alt_response(404, schema="Error", description="隐患不存在 / No such hazard")
def list_hazard_documents(hazard_id: uuid.UUID) -> ViewResult:
    """隐患的文书（延期决定书、撤销更正通知书、等级变更通知书、移送函）/ A hazard's
    documents: extension decisions, the correction notice, the change notice and referral
    letters, oldest first."""
    return hazard_documents.listed(current_user(), hazard_id)


@blp.route(f"/hazards/{ID}/documents/{DOCUMENT}.pdf", methods=["GET"])
@blp.doc(
    responses={
        "200": {
            "description": "文书 PDF（首次获取时生成，此后不变）/ The PDF, fixed on first fetch",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
        "404": {"description": "文书不存在 / No such document"},
    }
)
def get_hazard_document(hazard_id: uuid.UUID, document_id: int) -> ViewResult:
    """隐患文书 PDF / One of a hazard's documents."""
    issued = hazard_documents.get_file(current_user(), hazard_id, document_id)
    response = Response(
        issued.data,
        mimetype="application/pdf",
        headers={
            "Cache-Control": "private, max-age=31536000, immutable",
            "Content-Disposition": f'inline; filename="{issued.document.kind}-'
            f'{issued.document.year}-{issued.document.serial}.pdf"',
        },
    )
    response.set_etag(issued.sha256)
    return response


@blp.route(f"/hazards/{ID}/refer", methods=["POST"])
@blp.arguments(ReferSchema)
@blp.response(200, HazardSchema)
@_refusals
def refer_hazard(data: dict[str, Any], hazard_id: uuid.UUID) -> ViewResult:
    """移送其他部门，状态不变 / Refer to another department; the status stays, and a
    numbered referral letter (移送函) to that department is issued. The bureau or an
    inspector of the department that found it."""
    hazard, seq = lifecycle.refer(
        current_user(),
        hazard_id,
        data["department"],
        data["note"],
        expected_version=_expected_version(hazard_id),
    )
    if seq is not None:
        hazard_documents.issue(hazard.id, "refer", seq)
    return _answer(hazard)


@blp.route("/clearance", methods=["GET"])
@blp.arguments(ClearanceQuerySchema, location="query")
@blp.response(200, ClearanceSchema)
@blp.alt_response(403, schema="Error", description="机构管理员不可查看 / Not for managers")
@blp.alt_response(404, schema="Error", description="街镇人员：他街镇不存在 / Another street")
def get_clearance(query: dict[str, Any]) -> ViewResult:
    """动态清零与上报数字 / Clearance and the figures a bureau reports, now or at a
    month's end."""
    month = query.get("month")
    figures = clearance.clearance(
        current_user(),
        street=query.get("street"),
        month=(int(month[:4]), int(month[5:])) if month else None,
    )
    # Documented by ClearanceSchema, written directly (see clearance.as_json).
    body = clearance.as_json(figures)
    body["as_of"] = body["as_of"].astimezone(UTC).isoformat()
    return current_app.json.response(body)


@blp.route("/audit/verify", methods=["GET"])
@blp.response(200, AuditSchema)
def verify_audit() -> ViewResult:
    """校验全过程记录 / Verify every event chain, the hazards' facts and every signed
    checkpoint."""
    return audit.verify_chains(current_user())


@blp.route("/public/audit/key", methods=["GET"])
@blp.response(200, AuditKeySchema)
@blp.doc(security=[])
def audit_key() -> ViewResult:
    """检查点签名公钥 / The public key that signs the audit checkpoints (no token)."""
    return checkpoints.public_key_info()


@blp.route("/public/audit/checkpoints", methods=["GET"])
@blp.arguments(CheckpointQuerySchema, location="query")
@blp.response(200, CheckpointSchema(many=True))
@blp.doc(security=[])
def audit_checkpoints(query: dict[str, Any]) -> ViewResult:
    """已签名的全过程记录检查点，最新在前 / Signed checkpoints, newest first (no token).

    The signature is Ed25519 over the UTF-8 bytes of ``json.dumps({seq, at, events,
    root, previous}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``."""
    return checkpoints.page(query["page"], query["page_size"])
