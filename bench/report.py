"""Bench: the monthly report at city scale, and the hazard ledger's CSV export at 1M rows.

Load (bulk, SQLAlchemy Core executemany): 1,000 institutions over 50 streets; hazards found
over the twelve months up to the end of the report month (November 2026), ~10% major,
most cleared, the rest open / rectifying / pending review, each with its lifecycle events
(found, acknowledged, rectification submitted, review approved as its state requires);
20,000 inspections submitted in the month with ~3 failed answers each; a clearance snapshot
per institution and day of the month.

Report: ``month_figures`` + ``render`` (the whole report: figures as of the month's end,
charts, the street x category table, the open-major and overdue lists in tables of 500
rows), timed at 25,000, 50,000 and 100,000 hazards (median of 3), each in a forked child
so that its peak RSS is its own. Floor, same run, same rows: one bare reportlab LongTable
holding every row the report's tables hold, in the same font. Targets at 100,000 hazards:
under 30 s, under 500 MB peak RSS, at most 2x the floor.

CSV: the hazards grow to 1,000,000 (BENCH_CSV_ROWS), then ``GET /hazards/export.csv`` as
the bureau through the test client, read chunk by chunk in a forked child: rows, time,
and RSS sampled along the way (constant memory: RSS at the end no more than at 10% + 50
MB).

    python bench/report.py          # DATABASE_URL=postgresql://... for PostgreSQL
"""

from __future__ import annotations

import io
import os
import random
import resource
import statistics
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from common import bench_env, db_kind, user_with_token
from sqlalchemy import insert, select
from stdnum.cn import uscc

from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.models import (
    Answer,
    ClearanceSnapshot,
    Hazard,
    HazardEvent,
    Inspection,
    Institution,
)
from inspect_app.reports import monthly_layout
from inspect_app.reports.monthly_figures import month_figures

MONTH = "2026-11"
MONTH_START = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)  # 2026-11-01 00:00 Shanghai
MONTH_END = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
STREETS = [f"第{n}街道" for n in range(1, 51)]
CATEGORIES = ["fire", "food", "gas", "service"]
SCALE = float(os.environ.get("BENCH_SCALE", 1))  # e.g. 0.05 for a quick try only
SIZES = [int(n * SCALE) for n in (25_000, 50_000, 100_000)]
N_INSPECTIONS = 20_000
CSV_ROWS = int(os.environ.get("BENCH_CSV_ROWS", 1_000_000 * SCALE))
CHUNK = 20_000
TARGET_SECONDS, TARGET_MB, TARGET_RATIO = 30.0, 500.0, 2.0
TITLES = [
    "疏散通道堆放杂物",
    "灭火器过期未更换",
    "留样不足125克",
    "燃气报警器失效",
    "交接班记录缺失",
]


def rss_mb() -> float:
    with open("/proc/self/statm") as file:
        return int(file.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


app_for_child = None  # set by main()


def in_child(fn):
    """Run ``fn()`` in a forked child; its result and the child's own peak RSS."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            with app_for_child.app_context():
                db.engine.dispose(close=False)  # never share the parent's connections
            result = repr((fn(), peak_mb()))
        except BaseException as error:  # report, never hang the parent
            result = repr(("error", repr(error)))
        with os.fdopen(write, "w") as out:
            out.write(result)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as inp:
        text = inp.read()
    os.waitpid(pid, 0)
    import ast

    return ast.literal_eval(text)


# -- load ----------------------------------------------------------------------------------


def load_institutions(env) -> tuple[list[int], dict[int, str]]:
    rows = []
    for n in range(1, 1001):
        body = f"52310117MJ{n:07d}"[:17]
        rows.append(
            {
                "name": f"城区第{n}养老院",
                "credit_code": body + uscc.calc_check_digit(body),
                "street": STREETS[n % len(STREETS)],
                "address": f"基准路{n}号",
                "beds": 100,
                "ownership": "private",
                "features": {"kitchen": True, "gas": True, "medical": True},
                "status": "operating",
                "risk_level": "B",
                "created_at": utcnow(),
                "updated_at": utcnow(),
            }
        )
    with db.engine.begin() as conn:
        conn.execute(insert(Institution.__table__), rows)
        streets = dict(conn.execute(select(Institution.id, Institution.street)).all())
    return list(streets), streets


def load_hazards(rng, count, institutions, streets, inspector_id, days: int) -> None:
    """``count`` hazards found over the ``days`` days before the month's end, with events."""
    done = 0
    while done < count:
        n = min(CHUNK, count - done)
        hazards, events = [], []
        for _ in range(n):
            major = rng.random() < 0.1
            found_at = MONTH_END - timedelta(seconds=rng.uniform(60, days * 86400.0))
            due_at = found_at + timedelta(days=30 if major else 15)
            roll = rng.random()
            cleared_at = None
            if (due_at < MONTH_END and roll < 0.85) or roll < 0.5:
                status = "cleared"
                latest = min(MONTH_END - timedelta(minutes=1), due_at + timedelta(days=10))
                cleared_at = found_at + (latest - found_at) * rng.random()
            else:
                status = rng.choice(["open", "rectifying", "pending_review"])
            hazard_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            institution_id = rng.choice(institutions)
            hazards.append(
                {
                    "id": hazard_id,
                    "institution_id": institution_id,
                    "street": streets[institution_id],
                    "inspection_id": None,
                    "checklist_key": "fire",
                    "checklist_version": 1,
                    # live ones outside any checklist: one live hazard per item and place
                    "item_code": f"F-{rng.randint(1, 16):02d}" if cleared_at else None,
                    "category": rng.choice(CATEGORIES),
                    "severity": "major" if major else "general",
                    "title": rng.choice(TITLES),
                    "title_en": None,
                    "description": None,
                    "status": status,
                    "found_at": found_at,
                    "due_at": due_at,
                    "cleared_at": cleared_at,
                    "found_by_id": inspector_id,
                    "row_version": 1,
                    "events_head": None,
                    "event_count": 0,
                    "overdue_recorded_at": None,
                }
            )
            steps = [("found", found_at)]
            if status in ("rectifying",):
                steps.append(("acknowledged", found_at + timedelta(hours=5)))
            if status in ("pending_review", "cleared"):
                end = cleared_at or MONTH_END - timedelta(minutes=2)
                steps.append(("rectification_submitted", found_at + (end - found_at) / 2))
            if status == "cleared":
                steps.append(("review_approved", cleared_at))
            for seq, (type_, at) in enumerate(steps, 1):
                events.append(
                    {
                        "hazard_id": hazard_id,
                        "seq": seq,
                        "type": type_,
                        "actor_id": inspector_id,
                        "at": at,
                        "note": None,
                        "photo_ids": [],
                        "data": {},
                        "hash": "0" * 64,
                    }
                )
        with db.engine.begin() as conn:
            conn.execute(insert(Hazard.__table__), hazards)
            conn.execute(insert(HazardEvent.__table__), events)
        done += n


def load_month_activity(rng, institutions, inspector_id) -> None:
    inspections, answers = [], []
    for _ in range(N_INSPECTIONS):
        inspection_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        at = MONTH_START + timedelta(seconds=rng.uniform(0, 29 * 86400.0))
        inspections.append(
            {
                "id": inspection_id,
                "institution_id": rng.choice(institutions),
                "inspector_id": inspector_id,
                "kind": "routine",
                "status": "submitted",
                "started_at": at,
                "submitted_at": at,
                "location": None,
                "hazard_ids": [],
                "due_at": None,
                "created_at": at,
                "updated_at": at,
            }
        )
        for code in rng.sample(range(1, 17), 3):
            answers.append(
                {
                    "inspection_id": inspection_id,
                    "checklist_key": "fire",
                    "item_code": f"F-{code:02d}",
                    "result": "fail",
                    "value": None,
                    "note": None,
                    "photo_ids": [],
                    "answered_by_id": inspector_id,
                    "updated_at": at,
                }
            )
    snapshots = [
        {
            "day": date(2026, 11, day),
            "institution_id": institution_id,
            "open_major": rng.randint(0, 2),
            "open_general": rng.randint(0, 5),
            "overdue": rng.randint(0, 2),
            "cleared_today": rng.randint(0, 2),
        }
        for day in range(1, 31)
        for institution_id in institutions
    ]
    with db.engine.begin() as conn:
        for table, rows in (
            (Inspection.__table__, inspections),
            (Answer.__table__, answers),
            (ClearanceSnapshot.__table__, snapshots),
        ):
            for start in range(0, len(rows), CHUNK):
                conn.execute(insert(table), rows[start : start + CHUNK])


# -- measure ---------------------------------------------------------------------------------


def report_once(app) -> tuple[float, float, int, int]:
    """(seconds for the figures, seconds for the layout, pages, list rows)."""
    from inspect_app.pdf.fonts import cjk_font

    cjk_font()  # registered once per process, as in a server (the floor does the same)
    with app.app_context():
        t0 = time.perf_counter()
        figures = month_figures(MONTH)
        t1 = time.perf_counter()
        pdf, pages = monthly_layout.render(figures, district="基准市", made_at=MONTH_END)
        t2 = time.perf_counter()
        rows = len(figures.open_major_list) + len(figures.overdue_list) + len(figures.streets)
        assert pdf.startswith(b"%PDF")
        return t1 - t0, t2 - t1, pages, rows


def floor_once(app) -> float:
    """One bare LongTable of the same rows (same strings, same font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

    from inspect_app.pdf.fonts import cjk_font

    with app.app_context():
        figures = month_figures(MONTH)
        rows = []
        for line in [*figures.open_major_list, *figures.overdue_list]:
            rows.append(
                [
                    monthly_layout.clip(line.institution, 16),
                    line.street,
                    monthly_layout.clip(line.item, 24),
                    str(line.age_days),
                    line.due_on.isoformat(),
                    line.status,
                    str(line.days_overdue),
                ]
            )
        for street in figures.streets:
            cells = [c for (s, _), c in figures.matrix.items() if s == street]
            rows.append([street, *(str(c.found) for c in cells), "", ""][:7])
    font = cjk_font()
    started = time.perf_counter()
    header = ["机构", "街镇", "检查项目", "天数", "期限", "状态", "逾期"]
    table = LongTable([header, *rows], repeatRows=1)
    style = [("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 7.5)]
    table.setStyle(TableStyle(style))
    SimpleDocTemplate(io.BytesIO(), pagesize=A4, invariant=1).build([table])
    return time.perf_counter() - started


def measure_report(app, hazards: int) -> dict:
    runs = [in_child(lambda: report_once(app)) for _ in range(3)]
    floors = [in_child(lambda: floor_once(app)) for _ in range(3)]
    for run in (*runs, *floors):
        if run[0] == "error":
            raise SystemExit(f"bench child failed: {run[1]}")
    figures_s = statistics.median(r[0][0] for r in runs)
    layout_s = statistics.median(r[0][1] for r in runs)
    total = statistics.median(r[0][0] + r[0][1] for r in runs)
    floor = statistics.median(f[0] for f in floors)
    return {
        "hazards": hazards,
        "total": total,
        "figures": figures_s,
        "layout": layout_s,
        "pages": runs[0][0][2],
        "rows": runs[0][0][3],
        "peak_mb": max(r[1] for r in runs),
        "floor": floor,
    }


def measure_csv(app, headers) -> dict:
    def run():
        client = app.test_client()
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get("/api/v1/hazards/export.csv", headers=headers, buffered=False)
        rows, samples = 0, []
        for chunk in response.response:
            rows += chunk.count(b"\n")
            samples.append((rows, rss_mb()))
        response.close()
        return (
            time.perf_counter() - started,
            time.process_time() - cpu,
            rows - 1,
            samples[len(samples) // 10][1],
            rss_mb(),
        )

    (seconds, cpu_seconds, rows, rss_tenth, rss_end), peak = in_child(run)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "rows": rows,
        "rss_tenth": rss_tenth,
        "rss_end": rss_end,
        "peak_mb": peak,
    }


def main() -> int:
    rng = random.Random(2026)
    failures = []
    with bench_env() as env:
        app = env.app
        global app_for_child
        app_for_child = app
        with app.app_context():
            _, bureau = user_with_token("bench-bureau", "基准局", "bureau")
            institutions, streets = load_institutions(env)
            load_month_activity(rng, institutions, env.inspector_id)
        print(
            f"monthly report, {db_kind()}: 1,000 institutions, 50 streets, "
            f"{N_INSPECTIONS:,} inspections in {MONTH}"
        )
        print(
            f"{'hazards':>9} {'total s':>8} {'figures':>8} {'layout':>7} {'pages':>6} "
            f"{'rows':>7} {'peak MB':>8} {'floor s':>8} {'ratio':>6}"
        )
        loaded = 0
        results = []
        for size in SIZES:
            with app.app_context():
                load_hazards(rng, size - loaded, institutions, streets, env.inspector_id, 365)
            loaded = size
            r = measure_report(app, size)
            results.append(r)
            print(
                f"{r['hazards']:>9,} {r['total']:>8.2f} {r['figures']:>8.2f} {r['layout']:>7.2f} "
                f"{r['pages']:>6} {r['rows']:>7,} {r['peak_mb']:>8.0f} {r['floor']:>8.2f} "
                f"{r['total'] / r['floor']:>6.2f}"
            )
        last = results[-1]
        if last["total"] > TARGET_SECONDS:
            failures.append(f"report {last['total']:.1f} s > {TARGET_SECONDS} s")
        if last["peak_mb"] > TARGET_MB:
            failures.append(f"report peak {last['peak_mb']:.0f} MB > {TARGET_MB} MB")
        if last["total"] > TARGET_RATIO * last["floor"]:
            failures.append(f"report {last['total']:.1f} s > {TARGET_RATIO}x floor")
        first = results[0]
        print(
            f"growth: x{last['hazards'] / first['hazards']:.0f} hazards -> "
            f"x{last['total'] / first['total']:.2f} time "
            f"(figures x{last['figures'] / first['figures']:.2f}, "
            f"layout x{last['layout'] / first['layout']:.2f})"
        )

        with app.app_context():
            started = time.perf_counter()
            load_hazards(rng, CSV_ROWS - loaded, institutions, streets, env.inspector_id, 730)
            took = time.perf_counter() - started
            print(f"loaded {CSV_ROWS - loaded:,} more hazards in {took:.0f} s")
        c = measure_csv(app, bureau)
        print(
            f"csv export: {c['rows']:,} rows in {c['seconds']:.1f} s "
            f"({c['rows'] / c['seconds']:,.0f} rows/s, {c['rows'] / c['cpu_seconds']:,.0f} per CPU "
            f"second); RSS at 10% {c['rss_tenth']:.0f} MB, "
            f"at the end {c['rss_end']:.0f} MB, child peak {c['peak_mb']:.0f} MB"
        )
        if c["rows"] != CSV_ROWS:
            failures.append(f"csv rows {c['rows']} != {CSV_ROWS}")
        if c["rss_end"] > c["rss_tenth"] + 50:
            failures.append("csv memory grew with the rows")
    for failure in failures:
        print("FAIL:", failure)
    print("ok" if not failures else "failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
