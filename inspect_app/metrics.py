"""What an operator watches, in Prometheus's text format (``GET /metrics``).

The counters and histograms live in each process. Under gunicorn and beside it the job
process, ``PROMETHEUS_MULTIPROC_DIR`` names a folder they all write to (prometheus_client's
multiprocess mode), and ``exposition`` adds up every process's files, so any worker answers
for all of them. The folder must be emptied before the processes start (``scripts/serve``,
the systemd units); gunicorn's ``child_exit`` hook marks a dead worker's files.

Figures read from the database at each scrape (the derivative queue, the photos stored)
are gauges computed then, in the answering process only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Seconds: most API calls take milliseconds; uploads and documents up to tens of seconds.
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
JOB_BUCKETS = (0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800)

REQUESTS = Counter(
    "inspect_http_requests",
    "HTTP requests answered, by method, route (the URL rule) and status",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "inspect_http_request_duration_seconds",
    "Time from the request's arrival in the app to its answer (the body of a streamed "
    "answer excluded)",
    ["method", "route"],
    buckets=REQUEST_BUCKETS,
)
REQUEST_CPU_SECONDS = Counter(
    "inspect_http_request_cpu_seconds",
    "CPU time the answering thread spent on requests (the app's part: routing, checks, "
    "queries, serialising; gunicorn's parsing and the network excluded), by method and "
    "route; divided by the requests' count, the CPU each costs (make load)",
    ["method", "route"],
)
JOB_RUNS = Counter(
    "inspect_job_runs",
    "Job runs by job and outcome: ok, failed, or busy (running in another process)",
    ["job", "outcome"],
)
WORK_ITEMS = Counter(
    "inspect_work_items",
    "Work items taken from the queue by kind and outcome: done, retry, failed, lost "
    "(the lease ran out and another worker did it)",
    ["kind", "outcome"],
)
JOB_SECONDS = Histogram(
    "inspect_job_duration_seconds",
    "Time a job run took, by job",
    ["job"],
    buckets=JOB_BUCKETS,
)


class Gauges:
    """Gauges computed at scrape time: ``(name, help, value)`` triples."""

    def __init__(self, figures: Iterable[tuple[str, str, float]]):
        self.figures = list(figures)

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for name, help_text, value in self.figures:
            yield GaugeMetricFamily(name, help_text, value=value)


def exposition(figures: Iterable[tuple[str, str, float]] = ()) -> bytes:
    """Every process's counters and histograms, then the gauges computed now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        text = generate_latest(registry)
    else:
        text = generate_latest(REGISTRY)
    gauges = CollectorRegistry()
    gauges.register(Gauges(figures))
    return text + generate_latest(gauges)


def mark_process_dead(pid: int) -> None:
    """gunicorn's ``child_exit``: a dead worker's live gauges no longer count."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid)
