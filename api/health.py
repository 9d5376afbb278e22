"""``GET /api/v1/healthz``: whether this process reaches its database and its object store
(for nginx, a load balancer or systemd to probe). 200 when both answer, else 503 naming
the one that did not; no token needed, and nothing about the failure beyond its name."""

from __future__ import annotations

import logging

from marshmallow import Schema, fields
from sqlalchemy import text

from api.blueprint import Blueprint, ViewResult
from inspect_app.extensions import db
from inspect_app.storage import get_storage

blp = Blueprint("health", __name__, description="运行状态 / Operations")
log = logging.getLogger(__name__)


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"description": "ok | unavailable"})
    db = fields.String(required=True, metadata={"description": "ok | error"})
    storage = fields.String(required=True, metadata={"description": "ok | error"})


def _database() -> None:
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        db.session.rollback()


CHECKS = {"db": _database, "storage": lambda: get_storage().check()}


@blp.route("/healthz", methods=["GET"])
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="数据库或对象存储不可用 / Unavailable")
@blp.doc(security=[])
def healthz() -> ViewResult:
    """服务、数据库与对象存储状态 / Service, database and object store health (no token)."""
    result = {}
    for name, check in CHECKS.items():
        try:
            check()
            result[name] = "ok"
        except Exception:
            log.exception("health check %s failed", name)
            result[name] = "error"
    healthy = all(value == "ok" for value in result.values())
    return {"status": "ok" if healthy else "unavailable", **result}, 200 if healthy else 503
