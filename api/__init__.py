"""The HTTP layer: one flask-smorest ``Api`` and a blueprint per resource."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Flask, request
from flask_smorest import Api as SmorestApi
from werkzeug.exceptions import HTTPException

from api import errors
from api.auth import authenticate
from api.errors import DEFAULT_MESSAGES, envelope

SECURITY_SCHEMES = {"bearerAuth": {"type": "http", "scheme": "bearer"}}


class Api(SmorestApi):
    """Keeps the exception's headers (``Allow`` on 405) and gives every error a message."""

    def handle_http_exception(
        self, error: HTTPException
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        code = error.code or 500
        data = getattr(error, "data", None) or {}
        message = data.get("message") or DEFAULT_MESSAGES.get(code) or error.name
        errors_ = data.get("errors") or data.get("messages")
        headers = dict(data.get("headers") or {})
        for name, value in error.get_headers():
            if name.lower() not in ("content-type", "content-length"):
                headers[name] = value
        return envelope(code, message, errors_, status=error.name), code, headers


def _documents_no_nul(self: Any, field: ma.fields.Field, ret: dict, **kwargs: Any) -> dict:
    """Say in the OpenAPI document what StrictSchema enforces: no NUL in any string."""
    if isinstance(field, ma.fields.String) and "pattern" not in ret:
        return {"pattern": "^[^\\u0000]*$"}
    return {}


def register(app: Flask) -> Api:
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "components": {"securitySchemes": SECURITY_SCHEMES},
            "security": [{"bearerAuth": []}],
            "info": {
                "description": "养老机构安全检查系统接口 / Safety inspections of eldercare "
                "institutions. Errors: {code, status, message, errors}."
            },
        },
    )
    api = Api(app)
    api.ma_plugin.converter.add_attribute_function(_documents_no_nul)
    errors.register(app)

    from api import docs_assets

    app.register_blueprint(docs_assets.blp)  # Swagger UI's files for /docs, no CDN needed

    from api import (
        auth_routes,
        checklists,
        exports,
        hazards,
        health,
        inspections,
        institutions,
        jobs,
        notifications,
        photos,
        public,
        reports,
        spot_checks,
        uploads,
        users,
    )

    modules = (
        health,
        auth_routes,
        users,
        institutions,
        checklists,
        inspections,
        exports,  # before hazards: /hazards/export.csv is no hazard id
        hazards,
        notifications,
        photos,
        uploads,
        spot_checks,
        reports,
        jobs,
        public,
    )
    for module in modules:
        api.register_blueprint(module.blp, url_prefix="/api/v1")
    app.register_blueprint(public.pages)  # the public HTML pages, outside /api/v1

    from api import web_client

    app.register_blueprint(web_client.blp)  # the web client at /app/, and / redirects there
    api_blueprints = frozenset(module.blp.name for module in modules)

    @app.before_request
    def _authenticate() -> None:
        if request.blueprint in api_blueprints:
            authenticate()

    return api
