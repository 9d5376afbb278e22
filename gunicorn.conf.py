"""gunicorn settings for serving the API (``gunicorn -c gunicorn.conf.py wsgi:app``; what
``make serve`` and deploy/systemd run).

gunicorn reads this file by default when started from the repository's folder. Anything
here can be overridden on the command line (``-w 8``, ``-b 0.0.0.0:8000``). From the
environment:

- ``WEB_BIND``: where to listen (default ``127.0.0.1:8000``; nginx proxies to it);
- ``WEB_CONCURRENCY``: worker processes (default 4; about two per core);
- ``WEB_THREADS``: threads per worker (default 1, the sync worker; above 1, gthread);
- ``WEB_TIMEOUT``: seconds a request may hold a worker before it is restarted (60);
- ``LOG_FORMAT`` / ``LOG_LEVEL``: ``json`` (default) or ``text``; ``INFO`` (default);
- ``PROMETHEUS_MULTIPROC_DIR``: the folder every process writes its metrics to, emptied
  before the start (``scripts/serve`` does; see inspect_app/metrics.py).
"""

import os

from inspect_app import logs, metrics

bind = os.environ.get("WEB_BIND") or "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or 4)
threads = int(os.environ.get("WEB_THREADS") or 1)
# Sync workers: steady under load here (gthread was erratic); refusals answer JSON.
worker_class = (
    "api.gunicorn_worker.JSONErrorThreadWorker"
    if threads > 1
    else "api.gunicorn_worker.JSONErrorWorker"
)
# gunicorn's own limits (a header line of 8190 bytes, 100 header fields): anything larger
# is refused with 431 before the app runs.
limit_request_field_size = 8190
limit_request_fields = 100
timeout = int(os.environ.get("WEB_TIMEOUT") or 60)
graceful_timeout = 30

logconfig_dict = logs.dict_config(
    os.environ.get("LOG_FORMAT") or "json", os.environ.get("LOG_LEVEL") or "INFO"
)


def child_exit(server, worker):
    """A dead worker's live gauges stop counting (prometheus_client multiprocess mode)."""
    metrics.mark_process_dead(worker.pid)
