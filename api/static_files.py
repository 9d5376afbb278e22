"""Folders of static files (the web client, the pages' stylesheets) served with the
Cache-Control their names call for (``api.headers.cache_control_for``): hashed assets for
a year and ``immutable``, the entry points (``index.html``, ``sw.js``, the manifest) and
everything else revalidated with their ETag on every use."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_from_directory
from werkzeug.exceptions import NotFound

from api.headers import cache_control_for

INDEX = "index.html"


def send_with_cache_control(folder: Path, filename: str) -> Response:
    response = send_from_directory(folder, filename, max_age=None)
    response.headers["Cache-Control"] = cache_control_for(filename)
    return response


def folder_blueprint(name: str, url_prefix: str, folder: Path, *, app_shell: bool) -> Blueprint:
    """Serve ``folder`` under ``url_prefix``. With ``app_shell`` (a single-page client),
    ``/`` and any path that names no file but looks like a client route (no extension)
    answer ``index.html``; a missing asset stays 404."""
    blp = Blueprint(name, __name__, url_prefix=url_prefix)

    @blp.get("/")
    def root():  # /app answers 308 to /app/ (Flask's strict slashes)
        if not app_shell:
            raise NotFound()
        return send_with_cache_control(folder, INDEX)

    @blp.get("/<path:filename>")
    def file(filename: str):
        try:
            return send_with_cache_control(folder, filename)
        except NotFound:
            if app_shell and "." not in filename.rsplit("/", 1)[-1]:
                return send_with_cache_control(folder, INDEX)
            raise

    return blp
