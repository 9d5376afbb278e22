"""The connection pool as configured (docs/configuration.md): ``make serve`` with 2 workers
× 3 threads on PostgreSQL under 12 concurrent clients answers every request, and holds
no more connections than the pools allow. PostgreSQL only; slow (a real server)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import ON_POSTGRES, POSTGRES_URL
from tests.servers import (
    ROOT,
    free_port,
    group_alive,
    own_database,
    stop_group,
    wait_for_port,
    wait_until_healthy,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ON_POSTGRES, reason="the pool is sized for PostgreSQL"),
]
WORKERS, THREADS, OVERFLOW = 2, 3, 2
PASSWORD = "correct horse battery staple 7"


def test_workers_times_threads_share_the_pools_and_every_request_is_answered(tmp_path):
    port = free_port()
    name = f"pool-test-{secrets.token_hex(4)}"
    with own_database(tmp_path) as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "STORAGE_URL": str(tmp_path / "photos"),
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test-only",
            "WEB_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(WORKERS),
            "WEB_THREADS": str(THREADS),
            "DB_MAX_OVERFLOW": str(OVERFLOW),
            "DB_APPLICATION_NAME": name,
            "LOG_FORMAT": "text",
            "PYTHON": sys.executable,
        }
        log = tmp_path / "serve.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                ["make", "--no-print-directory", "serve"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            try:
                base = f"http://127.0.0.1:{port}"
                wait_for_port(port, process, log)
                wait_until_healthy(base, process, log)
                made = subprocess.run(
                    [
                        str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "create-user",
                        "--username", "pool_bureau", "--password", PASSWORD, "--role", "bureau",
                    ],
                    cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                )  # fmt: skip
                assert made.returncode == 0, made.stderr
                login = requests.post(
                    f"{base}/api/v1/auth/login",
                    json={"username": "pool_bureau", "password": PASSWORD},
                    timeout=60,
                )
                assert login.status_code == 200, login.text
                headers = {"Authorization": f"Bearer {login.json()['token']}"}

                watcher = create_engine(POSTGRES_URL)
                peak = 0
                done = threading.Event()

                def watch() -> None:
                    nonlocal peak
                    with watcher.connect() as connection:
                        while not done.is_set():
                            count = connection.execute(
                                text(
                                    "SELECT count(*) FROM pg_stat_activity"
                                    " WHERE application_name = :name"
                                ),
                                {"name": name},
                            ).scalar_one()
                            peak = max(peak, count)
                            connection.rollback()
                            done.wait(0.05)

                paths = [
                    "/api/v1/hazards",
                    "/api/v1/clearance",
                    "/api/v1/institutions",
                    "/api/v1/me",
                ]

                def client(n: int) -> list[int]:
                    with requests.Session() as session:
                        return [
                            session.get(
                                f"{base}{paths[(n + k) % 4]}", headers=headers, timeout=60
                            ).status_code
                            for k in range(15)
                        ]

                watching = threading.Thread(target=watch)
                watching.start()
                try:
                    with ThreadPoolExecutor(4 * THREADS) as pool:
                        statuses = [s for run in pool.map(client, range(4 * THREADS)) for s in run]
                finally:
                    done.set()
                    watching.join()
                    watcher.dispose()
                assert statuses == [200] * len(statuses)
                # Each web worker: its threads' connections and the overflow; the job
                # process reads the same settings.
                assert 1 <= peak <= (WORKERS + 1) * (THREADS + OVERFLOW), peak
            finally:
                if group_alive(process.pid):
                    stop_group(process)
