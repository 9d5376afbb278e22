from __future__ import annotations

from typing import Any

from flask import Response, make_response, request

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult, strict_json_loads
from api.schemas.checklists import (
    ChecklistDocumentSchema,
    ChecklistSchema,
    ChecklistSummarySchema,
    PublishedSchema,
)
from inspect_app.checklists import versions as checklist_versions
from inspect_app.checklists.models import ChecklistVersion

blp = Blueprint("checklists", __name__, description="检查表 / Checklists")

KEY = "<string(minlength=1, maxlength=32):key>"
LATEST_CACHE = "private, no-cache"  # phones revalidate with If-None-Match and get 304s
VERSION_CACHE = "private, max-age=31536000, immutable"  # a published version never changes


def _document(version: ChecklistVersion) -> dict:
    return {
        **version.content,
        "version": version.version,
        "content_hash": version.content_hash,
        "published_at": version.created_at,
    }


def _not_modified(etag: str, cache_control: str) -> Response:
    response = make_response("", 304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    return response


@blp.route("/checklists", methods=["GET"])
@blp.response(200, ChecklistSummarySchema(many=True))
def list_checklists() -> ViewResult:
    """每类检查表的最新版本 / The latest version of each checklist."""
    return [
        {
            "key": v.key,
            "category": v.category,
            "version": v.version,
            "title": {"zh": v.title_zh, "en": v.title_en},
            "item_count": v.item_count,
        }
        for v in checklist_versions.latest_of_each()
    ]


@blp.route("/checklists", methods=["POST"])
@blp.arguments(ChecklistDocumentSchema)
@blp.response(201, PublishedSchema)
@blp.alt_response(200, schema=PublishedSchema, description="内容未变，未新增版本 / Unchanged")
@blp.answers(409)
def publish_checklist(_validated: dict[str, Any]) -> ViewResult:
    """发布检查表新版本 / Publish a new checklist version (same content: no new version)."""
    # The raw body is what gets hashed and stored; marshmallow only guards its shape.
    document = strict_json_loads(request.get_data(cache=True))
    result = checklist_versions.publish_as(current_user(), document)
    body = {
        "key": result.version.key,
        "version": result.version.version,
        "created": result.created,
        "content_hash": result.version.content_hash,
    }
    return body, (201 if result.created else 200)


@blp.route(f"/checklists/{KEY}", methods=["GET"])
@blp.response(200, ChecklistSchema)
@blp.alt_response(304, description="未修改 / Not modified")
def get_checklist(key: str) -> ViewResult:
    """检查表最新版本全文，带 ETag / The latest version in full, with an ETag."""
    etag = checklist_versions.latest_etag(key)
    if etag and request.if_none_match.contains(etag):
        return _not_modified(etag, LATEST_CACHE)
    version = checklist_versions.get_latest(key)
    etag = checklist_versions.etag_for(key, version.version, version.content_hash)
    return _document(version), 200, {"ETag": f'"{etag}"', "Cache-Control": LATEST_CACHE}


@blp.route(f"/checklists/{KEY}/versions/<int(min=1, max=1000000):number>", methods=["GET"])
@blp.response(200, ChecklistSchema)
@blp.alt_response(304, description="未修改 / Not modified")
def get_checklist_version(key: str, number: int) -> ViewResult:
    """检查表的某一历史版本（永不改变）/ One version, unchanged forever."""
    version = checklist_versions.get_version(key, number)
    etag = checklist_versions.etag_for(key, version.version, version.content_hash)
    if request.if_none_match.contains(etag):
        return _not_modified(etag, VERSION_CACHE)
    return _document(version), 200, {"ETag": f'"{etag}"', "Cache-Control": VERSION_CACHE}
