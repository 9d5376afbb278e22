"""gunicorn settings for serving the API (``gunicorn -c gunicorn.conf.py wsgi:app``).

gunicorn reads this file by default when started from the repository's folder. Anything
here can be overridden on the command line (``-w 8``, ``-b 0.0.0.0:8000``)."""

bind = "127.0.0.1:8000"
workers = 4
# Sync workers: steady under load here (gthread was erratic); refusals answer JSON.
worker_class = "api.gunicorn_worker.JSONErrorWorker"
# gunicorn's own limits (a header line of 8190 bytes, 100 header fields): anything larger
# is refused with 431 before the app runs.
limit_request_field_size = 8190
limit_request_fields = 100
timeout = 60
