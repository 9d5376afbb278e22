"""Swagger UI's assets for ``/docs``, served by the app itself from the swagger-ui-bundle
package, so that the docs work on a network without internet.

``OPENAPI_SWAGGER_UI_URL`` (``SWAGGER_UI_URL``) points here by default; a plain Flask
blueprint, so these files stay out of the OpenAPI document.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from api.blueprint import ViewResult

URL_PREFIX = "/docs/assets"  # inspect_app/config.py's default OPENAPI_SWAGGER_UI_URL
FOLDER = Path(str(swagger_ui_path))

# What flask-smorest's swagger_ui.html loads, and the source maps those files name.
ASSETS = frozenset(
    name + suffix
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js")
    for suffix in ("", ".map")
)

blp = Blueprint("docs_assets", __name__, url_prefix=URL_PREFIX)


@blp.get("/<name>")
def asset(name: str) -> ViewResult:
    if name not in ASSETS:
        abort(404)
    return send_from_directory(FOLDER, name)
