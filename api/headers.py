"""Headers on every answer: security headers, a strict Content-Security-Policy on HTML pages,
and caching that suits a web client's static files.

- every answer: ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
  ``Referrer-Policy: no-referrer``; ``Strict-Transport-Security`` when the request came
  over TLS (directly, or through a proxy trusted by ``PROXY_FIX_X_PROTO``);
- HTML answers: ``CSP`` below, no inline script or style anywhere (the pages load theirs
  from files); the Swagger UI page also allows the origin of ``SWAGGER_UI_URL`` if that is
  another server;
- files of a static folder: ``cache_control_for`` by name.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request

HSTS = "max-age=31536000; includeSubDomains"

CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",  # blob: a photo previewed before its upload
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "worker-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# A content hash in a file name, as bundlers write it: app.3f9a1c2e.js, index-B1x_9QzA.css
# (eight or more letters and digits, at least one a digit: ``-standalone.js`` is no hash).
HASHED_NAME = re.compile(r"[.-](?=[A-Za-z_-]*[0-9])[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$")
# Files a client must revalidate on every load: they name the hashed files of a release.
ALWAYS_REVALIDATE = frozenset(
    {"index.html", "sw.js", "service-worker.js", "manifest.json", "manifest.webmanifest"}
)
IMMUTABLE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"


def cache_control_for(filename: str) -> str:
    """The Cache-Control of a static file: content-hashed names never change (a year,
    ``immutable``); everything else, the entry points above all, is revalidated (ETag)."""
    name = filename.rsplit("/", 1)[-1]
    if name not in ALWAYS_REVALIDATE and HASHED_NAME.search(name):
        return IMMUTABLE
    return NO_CACHE


@functools.cache  # one or two distinct answers per process: built once, not per request
def csp_header(extra_sources: str = "") -> str:
    directives = dict(CSP)
    if extra_sources:
        for name in ("script-src", "style-src", "img-src", "font-src"):
            directives[name] = f"{directives[name]} {extra_sources}"
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _external_origin(url: str) -> str:
    """``https://cdn.example/path/`` -> ``https://cdn.example``; '' for a path on this server."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def register(app: Flask) -> None:
    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "no-referrer")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        if response.mimetype == "text/html":
            extra = ""
            if request.endpoint == "api-docs.openapi_swagger_ui":
                extra = _external_origin(current_app.config["OPENAPI_SWAGGER_UI_URL"])
            # a page that set its own policy (the web client's, as strict) keeps it
            headers.setdefault("Content-Security-Policy", csp_header(extra))
        return response
