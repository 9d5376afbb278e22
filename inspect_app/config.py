"""Settings, read from the environment once (nothing else reads ``os.environ``)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_path / 'inspect.sqlite3'}"
    # Heroku-style URLs and bare postgresql:// should use the psycopg 3 driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def from_environment(instance_path: Path) -> dict:
    """Build the Flask config mapping from environment variables with safe defaults."""
    secret = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
    return {
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "STORAGE_URL": os.environ.get("STORAGE_URL") or str(instance_path / "photos"),
        "TZ_NAME": os.environ.get("TZ_NAME", "Asia/Shanghai"),
        # Number of reverse proxies in front of the app whose X-Forwarded-For to trust.
        "PROXY_FIX_X_FOR": _int("PROXY_FIX_X_FOR", 0),
        # Authentication
        "TOKEN_TTL_HOURS": _int("TOKEN_TTL_HOURS", 12),
        "LOGIN_MAX_FAILURES": _int("LOGIN_MAX_FAILURES", 5),
        "LOGIN_FAILURE_WINDOW_MINUTES": _int("LOGIN_FAILURE_WINDOW_MINUTES", 15),
        # Request bodies: JSON calls are small; photo uploads raise this per request.
        "MAX_CONTENT_LENGTH": _int("MAX_JSON_BYTES", 2 * 1024 * 1024),
        # Hazard deadlines (days), reckoned in TZ_NAME; not fixed by national rule.
        "HAZARD_DUE_DAYS_GENERAL": _int("HAZARD_DUE_DAYS_GENERAL", 15),
        "HAZARD_DUE_DAYS_MAJOR": _int("HAZARD_DUE_DAYS_MAJOR", 30),
        "CHECKLIST_DIR": os.environ.get("CHECKLIST_DIR") or str(PROJECT_ROOT / "checklists"),
        # OpenAPI / docs
        "API_TITLE": "养老机构安全检查 Eldercare safety inspection API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "api/openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        # Where the browser loads Swagger UI's assets from; point at a local mirror if needed.
        "OPENAPI_SWAGGER_UI_URL": os.environ.get(
            "SWAGGER_UI_URL", "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/"
        ),
        "JSON_SORT_KEYS": False,
    }
