"""The figures of a load run (scripts/load calls it before and after Locust).

    load_report.py before BASE SERVER_PID OUT.json
    load_report.py after  BASE SERVER_PID BEFORE.json STATS.csv FAILURES.csv USERS WORKERS

``before`` notes the server's counters (``/metrics``: requests and the CPU their threads
spent, by route), the CPU time of the server's process tree (gunicorn's master and workers,
the job process) and of the PostgreSQL backends it holds (``pg_stat_activity`` by
``DB_APPLICATION_NAME``), and the load average. ``after`` takes them again and prints:

- per operation, as Locust saw it: requests, requests/s, p50/p95/p99 (ms) and errors;
- per route, as the server saw it: the app's CPU per request (ms);
- the whole: CPU seconds of the server and of PostgreSQL over the run, the CPU per request,
  how many cores were busy, and so how many of these users one core serves;
- the resident memory of each web worker at the end;
- the load average at both ends (the machine is shared: every figure depends on it);
- last, one line: ``load: N requests, E errors, p99 X ms``.

Exit status 1 when any request failed.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """utime + stime of one process, or 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _tree(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _worker_memory(server: int) -> list[float]:
    """Resident MB of each gunicorn worker (a process whose parent is gunicorn's master)."""
    out = []
    for pid in _tree(server):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            parent_command = Path(f"/proc/{parent}/cmdline").read_bytes()
            status = Path(f"/proc/{pid}/status").read_text()
        except (OSError, ValueError):
            continue
        if b"gunicorn" in command and b"gunicorn" in parent_command:
            rss = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
            out.append(int(rss.split()[1]) / 1024)
    return out


def _database_backends() -> list[int]:
    url = os.environ["DATABASE_URL"]
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(
                connection.scalars(
                    text("SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                    {"name": os.environ.get("DB_APPLICATION_NAME", "eldercare-inspect")},
                )
            )
    finally:
        engine.dispose()


def _counters(base: str) -> dict[str, dict[str, float]]:
    """Requests and their threads' CPU seconds, by "METHOD route"."""
    with urllib.request.urlopen(f"{base}/metrics", timeout=60) as answer:
        body = answer.read().decode()
    out: dict[str, dict[str, float]] = {"requests": {}, "cpu": {}}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            key = f"{sample.labels.get('method')} {sample.labels.get('route')}"
            if sample.name == "inspect_http_requests_total":
                out["requests"][key] = out["requests"].get(key, 0) + sample.value
            elif sample.name == "inspect_http_request_cpu_seconds_total":
                out["cpu"][key] = out["cpu"].get(key, 0) + sample.value
    return out


def snapshot(base: str, server: int) -> dict:
    backends = _database_backends()
    return {
        "at": time.monotonic(),
        "load": os.getloadavg()[0],
        "server_cpu": sum(_cpu_seconds(pid) for pid in _tree(server)),
        "database_cpu": {str(pid): _cpu_seconds(pid) for pid in backends},
        "counters": _counters(base),
    }


def _csv(path: str) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8") as rows:
        return list(csv.DictReader(rows))


def _float(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def after(argv: list[str]) -> int:
    base, server, before_path, stats_path, failures_path, users, workers = argv
    end = snapshot(base, int(server))
    start = json.loads(Path(before_path).read_text())
    seconds = end["at"] - start["at"]
    rows = _csv(stats_path)
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(
        f"\nload: {users} users thinking 1–5 s, {workers} gunicorn workers, {seconds:.0f} s; "
        f"load average {start['load']:.1f} at the start, {end['load']:.1f} at the end "
        f"({os.cpu_count()} cores, shared with the load generator and PostgreSQL)"
    )
    print(f"\n{'operation (Locust)':<40}{'requests':>9}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}"
          f"{'errors':>8}")  # fmt: skip
    for row in sorted(rows, key=lambda r: r["Name"]):
        if row["Name"] == "Aggregated":
            continue
        name = row["Name"][:39]
        print(
            f"{name:<40}{int(row['Request Count']):>9}{_float(row['Requests/s']):>8.2f}"
            f"{_float(row['50%']):>7.0f}{_float(row['95%']):>7.0f}{_float(row['99%']):>7.0f}"
            f"{int(row['Failure Count']):>8}"
        )
    print(f"{'(ms)':<40}")

    print(f"\n{'CPU per request, by route (server)':<56}{'requests':>9}{'CPU ms':>8}")
    served = 0.0
    for key, count in sorted(end["counters"]["requests"].items()):
        n = count - start["counters"]["requests"].get(key, 0)
        if n <= 0 or key.endswith(" /metrics"):
            continue
        served += n
        cpu = end["counters"]["cpu"].get(key, 0) - start["counters"]["cpu"].get(key, 0)
        print(f"{key.replace('/api/v1', '')[:55]:<56}{n:>9.0f}{1000 * cpu / n:>8.2f}")

    server_cpu = end["server_cpu"] - start["server_cpu"]
    database_cpu = sum(
        cpu - start["database_cpu"].get(pid, 0.0) for pid, cpu in end["database_cpu"].items()
    )
    busy = (server_cpu + database_cpu) / seconds
    print(
        f"\nCPU over the run: server (gunicorn + jobs) {server_cpu:.1f} s, PostgreSQL backends "
        f"{database_cpu:.1f} s -> {busy:.2f} cores busy; "
        f"{1000 * (server_cpu + database_cpu) / max(served, 1):.2f} ms per request "
        f"({1000 * server_cpu / max(served, 1):.2f} ms server, "
        f"{1000 * database_cpu / max(served, 1):.2f} ms PostgreSQL)"
    )
    if busy > 0:
        print(f"users one core serves (this mix): {int(users) / busy:.0f}")
    workers_rss = _worker_memory(int(server))
    if workers_rss:
        print(
            "memory per web worker (RSS at the end): "
            + ", ".join(f"{mb:.0f} MB" for mb in workers_rss)
        )

    failures = _csv(failures_path)
    for failure in failures:
        print(f"error: {failure['Method']} {failure['Name']}: {failure['Error']} "
              f"x{failure['Occurrences']}")  # fmt: skip
    requests_, errors = int(total["Request Count"]), int(total["Failure Count"])
    print(f"load: {requests_} requests, {errors} errors, p99 {_float(total['99%']):.0f} ms")
    return 1 if errors else 0


def main() -> int:
    if sys.argv[1] == "before":
        base, server, out = sys.argv[2:5]
        Path(out).write_text(json.dumps(snapshot(base, int(server))))
        return 0
    return after(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
