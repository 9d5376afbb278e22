"""Request ids, one structured log line per request and per job run, and ``GET /metrics``
in Prometheus's text format: requests by route and status, latency, job runs and failures,
the derivative queue and the photo bytes stored."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pythonjsonlogger.json import JsonFormatter

from inspect_app import logs
from inspect_app.jobs import Job, queue
from inspect_app.jobs.lock import run_job
from inspect_app.jobs.registry import JOBS
from tests.test_photos import encode, scene, upload

API = "/api/v1"
HAZARD_ROUTE = "/api/v1/hazards/<uuid:hazard_id>"


def scrape(client) -> dict[tuple[str, frozenset], float]:
    """``/metrics`` as {(sample name, labels): value}."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def json_lines(records) -> list[dict]:
    """The records as the shipped JSON formatter writes them (inspect_app/logs.py)."""
    settings = {k: v for k, v in logs.FORMATTERS["json"].items() if k != "()"}
    formatter = JsonFormatter(**settings)
    return [json.loads(formatter.format(record)) for record in records]


def test_every_answer_carries_a_request_id(client):
    made = client.get(f"{API}/healthz").headers["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    assert client.get(f"{API}/healthz").headers["X-Request-ID"] != made
    given = "f3a9c1d2e4b5a6978877665544332211"  # nginx's $request_id
    assert (
        client.get(f"{API}/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"]
        == given
    )
    for odd in ("short", "a" * 200, "id with spaces", "<script>alert(1)</script>"):
        answered = client.get(f"{API}/healthz", headers={"X-Request-ID": odd})
        assert answered.headers["X-Request-ID"] != odd


def test_each_request_is_one_json_log_line_with_its_fields(client, inspector, inspector_h, caplog):
    caplog.set_level(logging.INFO, logger="inspect.request")
    missing = uuid.uuid4()
    answer = client.get(
        f"{API}/hazards/{missing}", headers={**inspector_h, "X-Request-ID": "req-0123456789"}
    )
    assert answer.status_code == 404
    client.get(f"{API}/hazards")  # no token
    (found, anonymous) = json_lines(r for r in caplog.records if r.name == "inspect.request")
    assert found["message"] == "request" and found["level"] == "INFO"
    assert found["request_id"] == "req-0123456789"
    assert found["user_id"] == inspector.id
    assert (found["method"], found["route"], found["status"]) == ("GET", HAZARD_ROUTE, 404)
    assert found["path"] == f"/api/v1/hazards/{missing}"
    assert 0 < found["duration_ms"] < 10_000
    assert found["remote_addr"] == "127.0.0.1"
    assert "time" in found and found["logger"] == "inspect.request"
    assert anonymous["user_id"] is None and anonymous["status"] == 401


def test_metrics_count_requests_by_route_and_status_with_latency(client, inspector_h):
    before = scrape(client)
    missing = [uuid.uuid4() for _ in range(3)]
    for hazard_id in missing:
        client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h)
    client.get("/no/such/page")
    after = scrape(client)
    labels = {"method": "GET", "route": HAZARD_ROUTE}

    def added(name: str, **more) -> float:
        return value(after, name, **labels, **more) - value(before, name, **labels, **more)

    assert added("inspect_http_requests_total", status="404") == 3
    assert added("inspect_http_request_duration_seconds_count") == 3
    assert added("inspect_http_request_duration_seconds_bucket", le="60.0") == 3
    assert value(
        after, "inspect_http_requests_total", method="GET", route="unmatched", status="404"
    )
    # the route is the URL rule: no series per hazard id, or per page asked for
    routes = {dict(labels).get("route", "") for _, labels in after}
    assert not any(str(hazard_id) in route for hazard_id in missing for route in routes)
    assert "/no/such/page" not in routes


def test_job_runs_and_failures_are_counted_timed_and_logged(app, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="inspect_app.jobs.lock")

    def fails(now):
        raise RuntimeError("the disk is full")

    monkeypatch.setitem(JOBS, "probe_fails", Job(fails, {"trigger": "interval", "hours": 1}))
    client = app.test_client()
    before = scrape(client)
    run_job("make_photo_derivatives")
    with pytest.raises(RuntimeError):
        run_job("probe_fails")
    after = scrape(client)
    runs = "inspect_job_runs_total"
    ok = {"job": "make_photo_derivatives", "outcome": "ok"}
    assert value(after, runs, **ok) - value(before, runs, **ok) == 1
    failed = {"job": "probe_fails", "outcome": "failed"}
    assert value(after, runs, **failed) - value(before, runs, **failed) == 1
    assert value(after, "inspect_job_duration_seconds_count", job="probe_fails") >= 1
    lines = json_lines(r for r in caplog.records if r.getMessage() == "job run")
    done, broken = lines[-2:]
    assert done["job"] == "make_photo_derivatives" and done["outcome"] == "ok"
    assert done["level"] == "INFO" and done["duration_ms"] >= 0 and done["run_id"]
    assert broken["job"] == "probe_fails" and broken["outcome"] == "failed"
    assert broken["level"] == "ERROR" and "the disk is full" in broken["result"]


def test_metrics_give_the_derivative_queue_and_the_photo_bytes_stored(app, client, inspector_h):
    app.config["PHOTO_INLINE_MAX_PIXELS"] = 10_000  # this PNG's derivatives wait for the job
    empty = scrape(client)
    assert value(empty, "inspect_photos_stored") == 0
    assert value(empty, "inspect_photo_bytes_stored") == 0
    data = encode(scene((320, 240)), "PNG")
    uploaded = upload(client, inspector_h, data, name="photo.png", mimetype="image/png")
    assert uploaded.status_code == 201 and uploaded.json["derivatives"] == "pending"
    queued = scrape(client)
    assert value(queued, "inspect_photos_stored") == 1
    assert value(queued, "inspect_photo_bytes_stored") == len(data)
    assert value(queued, "inspect_photo_derivatives_queue") == 1
    assert value(queued, "inspect_work_queue") == 1
    assert queue.run_until_empty() == 1
    done = scrape(client)
    assert value(done, "inspect_photo_derivatives_queue") == 0
    assert value(done, "inspect_work_queue") == 0
    assert value(done, "inspect_work_items_total", kind="photo_derivatives", outcome="done") >= 1


def test_the_metrics_are_no_part_of_the_api_document(client):
    assert "/metrics" not in client.get("/api/openapi.json").json["paths"]
