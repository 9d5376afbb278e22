"""The HTTP layer: one flask-smorest ``Api`` and a blueprint per resource."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import marshmallow as ma
from apispec.ext.marshmallow.field_converter import FieldConverterMixin
from flask import Flask, current_app, request
from flask_cors import CORS
from flask_smorest import Api as SmorestApi
from flask_smorest import abort
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from api import errors
from api.auth import NoCookieSessions, authenticate
from api.errors import DEFAULT_MESSAGES, envelope
from api.schemas.common import YEARS_PATTERN, AwareDateTime, BoundedDate, Street
from api.statuses import StatusesPlugin

SECURITY_SCHEMES = {"bearerAuth": {"type": "http", "scheme": "bearer"}}


class Api(SmorestApi):
    """Keeps the exception's headers (``Allow`` on 405) and gives every error a message.

    No ``default`` response: every operation declares the statuses it answers
    (``api/statuses.py`` those from before the view, ``@blp.answers`` the view's own)."""

    DEFAULT_ERROR_RESPONSE_NAME = None

    def handle_http_exception(
        self, error: HTTPException
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        if isinstance(error, MethodNotAllowed) and not _another_method_matches(error):
            error = NotFound()
        code = error.code or 500
        data = getattr(error, "data", None) or {}
        message = data.get("message") or DEFAULT_MESSAGES.get(code) or error.name
        errors_ = data.get("errors") or data.get("messages")
        headers = dict(data.get("headers") or {})
        for name, value in error.get_headers():
            if name.lower() not in ("content-type", "content-length"):
                headers[name] = value
        return envelope(code, message, errors_, status=error.name), code, headers


def _another_method_matches(error: MethodNotAllowed) -> bool:
    """Werkzeug answers 405 for ``GET /institutions/0/measures`` (``0`` fails the
    ``int(min=1)`` converter) because a POST rule shares the path, though POST there is
    404 too. A 405 stands only when one of the methods it offers does match the path."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    for method in error.valid_methods or ():
        if method in ("HEAD", "OPTIONS"):
            continue
        try:
            adapter.match(method=method)
        except HTTPException:
            continue
        return True
    return False


def _documents_years(
    self: FieldConverterMixin, field: ma.fields.Field, ret: dict, **kwargs: Any
) -> dict:
    """Say in the OpenAPI document what the date fields enforce: the years 2000-2099."""
    if isinstance(field, AwareDateTime | BoundedDate):
        return {"pattern": YEARS_PATTERN}
    return {}


def _documents_no_nul(
    self: FieldConverterMixin, field: ma.fields.Field, ret: dict, **kwargs: Any
) -> dict:
    """Say in the OpenAPI document what StrictSchema enforces: no NUL in any string."""
    if isinstance(field, ma.fields.String) and "pattern" not in ret:
        return {"pattern": "^[^\\u0000]*$"}
    return {}


def _documents_streets(streets: list[str]) -> Callable[..., dict]:
    """The configured streets as the ``enum`` of every ``Street`` field (with ``null`` in
    it where the field may be null, as OpenAPI 3.0 asks of a nullable enum)."""

    def attribute(
        self: FieldConverterMixin, field: ma.fields.Field, ret: dict, **kwargs: Any
    ) -> dict:
        if not isinstance(field, Street):
            return {}
        return {"enum": [*streets, None] if field.allow_none else list(streets)}

    return attribute


# What a browser client on another origin may read of an answer besides the simple headers.
CORS_EXPOSED_HEADERS = (
    "ETag",
    "Location",
    "Retry-After",
    "X-Request-ID",
    "X-Pagination",
    "Upload-Offset",
    "Upload-Length",
    "Upload-Expires",
    "Tus-Resumable",
    "Tus-Version",
    "Tus-Extension",
    "Tus-Max-Size",
    "Tus-Checksum-Algorithm",
)


def _register_cors(app: Flask) -> None:
    """CORS on /api/ for the configured origins only; none configured, no CORS header at all
    (a browser then lets only pages of the API's own origin read its answers)."""
    origins = list(app.config.get("CORS_ORIGINS") or [])
    if origins:
        CORS(
            app,
            resources={r"/api/*": {"origins": origins}},
            expose_headers=list(CORS_EXPOSED_HEADERS),
            supports_credentials=False,  # bearer tokens, never cookies
            max_age=600,
        )


def _answered_by_flask() -> bool:
    """An OPTIONS request (a browser's CORS preflight) that Flask answers itself with the
    allowed methods, no view run: nothing to authenticate, and a preflight carries no token."""
    rule = request.url_rule
    return request.method == "OPTIONS" and bool(getattr(rule, "provide_automatic_options", False))


def _openapi_path(rule: str) -> str:
    """Flask's ``/x/<uuid:x_id>`` as OpenAPI's ``/x/{x_id}``."""
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule)


def _declared_query_parameters(api: Api) -> dict[tuple[str, str], frozenset[str]]:
    """Each documented operation's query parameters, by (OpenAPI path, method)."""
    declared = {}
    for path, item in api.spec.to_dict()["paths"].items():
        shared = [p["name"] for p in item.get("parameters", []) if p.get("in") == "query"]
        for method, operation in item.items():
            if method == "parameters" or not isinstance(operation, dict):
                continue
            own = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
            declared[(path, method.upper())] = frozenset(shared + own)
    return declared


def _refuse_undeclared_query_parameters(
    declared: dict[tuple[str, str], frozenset[str]],
) -> None:
    """A query parameter the operation does not declare (``?=x``, a misspelt filter) is
    refused, as unknown fields of a body are: a typo should not pass silently as "no
    filter". Operations outside the OpenAPI document (tus, files) are left as they are."""
    if request.url_rule is None or not request.args:
        return
    allowed = declared.get((_openapi_path(request.url_rule.rule), request.method))
    if allowed is None:
        return
    unknown = sorted(set(request.args) - allowed)
    if unknown:
        message = "未知的查询参数 / Unknown query parameter"
        abort(422, message=message, errors={"query": {name: [message] for name in unknown}})


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
    app.session_interface = NoCookieSessions()
    api = Api(app, spec_kwargs={"extra_plugins": [StatusesPlugin()]})
    api.ma_plugin.converter.add_attribute_function(_documents_years)  # before: a pattern
    api.ma_plugin.converter.add_attribute_function(_documents_no_nul)
    api.ma_plugin.converter.add_attribute_function(_documents_streets(app.config["STREETS"]))
    errors.register(app)

    from api import docs_assets, headers, observability, static_files

    observability.register(app)  # first: its timing wraps every other hook

    app.register_blueprint(docs_assets.blp)  # Swagger UI's files for /docs, no CDN needed
    docs_assets.replace_swagger_page(app)  # /docs without inline script
    headers.register(app)
    _register_cors(app)

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
    app.register_blueprint(
        static_files.folder_blueprint("public_assets", "/public/assets", public.ASSETS)
    )

    from api import web_client

    app.register_blueprint(web_client.blp)  # the web client at /app/, and / redirects there
    api_blueprints = frozenset(module.blp.name for module in modules)

    declared: dict[tuple[str, str], frozenset[str]] = {}

    @app.before_request
    def _authenticate() -> None:
        if request.blueprint in api_blueprints and not _answered_by_flask():
            authenticate()
            if not declared:
                declared.update(_declared_query_parameters(api))
            _refuse_undeclared_query_parameters(declared)

    return api
