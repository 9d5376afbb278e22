from __future__ import annotations

from marshmallow import Schema, fields
from sqlalchemy import text

from api.blueprint import Blueprint, ViewResult
from inspect_app.extensions import db

blp = Blueprint("health", __name__, description="运行状态 / Operations")


class HealthSchema(Schema):
    status = fields.String(required=True)
    db = fields.String(required=True)


@blp.route("/healthz", methods=["GET"])
@blp.response(200, HealthSchema)
@blp.doc(security=[])
def healthz() -> ViewResult:
    """服务与数据库状态 / Service and database health (no token)."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok", "db": "ok"}
