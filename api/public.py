"""一公开: published spot checks for anyone, without a token. JSON under ``/api/v1/public``
(in ``PUBLIC_ENDPOINTS``), and a mobile-friendly page in Chinese at
``/public/spot-checks/<id>``. Only published plans exist here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint as FlaskBlueprint
from flask import Response, render_template

from api.blueprint import Blueprint, ViewResult
from api.schemas.spot_checks import (
    PublicAnnouncementSchema,
    PublicPageQuerySchema,
    PublicPlanPageSchema,
    PublicPlanSchema,
)
from inspect_app.clock import local_date
from inspect_app.principal import Department
from inspect_app.spot_checks import publication
from inspect_app.spot_checks.models import SpotCheckResult

blp = Blueprint("public", __name__, description="公开 / Public (no token)")
pages = FlaskBlueprint("public_pages", __name__, template_folder="templates")
ASSETS = Path(__file__).resolve().parent / "static" / "public"  # the pages' stylesheet

PLAN = "<int(min=1, max=2147483647):plan_id>"
DOCS = Path(__file__).resolve().parent.parent / "docs"


@blp.route("/public/spot-checks", methods=["GET"])
@blp.arguments(PublicPageQuerySchema, location="query")
@blp.response(200, PublicPlanPageSchema)
@blp.doc(security=[])
def list_public(query: dict[str, Any]) -> ViewResult:
    """已公开的双随机抽查（分页见 pagination）/ Published spot checks, newest first."""
    page, page_size = query["page"], query["page_size"]
    items, total = publication.public_page(page, page_size)
    return {"items": items, "pagination": {"page": page, "page_size": page_size, "total": total}}


@blp.route(f"/public/spot-checks/{PLAN}", methods=["GET"])
@blp.response(200, PublicPlanSchema)
@blp.doc(security=[])
def get_public(plan_id: int) -> ViewResult:
    """公开的抽查计划、种子、输入哈希、抽中机构与结果 / A published spot check."""
    return publication.public_plan(plan_id)


@blp.route(f"/public/spot-checks/{PLAN}/announcement", methods=["GET"])
@blp.response(200, PublicAnnouncementSchema)
@blp.doc(security=[])
def get_announcement(plan_id: int) -> ViewResult:
    """抽查公告：签名声明与冻结的抽样输入（抽取之前即公开）/ A plan's signed announcement."""
    return publication.public_announcement(plan_id)


@blp.route(f"/public/spot-checks/{PLAN}/results.csv", methods=["GET"])
@blp.response(
    200, content_type="text/csv", description="UTF-8 (BOM)，中文表头，列见 docs/spot-checks.md"
)
@blp.doc(security=[])
def get_results_csv(plan_id: int) -> ViewResult:
    """公开的抽查结果表（CSV，含机构名称与统一社会信用代码）/ Published results as CSV."""
    return Response(
        publication.results_csv(plan_id),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="spot-check-{plan_id}.csv"'},
    )


@pages.route("/public/algorithms/<any('dsr-2'):name>")
def algorithm_doc(name: str) -> Response:
    """The algorithm's specification (docs/dsr-2.md), as the public page links it."""
    text = (DOCS / f"{name}.md").read_bytes()
    return Response(text, mimetype="text/markdown", content_type="text/markdown; charset=utf-8")


@pages.route(f"/public/spot-checks/{PLAN}")
def public_page(plan_id: int) -> str:
    plan = publication.public_plan(plan_id)
    return render_template(
        "public_spot_check.html",
        plan=plan,
        published_on=local_date(plan["published_at"]),
        labels=SpotCheckResult.labels(),
        departments=Department.labels(),
    )
