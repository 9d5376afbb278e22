from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask import Response, request
from flask_smorest.pagination import PaginationParameters

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from api.pagination import PAGE_ARGS, page_of
from api.schemas.inspections import (
    AnswersSavedSchema,
    AnswerWriteSchema,
    InspectionDetailSchema,
    InspectionQuerySchema,
    InspectionSchema,
    InspectionWriteSchema,
    SubmitResultSchema,
    TasksSchema,
)
from inspect_app.inspections import answers as answers_service
from inspect_app.inspections import drafts, issuing, officers, submission, tasks
from inspect_app.inspections import features as inspection_features
from inspect_app.inspections import listing as inspection_listing
from inspect_app.inspections.answers import AnswerInput
from inspect_app.inspections.drafts import DraftInput
from inspect_app.inspections.models import Inspection

blp = Blueprint("inspections", __name__, description="现场检查 / Inspections")

ID = "<uuid:inspection_id>"


class _Detail:
    """An inspection as ``InspectionDetailSchema`` shows it: its own fields, and what
    applies to it (effective features, missing items, answers that no longer apply)."""

    def __init__(self, inspection: Inspection) -> None:
        self._inspection = inspection
        view = inspection_features.applicability_of(inspection)
        self.features = view.features
        self.missing = view.missing
        self.not_applicable = view.not_applicable
        self.officers = officers.team_of(inspection)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inspection, name)


@blp.route(f"/inspections/{ID}", methods=["PUT"])
@blp.arguments(InspectionWriteSchema)
@blp.response(200, InspectionDetailSchema)
@blp.alt_response(201, schema=InspectionDetailSchema, description="新建草稿 / Draft created")
@blp.answers(409)
def put_inspection(data: DraftInput, inspection_id: uuid.UUID) -> ViewResult:
    """新建或更新检查草稿（手机生成的 UUID）/ Create or update a draft by the phone's UUID."""
    inspection, created = drafts.save_draft(current_user(), inspection_id, data)
    return _Detail(inspection), (201 if created else 200)


@blp.route(f"/inspections/{ID}", methods=["GET"])
@blp.response(200, InspectionDetailSchema)
def get_inspection(inspection_id: uuid.UUID) -> ViewResult:
    """检查详情（含答案）/ One inspection with its answers."""
    return _Detail(inspection_listing.get_visible(current_user(), inspection_id))


@blp.route(f"/inspections/{ID}/answers", methods=["PUT"])
@blp.arguments(AnswerWriteSchema(many=True))
@blp.response(200, AnswersSavedSchema)
@blp.answers(409)
def save_answers(answers: list[AnswerInput], inspection_id: uuid.UUID) -> ViewResult:
    """按（检查表, 条目）写入答案，返回进度 / Upsert answers by (checklist, item code).

    The answer is the progress (answered so far, what is still missing), not every
    answer back: phones send up to a whole checklist per call over slow networks.
    """
    result = answers_service.save_answers(current_user(), inspection_id, answers)
    return {
        "id": result.inspection.id,
        "status": result.inspection.status,
        "saved": result.saved,
        "answered": result.answered,
        "missing": result.missing,
    }


@blp.route(f"/inspections/{ID}/submit", methods=["POST"])
@blp.response(200, SubmitResultSchema)
@blp.answers(409)
def submit_inspection(inspection_id: uuid.UUID) -> ViewResult:
    """提交检查；不合格项生成隐患 / Submit; every failed item raises a hazard."""
    result = submission.submit(current_user(), inspection_id)
    return {"id": result.inspection.id, "status": "submitted", "hazard_ids": result.hazard_ids}


@blp.route("/inspections", methods=["GET"])
@blp.arguments(InspectionQuerySchema, location="query")
@blp.response(200, InspectionSchema(many=True))
@blp.paginate(**PAGE_ARGS)
def list_inspections(
    query: dict[str, Any], pagination_parameters: PaginationParameters
) -> ViewResult:
    """检查列表 / List inspections."""
    select_ = inspection_listing.visible_query(
        current_user(),
        institution_id=query.get("institution_id"),
        status=query.get("status"),
        date_from=query.get("from_"),
        date_to=query.get("to"),
    )
    return page_of(select_, pagination_parameters)


@blp.route("/me/tasks", methods=["GET"])
@blp.response(200, TasksSchema)
def list_my_tasks() -> ViewResult:
    """我的待办：分派的检查与待我处理的隐患 / My assigned inspections and hazards awaiting me."""
    return tasks.tasks_for(current_user())


BINARY = {"type": "string", "format": "binary"}
# Issued documents never change under their URL.
DOCUMENT_CACHE_CONTROL = "private, max-age=31536000, immutable"


def _pdf_doc(
    description: str, missing: str
) -> Callable[[Callable[..., ViewResult]], Callable[..., ViewResult]]:
    return blp.doc(
        responses={
            "200": {
                "description": description,
                "content": {
                    issuing.CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}
                },
                "headers": {
                    "ETag": {
                        "description": "文书字节的 SHA-256 / SHA-256 of the PDF bytes",
                        "schema": {"type": "string"},
                    },
                    "Cache-Control": {"schema": {"type": "string"}},
                },
            },
            "304": {"description": "未修改 / Not modified"},
            "404": {"description": missing},
            "409": {"description": "检查尚未提交 / The inspection is a draft: no documents yet"},
        }
    )


def _serve_document(inspection_id: uuid.UUID, kind: str) -> Response:
    return _serve(issuing.get_file(current_user(), inspection_id, kind))


def _serve(issued: issuing.DocumentFile) -> Response:
    document = issued.document
    kind = document.kind
    headers = {"Cache-Control": DOCUMENT_CACHE_CONTROL, "X-Content-Type-Options": "nosniff"}
    if request.if_none_match.contains(issued.sha256):
        response = Response(status=304, headers=headers)
    else:
        headers["Content-Disposition"] = (
            f'inline; filename="{kind}-{document.year}-{document.serial:04d}.pdf"'
        )
        response = Response(issued.data, mimetype=issuing.CONTENT_TYPE, headers=headers)
    response.set_etag(issued.sha256)
    return response


@blp.route(f"/inspections/{ID}/record.pdf", methods=["GET"])
@_pdf_doc(
    "现场检查记录（PDF，首次获取时编号出具，此后字节不变）/ The on-site record: numbered and "
    "fixed on its first fetch, the same bytes ever after",
    "检查不存在 / No such inspection",
)
def get_inspection_record(inspection_id: uuid.UUID) -> ViewResult:
    """现场检查记录 PDF / The on-site record (现场检查记录) of a submitted inspection."""
    return _serve_document(inspection_id, "record")


@blp.route(f"/inspections/{ID}/notice.pdf", methods=["GET"])
@_pdf_doc(
    "责令限期整改通知书（PDF）/ The rectification notice, for an inspection that found hazards",
    "检查不存在，或未发现隐患 / No such inspection, or it found no hazards",
)
def get_inspection_notice(inspection_id: uuid.UUID) -> ViewResult:
    """责令限期整改通知书 PDF / The rectification notice (责令限期整改通知书): the bureau's,
    or where only another department orders, that department's."""
    return _serve_document(inspection_id, "notice")


@blp.route(f"/inspections/{ID}/documents/<int:document_id>.pdf", methods=["GET"])
@_pdf_doc(
    "检查的任一文书（PDF）：各部门的通知书、移送函、整改复查意见书 / Any document of the "
    "inspection: each department's notice, a referral letter, a re-inspection's opinion",
    "检查或文书不存在 / No such inspection or document",
)
def get_inspection_document(inspection_id: uuid.UUID, document_id: int) -> ViewResult:
    """检查文书 PDF / One of the inspection's documents, by its id (listed in `documents`)."""
    return _serve(issuing.get_document(current_user(), inspection_id, document_id))
