"""Spot checks (双随机、一公开): plans, announcements, draws, verification, results,
publication, the pools."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest.pagination import PaginationParameters

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from api.pagination import PAGE_ARGS, page_of
from api.schemas.spot_checks import (
    AuditRecordSchema,
    ConflictSchema,
    ConflictWriteSchema,
    DrawRequestSchema,
    DrawResultSchema,
    PlanCreateSchema,
    PlanQuerySchema,
    PlanSchema,
    PoolFormatSchema,
    RedrawRequestSchema,
    ResultWriteSchema,
    SelectionSchema,
    UnavailabilitySchema,
    UnavailabilityWriteSchema,
    VerifySchema,
)
from inspect_app.spot_checks import draw_records, plans, pools, publication
from inspect_app.spot_checks.plans import PlanInput

blp = Blueprint("spot_checks", __name__, description="双随机抽查 / Spot checks")

PLAN = "<int(min=1, max=2147483647):plan_id>"
USER = "<int(min=1, max=2147483647):user_id>"
INSTITUTION = "<int(min=1, max=2147483647):institution_id>"
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@blp.route("/spot-checks", methods=["POST"])
@blp.arguments(PlanCreateSchema)
@blp.response(201, PlanSchema)
def create_plan(data: PlanInput) -> ViewResult:
    """新建抽查计划 / Create a spot-check plan (bureau)."""
    return plans.create_plan(current_user(), data)


@blp.route("/spot-checks", methods=["GET"])
@blp.arguments(PlanQuerySchema, location="query")
@blp.response(200, PlanSchema(many=True))
@blp.paginate(**PAGE_ARGS)
def list_plans(query: dict[str, Any], pagination_parameters: PaginationParameters) -> ViewResult:
    """抽查计划列表 / List spot-check plans (officials)."""
    return page_of(plans.list_plans(current_user(), query.get("status")), pagination_parameters)


@blp.route(f"/spot-checks/{PLAN}", methods=["GET"])
@blp.response(200, PlanSchema)
def get_plan(plan_id: int) -> ViewResult:
    """抽查计划详情（含抽取结果与公开期限）/ A plan, its draw and its publication deadline."""
    return plans.get_plan(current_user(), plan_id)


@blp.route(f"/spot-checks/{PLAN}/announce", methods=["POST"])
@blp.response(200, PlanSchema)
@blp.answers(409)
def announce_plan(plan_id: int) -> ViewResult:
    """公告：冻结名录库、公开哈希与事先指定的随机数并签名 / Announce: freeze and sign."""
    return draw_records.announce(current_user(), plan_id)


@blp.route(f"/spot-checks/{PLAN}/draw", methods=["POST"])
@blp.arguments(DrawRequestSchema)
@blp.response(200, DrawResultSchema)
@blp.answers(409)
def draw_plan(data: dict[str, Any], plan_id: int) -> ViewResult:
    """抽取：录入公告中第一个随机数（同值再抽答同一结果）/ Draw with the value named first."""
    return draw_records.draw_plan(
        current_user(), plan_id, data["public_value"], seed=data.get("seed")
    )


@blp.route(f"/spot-checks/{PLAN}/redraw", methods=["POST"])
@blp.arguments(RedrawRequestSchema)
@blp.response(200, DrawResultSchema)
@blp.answers(409)
def redraw_plan(data: dict[str, Any], plan_id: int) -> ViewResult:
    """重新抽取：注明替换哪一次、理由，录入下一个指定随机数 / Redraw with the next value."""
    return draw_records.redraw_plan(
        current_user(),
        plan_id,
        data["replaces"],
        data["reason"],
        data["public_value"],
        note=data.get("note"),
        seed=data.get("seed"),
    )


@blp.route(f"/spot-checks/{PLAN}/verify", methods=["GET"])
@blp.response(200, VerifySchema)
@blp.answers(409)
def verify_plan(plan_id: int) -> ViewResult:
    """复核抽取：以记录的种子和输入重新抽取并比对 / Re-run the draw and compare."""
    return draw_records.verify_plan(current_user(), plan_id)


@blp.route(f"/spot-checks/{PLAN}/audit", methods=["GET"])
@blp.response(200, AuditRecordSchema)
def audit_plan(plan_id: int) -> ViewResult:
    """完整抽取记录（区民政局、审计员）：全部输入、每次抽取及复核 / The full record of a
    plan's draws, for the bureau and the auditor."""
    return draw_records.audit_record(current_user(), plan_id)


@blp.route(f"/spot-checks/{PLAN}/selections/{INSTITUTION}/result", methods=["PUT"])
@blp.arguments(ResultWriteSchema)
@blp.response(200, SelectionSchema)
@blp.answers(409)
def record_result(data: dict[str, Any], plan_id: int, institution_id: int) -> ViewResult:
    """登记抽查结果 / Record a drawn institution's result (the team or the bureau)."""
    return publication.record_result(current_user(), plan_id, institution_id, data["result"])


@blp.route(f"/spot-checks/{PLAN}/publish", methods=["POST"])
@blp.response(200, PlanSchema)
@blp.answers(409)
def publish_plan(plan_id: int) -> ViewResult:
    """公开抽查结果 / Publish the results."""
    return publication.publish(current_user(), plan_id)


@blp.route(f"/users/{USER}/unavailability", methods=["POST"])
@blp.arguments(UnavailabilityWriteSchema)
@blp.response(201, UnavailabilitySchema)
def add_unavailability(data: dict[str, Any], user_id: int) -> ViewResult:
    """登记检查人员不可抽取的期间 / Mark an inspector unavailable for a period."""
    return pools.add_unavailability(
        current_user(), user_id, data["from_"], data["to"], data["reason"]
    )


@blp.route(f"/users/{USER}/conflicts", methods=["POST"])
@blp.arguments(ConflictWriteSchema)
@blp.response(201, ConflictSchema)
@blp.alt_response(200, schema=ConflictSchema, description="已登记 / Declared already")
def add_conflict(data: dict[str, Any], user_id: int) -> ViewResult:
    """登记回避关系 / Declare an inspector's conflict with an institution."""
    conflict, created = pools.add_conflict(
        current_user(), user_id, data["institution_id"], data["reason"]
    )
    return conflict, (201 if created else 200)


def _file(content: bytes, name: str, fmt: str) -> Response:
    return Response(
        content,
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@blp.route("/spot-check-pools/institutions", methods=["GET"])
@blp.arguments(PoolFormatSchema, location="query")
@blp.response(200, content_type="text/csv", description="CSV 或 XLSX，中文表头")
def export_institutions(query: dict[str, Any]) -> ViewResult:
    """导出检查对象名录库 / Export the institution pool (CSV or XLSX, Chinese headers)."""
    fmt = query["format"]
    return _file(pools.export_institutions(current_user(), fmt), "institutions", fmt)


@blp.route("/spot-check-pools/inspectors", methods=["GET"])
@blp.arguments(PoolFormatSchema, location="query")
@blp.response(200, content_type="text/csv", description="CSV 或 XLSX，中文表头")
def export_inspectors(query: dict[str, Any]) -> ViewResult:
    """导出执法检查人员名录库 / Export the inspector pool (CSV or XLSX, Chinese headers)."""
    fmt = query["format"]
    return _file(pools.export_inspectors(current_user(), fmt), "inspectors", fmt)
