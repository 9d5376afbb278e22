"""一公开: published spot checks for anyone, without a token. JSON under ``/api/v1/public``
(in ``PUBLIC_ENDPOINTS``), and a mobile-friendly page in Chinese at
``/public/spot-checks/<id>``. Only published plans exist here."""

from __future__ import annotations

from typing import Any

from flask import Blueprint as FlaskBlueprint
from flask import render_template

from api.blueprint import Blueprint, ViewResult
from api.schemas.spot_checks import PublicPageQuerySchema, PublicPlanPageSchema, PublicPlanSchema
from inspect_app.principal import Department
from inspect_app.spot_checks import publication
from inspect_app.spot_checks.models import SpotCheckResult

blp = Blueprint("public", __name__, description="公开 / Public (no token)")
pages = FlaskBlueprint("public_pages", __name__, template_folder="templates")

PLAN = "<int(min=1, max=2147483647):plan_id>"


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


@pages.route(f"/public/spot-checks/{PLAN}")
def public_page(plan_id: int) -> str:
    plan = publication.public_plan(plan_id)
    return render_template(
        "public_spot_check.html",
        plan=plan,
        labels=SpotCheckResult.labels(),
        departments=Department.labels(),
    )
