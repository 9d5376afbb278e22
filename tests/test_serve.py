"""``make serve`` for real: the configured database migrated, gunicorn with two workers
from the environment and the job process beside it; requests through it, their JSON log
lines, and one ``/metrics`` that adds up both workers and the job process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from PIL import Image
from prometheus_client.parser import text_string_to_metric_families

from tests.servers import (
    ROOT,
    free_port,
    group_alive,
    own_database,
    stop_group,
    wait_for_port,
    wait_until_healthy,
)

pytestmark = pytest.mark.slow
PASSWORD = "correct horse battery staple 7"


def metric(base: str, name: str, **labels) -> float:
    body = requests.get(f"{base}/metrics", timeout=30).text
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


def json_lines(log: Path) -> list[dict]:
    lines = []
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``make serve`` on a database and a storage folder of its own."""
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    stale = folder / "metrics"
    stale.mkdir()
    (stale / "counter_99999.db").write_bytes(b"left by a crashed run")
    with own_database(folder) as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "STORAGE_URL": str(folder / "photos"),
            "INSTANCE_PATH": str(folder / "instance"),
            "SECRET_KEY": "test-only",
            "WEB_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            "WEB_THREADS": "2",
            "PROMETHEUS_MULTIPROC_DIR": str(stale),
            "LOG_FORMAT": "json",
            "PYTHON": sys.executable,
        }
        log = folder / "serve.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                ["make", "--no-print-directory", "serve"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped as a whole
            )
            try:
                wait_for_port(port, process, log)
                wait_until_healthy(f"http://127.0.0.1:{port}", process, log)
                yield {
                    "base": f"http://127.0.0.1:{port}",
                    "env": env,
                    "log": log,
                    "process": process,
                    "metrics_dir": stale,
                }
            finally:
                if group_alive(process.pid):
                    stop_group(process)


def login(served) -> dict:
    """An inspector made with the operator's command, then logged in over HTTP."""
    made = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "create-user",
            "--username", "insp_serve", "--password", PASSWORD,
            "--role", "inspector", "--department", "fire",
        ],
        cwd=ROOT, env=served["env"], capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    answer = requests.post(
        f"{served['base']}/api/v1/auth/login",
        json={"username": "insp_serve", "password": PASSWORD},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_make_serve_answers_logs_counts_across_processes_and_stops(served):
    base = served["base"]
    health = requests.get(f"{base}/api/v1/healthz", timeout=30)
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "db": "ok", "storage": "ok"}
    assert health.headers["X-Content-Type-Options"] == "nosniff"
    # the stale file of an earlier run was cleared before the processes started
    assert not (served["metrics_dir"] / "counter_99999.db").exists()

    headers = login(served)
    before = metric(base, "inspect_http_requests_total", route="/api/v1/hazards", status="200")
    request_id = f"serve-test-{uuid.uuid4().hex}"
    for _ in range(20):  # over both workers (two processes of two threads)
        listed = requests.get(f"{base}/api/v1/hazards", headers=headers, timeout=30)
        assert listed.status_code == 200
    traced = requests.get(
        f"{base}/api/v1/hazards", headers={**headers, "X-Request-ID": request_id}, timeout=30
    )
    assert traced.headers["X-Request-ID"] == request_id
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(buffer, "JPEG")
    photo = requests.post(
        f"{base}/api/v1/photos",
        files={"file": ("p.jpg", buffer.getvalue(), "image/jpeg")},
        headers=headers,
        timeout=30,
    )
    assert photo.status_code == 201, photo.text
    assert list((Path(served["env"]["STORAGE_URL"])).rglob("*")), "the photo is stored"

    # every worker's count, whichever answers the scrape
    after = metric(base, "inspect_http_requests_total", route="/api/v1/hazards", status="200")
    assert after - before == 21
    assert metric(base, "inspect_photos_stored") == 1
    assert metric(base, "inspect_photo_bytes_stored") == len(buffer.getvalue())

    # the job process beside gunicorn runs make_photo_derivatives every 10 s; its runs are
    # in the same /metrics
    deadline = time.monotonic() + 90
    while not metric(base, "inspect_job_runs_total", job="make_photo_derivatives", outcome="ok"):
        assert time.monotonic() < deadline, served["log"].read_text()[-3000:]
        time.sleep(1)

    lines = json_lines(served["log"])
    (mine,) = [line for line in lines if line.get("request_id") == request_id]
    assert mine["route"] == "/api/v1/hazards" and mine["status"] == 200
    assert mine["user_id"] and mine["duration_ms"] > 0 and mine["level"] == "INFO"
    runs = [line for line in lines if line.get("message") == "job run"]
    assert any(r["job"] == "make_photo_derivatives" and r["outcome"] == "ok" for r in runs)

    # SIGTERM to the group (as systemd or Ctrl-C would): gunicorn, its workers and the job
    # process all stop (stop_group raises otherwise). One test, not two: under xdist a
    # second test could start a second `make serve` on another worker.
    stop_group(served["process"])
    assert "Shutting down: Master" in served["log"].read_text()
