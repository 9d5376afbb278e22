"""The web client (``web/dist``, built from ``web/``) at ``/app/``; ``/`` redirects there.

A plain Flask blueprint, outside the OpenAPI document. Only files of the build are
served (the client routes by the URL's fragment, so no path falls back to the page).
Cache-Control by file name (``api.headers.cache_control_for``): the names carry no hash
today, so every answer is revalidated (``no-cache`` with an ETag), and the service worker
keeps its own copies under revisions of their bytes; a hashed asset would be ``immutable``.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect
from werkzeug.wrappers import Response as WerkzeugResponse

from api.static_files import send_with_cache_control
from inspect_app.config import PROJECT_ROOT

FOLDER = PROJECT_ROOT / "web" / "dist"

# Same origin only, no inline script or style, no framing: the page holds a bearer token.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

blp = Blueprint("web_client", __name__)


@blp.get("/")
def root() -> WerkzeugResponse:
    return redirect("/app/", code=302)


@blp.get("/app")
def app_without_slash() -> WerkzeugResponse:
    return redirect("/app/", code=301)


@blp.get("/app/", defaults={"path": "index.html"})
@blp.get("/app/<path:path>")
def asset(path: str) -> Response:
    if not (FOLDER / "index.html").is_file():
        abort(404)
    return send_with_cache_control(FOLDER, path)


@blp.after_request
def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
