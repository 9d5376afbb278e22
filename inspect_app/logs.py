"""Logging for the processes of production: one JSON object per line on stderr
(python-json-logger), for journald or any log shipper to parse.

``gunicorn.conf.py`` passes ``dict_config()`` to gunicorn (its own loggers included) and
``flask scheduler run`` applies it. What the app logs carries its fields as ``extra``: a
request's ``request_id``, ``user_id``, ``method``, ``route``, ``path``, ``status``,
``duration_ms``, ``remote_addr`` (api/observability.py); a job's ``job``, ``run_id``,
``outcome`` and ``duration_ms`` (inspect_app/jobs/lock.py). ``LOG_FORMAT=text`` gives
plain lines instead, for a terminal.
"""

from __future__ import annotations

import logging.config

FORMATTERS = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(levelname)s %(name)s %(message)s",
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "time",  # ISO 8601 in UTC, to the millisecond
        "json_ensure_ascii": False,
    },
    "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
}


def dict_config(log_format: str = "json", level: str = "INFO") -> dict:
    """A ``logging.config.dictConfig`` mapping: everything to stderr in ``log_format``."""
    if log_format not in FORMATTERS:
        raise ValueError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    handler = {
        "class": "logging.StreamHandler",
        "formatter": log_format,
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {log_format: FORMATTERS[log_format]},
        "handlers": {"stderr": handler},
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # gunicorn's own: its start, workers and refusals; no access log (the app's
            # request lines say more).
            "gunicorn.error": {"level": level, "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
            # APScheduler's own lines repeat the job run lines at INFO: only its warnings.
            "apscheduler": {"level": "WARNING", "handlers": [], "propagate": True},
        },
    }


def configure(log_format: str = "json", level: str = "INFO") -> None:
    logging.config.dictConfig(dict_config(log_format, level))
