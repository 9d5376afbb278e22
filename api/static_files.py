"""Folders of static files (the web client at /app/, api/web_client.py; the public page's
stylesheet; Swagger UI's files) served with the
Cache-Control their names call for (``api.headers.cache_control_for``): hashed assets for
a year and ``immutable``, the entry points (``index.html``, ``sw.js``, the manifest) and
everything else revalidated with their ETag on every use."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_from_directory

from api.headers import cache_control_for

INDEX = "index.html"


def send_with_cache_control(folder: Path, filename: str) -> Response:
    response = send_from_directory(folder, filename, max_age=None)
    response.headers["Cache-Control"] = cache_control_for(filename)
    return response


def folder_blueprint(name: str, url_prefix: str, folder: Path) -> Blueprint:
    """Serve the files of ``folder`` under ``url_prefix`` (``/`` is its ``index.html``)."""
    blp = Blueprint(name, __name__, url_prefix=url_prefix)

    @blp.get("/", defaults={"filename": INDEX})
    @blp.get("/<path:filename>")
    def file(filename: str) -> Response:
        return send_with_cache_control(folder, filename)

    return blp
