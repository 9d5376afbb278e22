"""The hazard ledger (隐患台账) as CSV or XLSX, streamed: the filters and the scope of
``GET /hazards`` (a manager gets only its own institution's hazards)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from flask import Response, stream_with_context

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from api.schemas.hazards import HazardQuerySchema
from inspect_app.clock import local_date, utcnow
from inspect_app.reports import exports

blp = Blueprint("exports", __name__, description="隐患台账导出 / Hazard ledger exports")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(chunks: Iterator[bytes], content_type: str, ext: str) -> Response:
    day = local_date(utcnow()).isoformat()
    headers = {
        "Content-Disposition": f'attachment; filename="hazard-ledger-{day}.{ext}";'
        f" filename*=UTF-8''{quote('隐患台账')}-{day}.{ext}",
        "Cache-Control": "no-store",
    }
    # content_type as given: ``mimetype=`` would add a second charset to text/csv.
    return Response(stream_with_context(chunks), content_type=content_type, headers=headers)


@blp.route("/hazards/export.csv", methods=["GET"])
@blp.arguments(HazardQuerySchema, location="query")
@blp.response(200, content_type="text/csv", description="UTF-8（带 BOM），中文表头")
def export_hazards_csv(query: dict[str, Any]) -> ViewResult:
    """导出隐患台账（CSV）/ The hazard ledger as CSV, with the list's filters and scope."""
    chunks = exports.csv_chunks(current_user(), query)
    return _download(chunks, "text/csv; charset=utf-8", "csv")


@blp.route("/hazards/export.xlsx", methods=["GET"])
@blp.arguments(HazardQuerySchema, location="query")
@blp.response(200, content_type=XLSX, description="XLSX，中文表头")
def export_hazards_xlsx(query: dict[str, Any]) -> ViewResult:
    """导出隐患台账（XLSX）/ The hazard ledger as XLSX, with the list's filters and scope."""
    return _download(exports.xlsx_chunks(current_user(), query), XLSX, "xlsx")
