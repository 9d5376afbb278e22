"""Swagger UI for ``/docs``: its assets, served by the app itself from the swagger-ui-bundle
package so that the docs work on a network without internet, and its page without any
inline script (the page's strict Content-Security-Policy allows none; api/headers.py).

``OPENAPI_SWAGGER_UI_URL`` (``SWAGGER_UI_URL``) points here by default; a plain Flask
blueprint, so these files stay out of the OpenAPI document. flask-smorest's own page has
an inline script; ``replace_swagger_page`` puts this module's page in its place, which
starts Swagger UI from ``swagger-init.js`` with the settings written in data attributes.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, render_template, url_for
from swagger_ui_bundle import swagger_ui_path

from api.static_files import send_with_cache_control

URL_PREFIX = "/docs/assets"  # inspect_app/config.py's default OPENAPI_SWAGGER_UI_URL
FOLDER = Path(str(swagger_ui_path))
OWN_FOLDER = Path(__file__).resolve().parent / "static" / "docs"
SWAGGER_PAGE_ENDPOINT = "api-docs.openapi_swagger_ui"

# What the page loads, and the source maps those files name.
ASSETS = frozenset(
    name + suffix
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js")
    for suffix in ("", ".map")
)
OWN_ASSETS = frozenset({"swagger-init.js"})

blp = Blueprint("docs_assets", __name__, url_prefix=URL_PREFIX, template_folder="templates")


@blp.get("/<name>")
def asset(name: str) -> Response:
    if name in OWN_ASSETS:
        return send_with_cache_control(OWN_FOLDER, name)
    if name not in ASSETS:
        abort(404)
    return send_with_cache_control(FOLDER, name)


def swagger_page() -> str:
    config = current_app.config
    return render_template(
        "docs_swagger_ui.html",
        title=config["API_TITLE"],
        spec_url=url_for("api-docs.openapi_json"),
        swagger_ui_url=config["OPENAPI_SWAGGER_UI_URL"],
        swagger_ui_config=config.get("OPENAPI_SWAGGER_UI_CONFIG", {}),
    )


def replace_swagger_page(app: Flask) -> None:
    """Serve ``/docs`` with this module's page instead of flask-smorest's."""
    if SWAGGER_PAGE_ENDPOINT in app.view_functions:
        app.view_functions[SWAGGER_PAGE_ENDPOINT] = swagger_page
