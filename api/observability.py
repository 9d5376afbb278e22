"""Each request is given an id, timed, counted and logged; ``GET /metrics`` answers what
the processes counted, in Prometheus's text format.

- ``X-Request-ID``: nginx's ``$request_id`` (deploy/nginx) when a proxy sent one of a sane
  shape, else a new one; echoed on the answer and in the request's log line.
- one log line per request (logger ``inspect.request``): request id, user id, method,
  route, path, status, duration, client address.
- ``inspect_http_requests`` by method, route and status and
  ``inspect_http_request_duration_seconds`` and ``inspect_http_request_cpu_seconds`` (the
  answering thread's CPU) by method and route (inspect_app/metrics.py);
  the route is the URL rule (``/api/v1/hazards/<uuid:hazard_id>``), never the raw path, so
  the series stay few; a path no rule matches counts as ``unmatched``.
- ``/metrics`` needs no token: nginx refuses it from outside (deploy/nginx), and gunicorn
  listens on a local or private address only.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Blueprint, Flask, Response, g, request
from prometheus_client import Counter, Histogram

from inspect_app import metrics
from inspect_app.jobs import queue
from inspect_app.photos.figures import metric_figures

log = logging.getLogger("inspect.request")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
METRICS_PATH = "/metrics"

blp = Blueprint("metrics", __name__)


@blp.get(METRICS_PATH)
def scrape() -> Response:
    waiting = sum(n for (_, status), n in queue.counts().items() if status in ("queued", "running"))
    figures = [
        *metric_figures(),
        ("inspect_work_queue", "Work items queued or running (the workers' queue depth)", waiting),
    ]
    return Response(metrics.exposition(figures), content_type=metrics.CONTENT_TYPE)


def request_id() -> str:
    return g.get("request_id") or ""


# The metrics' children by label values: prometheus_client's ``labels()`` validates and
# locks on every call; the set of (method, route, status) is small and fixed by the URL
# rules, so each child is looked up once per process.
_children: dict[tuple[str, str, str], tuple[Counter, Histogram, Counter]] = {}


def _series(method: str, route: str, status: str) -> tuple[Counter, Histogram, Counter]:
    key = (method, route, status)
    found = _children.get(key)
    if found is None:
        found = _children[key] = (
            metrics.REQUESTS.labels(method, route, status),
            metrics.REQUEST_SECONDS.labels(method, route),
            metrics.REQUEST_CPU_SECONDS.labels(method, route),
        )
    return found


def register(app: Flask) -> None:
    app.register_blueprint(blp)

    @app.before_request
    def _start() -> None:
        g.request_started = time.perf_counter()
        g.request_cpu_started = time.thread_time()
        g.pop("principal", None)  # every request starts unauthenticated (tests share one g)
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex

    @app.after_request
    def _finish(response: Response) -> Response:
        started = g.get("request_started")
        if started is None:  # a request that failed before _start (cannot happen today)
            return response
        seconds = time.perf_counter() - started
        route = request.url_rule.rule if request.url_rule else "unmatched"
        response.headers["X-Request-ID"] = g.request_id
        requests, durations, cpu = _series(request.method, route, str(response.status_code))
        requests.inc()
        durations.observe(seconds)
        cpu.inc(time.thread_time() - g.request_cpu_started)
        if route != METRICS_PATH and log.isEnabledFor(logging.INFO):
            principal = g.get("principal")
            log.info(
                "request",
                extra={
                    "request_id": g.request_id,
                    "user_id": principal.id if principal is not None else None,
                    "method": request.method,
                    "route": route,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "remote_addr": request.remote_addr,
                },
            )
        return response
