"""Bench: the hazard ledger's CSV export alone, at ``BENCH_CSV_ROWS`` hazards (200,000).

The hazards and their events are loaded as in ``bench/report.py``; then
``GET /hazards/export.csv`` as the bureau through the test client, read chunk by chunk in
a forked child: rows per second, and RSS at 10% of the rows against the end (constant
memory: the end no more than 10% + 50 MB).

    python bench/export_csv.py        # DATABASE_URL=postgresql://... for PostgreSQL
"""

from __future__ import annotations

import os
import random

import report
from common import bench_env, db_kind, user_with_token

ROWS = int(os.environ.get("BENCH_CSV_ROWS", 200_000))
TARGET_ROWS_PER_SECOND = 20_000


def main() -> int:
    rng = random.Random(2026)
    with bench_env() as env:
        app = env.app
        report.app_for_child = app
        with app.app_context():
            _, bureau = user_with_token("bench-bureau", "基准局", "bureau")
            institutions, streets = report.load_institutions(env)
            report.load_hazards(rng, ROWS, institutions, streets, env.inspector_id, 730)
        c = report.measure_csv(app, bureau)
    rate = c["rows"] / c["seconds"]
    print(
        f"csv export, {db_kind()}: {c['rows']:,} rows in {c['seconds']:.1f} s "
        f"({rate:,.0f} rows/s, {c['rows'] / c['cpu_seconds']:,.0f} per CPU second); "
        f"RSS at 10% {c['rss_tenth']:.0f} MB, "
        f"at the end {c['rss_end']:.0f} MB, child peak {c['peak_mb']:.0f} MB"
    )
    failures = []
    if c["rows"] != ROWS:
        failures.append(f"rows {c['rows']} != {ROWS}")
    if rate < TARGET_ROWS_PER_SECOND:
        failures.append(f"{rate:,.0f} rows/s < {TARGET_ROWS_PER_SECOND:,}")
    if c["rss_end"] > c["rss_tenth"] + 50:
        failures.append("memory grew with the rows")
    for failure in failures:
        print("FAIL:", failure)
    print("ok" if not failures else "failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
