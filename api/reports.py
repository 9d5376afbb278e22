"""Monthly hazard reports (月度隐患报告), for the bureau: made once per finished month
(and street), frozen, stored with their SHA-256."""

from __future__ import annotations

from typing import Any

from flask import Response, stream_with_context, url_for

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from api.schemas.reports import (
    MONTH_PATTERN,
    MonthlyReportQuerySchema,
    MonthlyReportRequestSchema,
    MonthlyReportSchema,
)
from inspect_app.reports import archive
from inspect_app.reports.models import MonthlyReport
from inspect_app.storage import iter_chunks

blp = Blueprint("reports", __name__, description="月度隐患报告 / Monthly hazard reports")

MONTH_PARAMETER = {
    "in": "path",
    "name": "month",
    "required": True,
    "schema": {"type": "string", "pattern": f"^(?:{MONTH_PATTERN})$"},
    "description": "已结束的月份 / A finished month, YYYY-MM",
}


def _pdf_params(report: MonthlyReport) -> dict[str, Any]:
    """The PDF's URL parameters: the month, and the street of a street's report."""
    params: dict[str, Any] = {"month": report.month}
    if report.street:
        params["street"] = report.street
    return params


def _body(report: MonthlyReport) -> dict:
    return {
        "id": report.id,
        "month": report.month,
        "street_or_none": report.street_or_none,
        "sha256": report.sha256,
        "url": url_for("reports.get_monthly_report_pdf", **_pdf_params(report)),
        "size": report.size,
        "pages": report.pages,
        "made_at": report.made_at,
    }


@blp.route("/reports/monthly", methods=["POST"])
@blp.arguments(MonthlyReportRequestSchema)
@blp.response(201, MonthlyReportSchema)
@blp.alt_response(200, schema=MonthlyReportSchema, description="已出具 / Made already (frozen)")
@blp.alt_response(403, schema="Error", description="区民政局专用 / Bureau only")
@blp.alt_response(422, schema="Error", description="月份未结束或街镇不存在 / Unfinished month")
@blp.alt_response(404, schema="Error", description="街镇人员：他街镇不存在 / Another street")
def make_monthly_report(data: dict[str, Any]) -> ViewResult:
    """出具月度隐患报告 / Make a finished month's report (district, or one street).

    A report is made once and frozen: asking again answers the stored one (200)."""
    report, made = archive.make(current_user(), data["month"], data.get("street"))
    return _body(report), (201 if made else 200)


@blp.route("/reports/monthly/<month>.pdf", methods=["GET"], parameters=[MONTH_PARAMETER])
@blp.arguments(MonthlyReportQuerySchema, location="query")
@blp.response(200, content_type="application/pdf", description="PDF（A4，中文）")
@blp.alt_response(403, schema="Error", description="区民政局专用 / Bureau only")
@blp.alt_response(422, schema="Error", description="月份未结束或街镇不存在 / Unfinished month")
@blp.alt_response(404, schema="Error", description="街镇人员：他街镇不存在 / Another street")
def get_monthly_report_pdf(query: dict[str, Any], month: str) -> ViewResult:
    """月度隐患报告 PDF / A finished month's report as PDF (made on first request).

    ``ETag`` and ``X-Report-SHA256`` carry the SHA-256 of the file."""
    report, stream = archive.open_pdf(current_user(), month, query.get("street"))
    scope = f"-{report.street}" if report.street else ""
    return Response(
        stream_with_context(iter_chunks(stream)),
        mimetype="application/pdf",
        headers={
            "Content-Length": str(report.size),
            "ETag": f'"{report.sha256}"',
            "X-Report-SHA256": report.sha256,
            "Content-Disposition": _disposition("inline", f"report-{report.month}", scope, "pdf"),
        },
    )


def _disposition(kind: str, name: str, scope: str, ext: str) -> str:
    from urllib.parse import quote

    return f"{kind}; filename=\"{name}.{ext}\"; filename*=UTF-8''{quote(name + scope)}.{ext}"
