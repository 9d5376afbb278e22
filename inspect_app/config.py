"""Settings, read from the environment once (nothing else reads ``os.environ``)."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


def _list(name: str) -> list[str]:
    """A comma-separated setting; empty entries dropped."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _issuers(raw: str | None) -> dict[str, dict[str, str]]:
    """``DOCUMENT_ISSUERS``: {department: {"authority", "prefix"}}, checked at start."""
    if not raw:
        return {}
    value = json.loads(raw)
    if not isinstance(value, dict) or not all(
        isinstance(v, dict)
        and isinstance(v.get("authority"), str)
        and isinstance(v.get("prefix"), str)
        for v in value.values()
    ):
        raise ValueError('DOCUMENT_ISSUERS: {"department": {"authority": ..., "prefix": ...}}')
    return value


# The district's streets and towns (街镇) when STREETS is unset: Songjiang's seventeen, the
# streets of the demo district (inspect_app/demo/district.py).
DEFAULT_STREETS = (
    "岳阳街道", "永丰街道", "方松街道", "中山街道", "广富林街道", "九里亭街道",
    "泗泾镇", "佘山镇", "车墩镇", "新桥镇", "洞泾镇", "九亭镇", "泖港镇", "石湖荡镇",
    "新浜镇", "叶榭镇", "小昆山镇",
)  # fmt: skip


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_path / 'inspect.sqlite3'}"
    # Heroku-style URLs and bare postgresql:// should use the psycopg 3 driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str) -> dict:
    """The connection pool of each process, on PostgreSQL (SQLite keeps SQLAlchemy's own);
    ``create_app`` applies it to the URL it ends with, unless given engine options.

    A worker serves at most ``WEB_THREADS`` requests at once, each on one connection, so
    the pool keeps that many (``DB_POOL_SIZE``, default ``WEB_THREADS``) and may open
    ``DB_MAX_OVERFLOW`` more for a moment (default 2: a streamed export's second
    connection); a request that finds none free waits ``DB_POOL_TIMEOUT`` seconds (10) and
    then fails. Connections are checked before use (``pool_pre_ping``): a PostgreSQL
    restart costs no request. They are named ``DB_APPLICATION_NAME`` (``eldercare-inspect``)
    in ``pg_stat_activity``. The whole: ``WEB_CONCURRENCY × (DB_POOL_SIZE +
    DB_MAX_OVERFLOW)`` for the web, plus the job process's."""
    if not url.startswith("postgresql"):
        return {}
    threads = _int("WEB_THREADS", 1)
    return {
        "pool_size": _int("DB_POOL_SIZE", max(threads, 1)),
        "max_overflow": _int("DB_MAX_OVERFLOW", 2),
        "pool_timeout": _int("DB_POOL_TIMEOUT", 10),
        "pool_pre_ping": True,
        "connect_args": {
            "application_name": os.environ.get("DB_APPLICATION_NAME") or "eldercare-inspect"
        },
    }


def instance_path() -> str | None:
    """Where the SQLite file, photos and demo logins live (default: ./instance)."""
    return os.environ.get("INSTANCE_PATH") or None


def from_environment(instance_path: Path) -> dict:
    """Build the Flask config mapping from environment variables with safe defaults."""
    secret = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
    return {
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "STORAGE_URL": os.environ.get("STORAGE_URL") or str(instance_path / "photos"),
        "TZ_NAME": os.environ.get("TZ_NAME", "Asia/Shanghai"),
        # The scheduler process's nice value (0-19): its jobs take only CPU the web leaves.
        "SCHEDULER_NICE": _int("SCHEDULER_NICE", 10),
        # Days a job run stays listed (GET /jobs); the daily prune_job_runs removes older ones.
        "JOB_RUN_KEEP_DAYS": _int("JOB_RUN_KEEP_DAYS", 90),
        # How long a worker's claim on a work item lasts before anyone may take it again.
        "WORK_LEASE_SECONDS": _int("WORK_LEASE_SECONDS", 300),
        # Seconds an idle worker waits before it looks at the queue again.
        "WORK_POLL_SECONDS": _float("WORK_POLL_SECONDS", 1.0),
        # The processes' logs: one JSON object per line (json) or plain lines (text).
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or "json",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL") or "INFO",
        # Number of reverse proxies in front of the app whose X-Forwarded-For to trust.
        "PROXY_FIX_X_FOR": _int("PROXY_FIX_X_FOR", 0),
        # ... and whose X-Forwarded-Proto (https there: HSTS on every answer).
        "PROXY_FIX_X_PROTO": _int("PROXY_FIX_X_PROTO", 0),
        # Browser origins allowed to call /api/ from another origin (CORS); none by default.
        "CORS_ORIGINS": _list("CORS_ORIGINS"),
        # Authentication
        "TOKEN_TTL_HOURS": _int("TOKEN_TTL_HOURS", 12),
        "LOGIN_MAX_FAILURES": _int("LOGIN_MAX_FAILURES", 5),
        "LOGIN_FAILURE_WINDOW_MINUTES": _int("LOGIN_FAILURE_WINDOW_MINUTES", 15),
        # All usernames together from one address (an office behind NAT shares one).
        "LOGIN_MAX_FAILURES_PER_ADDRESS": _int("LOGIN_MAX_FAILURES_PER_ADDRESS", 100),
        # The first wait of a pair past LOGIN_MAX_FAILURES; doubled by each further failure.
        "LOGIN_BACKOFF_SECONDS": _int("LOGIN_BACKOFF_SECONDS", 60),
        # Request bodies: JSON calls are small; photo uploads raise this per request.
        "MAX_CONTENT_LENGTH": _int("MAX_JSON_BYTES", 2 * 1024 * 1024),
        # Hazard deadlines (days), reckoned in TZ_NAME; not fixed by national rule.
        "HAZARD_DUE_DAYS_GENERAL": _int("HAZARD_DUE_DAYS_GENERAL", 15),
        "HAZARD_DUE_DAYS_MAJOR": _int("HAZARD_DUE_DAYS_MAJOR", 30),
        # The most days an inspector may give on an answer (a major hazard: no more than
        # its item's days or HAZARD_DUE_DAYS_MAJOR).
        "HAZARD_DUE_DAYS_MAX": _int("HAZARD_DUE_DAYS_MAX", 90),
        # Days the bureau has to confirm or downgrade a proposed major hazard (拟判重大);
        # those older are listed (GET /hazards/confirmation-overdue) and counted.
        "MAJOR_CONFIRMATION_DAYS": _int("MAJOR_CONFIRMATION_DAYS", 7),
        # The hazard list counts its total up to this many rows (see api/pagination.py).
        "HAZARD_LIST_COUNT_CAP": _int("HAZARD_LIST_COUNT_CAP", 1000),
        # The Ed25519 key that signs audit checkpoints: a file outside the database, made
        # (mode 0600) on first use; unset means <instance path>/audit-ed25519.pem.
        "AUDIT_KEY_PATH": os.environ.get("AUDIT_KEY_PATH") or None,
        # 一公开: results are published within this many working days after a plan ends.
        "SPOT_CHECK_PUBLISH_WORKING_DAYS": _int("SPOT_CHECK_PUBLISH_WORKING_DAYS", 20),
        # The smallest sampling ratio a plan may give any risk class (差异化抽查: every
        # class is sampled; local practice asks at least 5 %).
        "SPOT_CHECK_CLASS_RATIO_FLOOR": float(
            os.environ.get("SPOT_CHECK_CLASS_RATIO_FLOOR") or 0.05
        ),
        # The district's streets and towns (街镇): the only values a street may take in the
        # API, published as an enum in the OpenAPI document.
        "STREETS": _list("STREETS") or list(DEFAULT_STREETS),
        # The district named on the monthly report's cover and running header.
        "DISTRICT_NAME": os.environ.get("DISTRICT_NAME") or "松江区",
        # Who issues the spot checks, named on their announcements and public pages.
        "ISSUING_AUTHORITY": os.environ.get("ISSUING_AUTHORITY")
        or (os.environ.get("DISTRICT_NAME") or "松江区") + "民政局",
        "CHECKLIST_ETAG_CACHE_SECONDS": _int("CHECKLIST_ETAG_CACHE_SECONDS", 5),
        "CHECKLIST_DIR": os.environ.get("CHECKLIST_DIR") or str(PROJECT_ROOT / "checklists"),
        # Photo evidence: upload limits, derivative sizes, provenance thresholds, clean-ups.
        "PHOTO_MAX_BYTES": _int("PHOTO_MAX_BYTES", 20 * 1024 * 1024),
        # The largest photo a phone takes today: 200 MP (16320x12240); more is refused.
        "PHOTO_MAX_PIXELS": _int("PHOTO_MAX_PIXELS", 200_000_000),
        # Decodes in one process together hold at most this much (MB); a single decode
        # that needs more is refused (422). docs/photos.md has the estimate per format.
        "PHOTO_DECODE_MEMORY_MB": _int("PHOTO_DECODE_MEMORY_MB", 1024),
        # PNG, WebP, HEIC and progressive JPEG up to this many pixels get their derivatives
        # in the upload request; larger ones from the make_photo_derivatives job.
        "PHOTO_INLINE_MAX_PIXELS": _int("PHOTO_INLINE_MAX_PIXELS", 1_000_000),
        # EXIF, XMP, ICC and comments together; phones write well under 200 KB.
        "PHOTO_MAX_METADATA_BYTES": _int("PHOTO_MAX_METADATA_BYTES", 1024 * 1024),
        "PHOTO_DISPLAY_MAX_PX": _int("PHOTO_DISPLAY_MAX_PX", 2048),
        "PHOTO_THUMB_MAX_PX": _int("PHOTO_THUMB_MAX_PX", 400),
        # GPS is WGS-84 from the phone; map-picked (GCJ-02) locations can be ~500 m off.
        "PHOTO_MAX_DISTANCE_M": _int("PHOTO_MAX_DISTANCE_M", 1000),
        "PHOTO_MAX_TIME_SKEW_HOURS": _int("PHOTO_MAX_TIME_SKEW_HOURS", 12),
        "UNATTACHED_PHOTO_MAX_AGE_HOURS": _int("UNATTACHED_PHOTO_MAX_AGE_HOURS", 7 * 24),
        # Resumable (tus) uploads (their parts in the object store, under partial/) expire
        # this long after their last PATCH.
        "UPLOAD_EXPIRY_HOURS": _int("UPLOAD_EXPIRY_HOURS", 24),
        # Files a crash left behind (temporary writes, parts of dead uploads, stored
        # files no photo names) are removed by `sweep_leftover_files` past this age.
        "LEFTOVER_FILE_MAX_AGE_HOURS": _int("LEFTOVER_FILE_MAX_AGE_HOURS", 24),
        # S3-compatible storage (STORAGE_URL=s3://bucket/prefix); unset values fall back to
        # boto3's own configuration (environment, ~/.aws, instance roles).
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL") or None,
        "S3_REGION": os.environ.get("S3_REGION") or None,
        "S3_ACCESS_KEY_ID": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "S3_SECRET_ACCESS_KEY": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        # "path" for MinIO and most self-hosted servers; "virtual" for e.g. Aliyun OSS.
        "S3_ADDRESSING_STYLE": os.environ.get("S3_ADDRESSING_STYLE") or "auto",
        # Documents (执法文书): an embedded TrueType CJK font (.ttf/.ttc, "path.ttc#N" for a
        # face of a collection); unset: the usual system places (see pdf/fonts.py).
        "PDF_FONT_PATH": os.environ.get("PDF_FONT_PATH") or None,
        # Document numbers per GB/T 9704 (inspect_app/numbering): the bureau's prefix
        # (发文机关代字), the series mark, the kind's mark: 沪松民养改〔2026〕1号.
        "DOCUMENT_NUMBER_PREFIX": os.environ.get("DOCUMENT_NUMBER_PREFIX") or "沪松民",
        "DOCUMENT_SERIES_MARK": os.environ.get("DOCUMENT_SERIES_MARK", "养"),
        # Who issues the bureau's documents (printed on them as the issuing authority).
        "DOCUMENT_AUTHORITY": os.environ.get("DOCUMENT_AUTHORITY") or "上海市松江区民政局",
        # Other departments that issue notices here in their own name, as JSON:
        # {"fire": {"authority": "上海市松江区消防救援支队", "prefix": "沪松消"}}. What the
        # officers of a department not named find is referred to it (移送函), never
        # ordered in the bureau's name.
        "DOCUMENT_ISSUERS": _issuers(os.environ.get("DOCUMENT_ISSUERS")),
        # The notice's remedies: the body that hears an administrative review (行政复议).
        "ADMINISTRATIVE_REVIEW_BODY": os.environ.get("ADMINISTRATIVE_REVIEW_BODY")
        or "上海市松江区人民政府",
        # The provision that empowers the bureau to order rectification, printed once in the
        # notice's body (《养老机构管理办法》's supervision chapter; set the article once it
        # is confirmed). Anything marked 待确认/待核/本地实践 prints as its title only.
        "RECTIFICATION_ORDER_BASIS": os.environ.get("RECTIFICATION_ORDER_BASIS")
        or "《养老机构管理办法》",
        # OpenAPI / docs
        # The title names the package that client generators make: ASCII, Chinese in the
        # description (openapi-python-client made an uninstallable name from Chinese).
        "API_TITLE": "Eldercare Safety Inspection API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "api/openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        # Where the browser loads Swagger UI's assets from: by default the app itself
        # (api/docs_assets.py, from the swagger-ui-bundle package), so /docs works offline.
        "OPENAPI_SWAGGER_UI_URL": os.environ.get("SWAGGER_UI_URL") or "/docs/assets/",
    }
