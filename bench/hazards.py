"""Bench: the hazard list and district clearance over 1,000,000 hazards, against bare floors.

Load (untimed for the verdicts, but reported): 1,000 institutions spread over Songjiang's
17 streets and 1,000,000 hazards, bulk-inserted with SQLAlchemy Core executemany in
chunks (not the ORM one by one): ~80% cleared, the rest open / rectifying /
pending_review; ~10% major; fire / food / gas / service; deadlines over the past two years
and the next 30 days; cleared_at for cleared ones (some this month). item_code stays NULL,
so the partial unique index on live items is never in play. Then ANALYZE (on PostgreSQL
VACUUM ANALYZE, so that autovacuum does not wake up in the middle of the timings).

What is measured (Flask test client, so WSGI + Flask + our code + database, no network),
as a bureau user, in alternating blocks:
  list    GET /api/v1/hazards?status=open&severity=general&street=S&page_size=50, S taking
          turns among a few streets: token lookup, the capped total (HAZARD_LIST_COUNT_CAP)
          and a page of 50 ordered by deadline, marshmallow.
  floor   a separate tiny Flask app, no auth, running the same page query with SQLAlchemy
          Core (hazard columns, status / severity / street, ORDER BY
          due_at, id LIMIT 50) and returning it as JSON.
  clear   GET /api/v1/clearance (district).
  floor   SELECT institution_id, count(*) FROM hazards WHERE <live> GROUP BY
          institution_id, as JSON from the bare app (<live>: the partial index's condition).
Before the timings, for diagnosis (no part in the verdicts): X-Pagination of each street's
list against the exact total, and the plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE) and the
time alone of every statement on hazards that the two app requests send, and of the floors'
statements; on PostgreSQL, after the timings, whether the app's prepared statements ran on
generic or custom plans.
Targets: list p95 < 20 ms and median <= 4x its floor; district clearance p95 < 150 ms and
median <= 2x its floor.

SQLite by default; PostgreSQL when DATABASE_URL is a postgresql URL (a fresh schema).
BENCH_HAZARDS=N loads N hazards instead of 1,000,000 (for a quick try only).
"""

from __future__ import annotations

import itertools
import os
import random
import time
import uuid
from datetime import UTC, datetime, timedelta

from common import alternate, bench_env, db_kind, median, p95, report, timed, user_with_token
from flask import Flask, jsonify, request
from sqlalchemy import event, func, insert, select, text
from stdnum.cn import uscc

from inspect_app.extensions import db
from inspect_app.hazards.models import LIVE_CONDITION
from inspect_app.models import Hazard, Institution

STREETS = [
    "岳阳街道",
    "永丰街道",
    "方松街道",
    "中山街道",
    "广富林街道",
    "九里亭街道",
    "泗泾镇",
    "佘山镇",
    "车墩镇",
    "新桥镇",
    "洞泾镇",
    "九亭镇",
    "泖港镇",
    "石湖荡镇",
    "新浜镇",
    "叶榭镇",
    "小昆山镇",
]
LIST_STREETS = ["岳阳街道", "九亭镇", "佘山镇", "叶榭镇"]  # the list takes turns among these
N_INSTITUTIONS = 1_000
N_HAZARDS = int(os.environ.get("BENCH_HAZARDS", 1_000_000))
CHUNK = 20_000
STATUS_MIX = [("cleared", 0.80), ("open", 0.08), ("rectifying", 0.07), ("pending_review", 0.05)]
MAJOR_SHARE = 0.10
MAJOR_DUE, GENERAL_DUE = timedelta(days=30), timedelta(days=15)  # docs/configuration.md defaults
TITLES = {
    "fire": [("疏散通道堵塞", "Escape route blocked"), ("灭火器过期", "Extinguisher out of date")],
    "food": [("留样不足125克", "Food sample under 125 g"), ("冰箱温度超标", "Fridge too warm")],
    "gas": [("未安装燃气报警器", "No gas alarm"), ("燃气软管超长", "Gas hose too long")],
    "service": [("未做入院评估", "No admission assessment"), ("夜间巡查缺记录", "No night rounds")],
}
LIST_BLOCKS, LIST_PER_BLOCK, LIST_WARMUP = 5, 50, 20  # 250 timed requests of each
CLEAR_BLOCKS, CLEAR_PER_BLOCK, CLEAR_WARMUP = 5, 5, 2  # 25 timed requests of each


# -- load ----------------------------------------------------------------------------------


def _institution_rows() -> list[dict]:
    rng = random.Random(17)
    rows = []
    for n in range(1, N_INSTITUTIONS + 1):
        body = f"52310117MK{n:07d}"[:17]
        rows.append(
            {
                "name": f"松江基准养老院{n}",
                "credit_code": body + uscc.calc_check_digit(body),
                "street": STREETS[n % len(STREETS)],
                "address": f"松江区基准路{n}号",
                "beds": rng.randint(30, 400),
                "ownership": rng.choice(("public", "private", "public_private")),
                "features": {"kitchen": True, "gas": rng.random() < 0.7, "medical": True},
            }
        )
    return rows


def _hazard_rows(rng: random.Random, count: int, institution_ids, inspector_id, now):
    """``count`` hazard rows as dicts for executemany, with the mix described above."""
    statuses = rng.choices([s for s, _ in STATUS_MIX], [w for _, w in STATUS_MIX], k=count)
    majors = [rng.random() < MAJOR_SHARE for _ in range(count)]
    titles = rng.choices([(c, *t) for c, pairs in TITLES.items() for t in pairs], k=count)
    owners = rng.choices(institution_ids, k=count)
    latest_clear = now - timedelta(minutes=5)
    rows = []
    for status, major, (category, title, title_en), institution_id in zip(
        statuses, majors, titles, owners, strict=True
    ):
        due_at = now + timedelta(seconds=rng.uniform(-730 * 86400.0, 30 * 86400.0))
        found_at = due_at - (MAJOR_DUE if major else GENERAL_DUE)
        cleared_at = None
        if status == "cleared":
            latest = min(latest_clear, due_at + timedelta(days=10))
            cleared_at = found_at + (latest - found_at) * rng.random()
        rows.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "institution_id": institution_id,
                "inspection_id": None,
                "checklist_key": None,
                "checklist_version": None,
                "item_code": None,
                "category": category,
                "severity": "major" if major else "general",
                "title": title,
                "title_en": title_en,
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
    return rows


def _secondary_indexes(conn) -> list[tuple[str, str]]:
    """(name, DDL) of the hazards indexes that back no constraint, as the database has them."""
    if conn.dialect.name == "sqlite":
        query = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'hazards' "
            "AND sql IS NOT NULL"
        )
    else:
        query = (
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = 'hazards' AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = 'hazards'::regclass)"
        )
    return [(name, ddl) for name, ddl in conn.exec_driver_sql(query)]


def load(env) -> None:
    """Institutions and hazards in bulk, on an engine of its own (disposed afterwards).

    The hazards' secondary indexes are dropped for the load and rebuilt afterwards from
    the database's own DDL (the usual bulk-load practice: ~80 s instead of ~120 s for the
    SQLite load here, and every index comes out compact, as after a REINDEX).
    """
    engine = env.floor_engine()
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:  # a bigger page cache for the load's own connection only

        @event.listens_for(engine, "connect")
        def _cache(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA cache_size=-262144")

    started, cpu = time.perf_counter(), time.process_time()
    with engine.begin() as conn:
        conn.execute(insert(Institution.__table__), _institution_rows())
        streets = dict(conn.execute(select(Institution.id, Institution.street)).all())
        institution_ids = list(streets)
        indexes = _secondary_indexes(conn)
        for name, _ddl in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
    rng, now = random.Random(4), datetime.now(UTC)
    generating = inserting = 0.0
    done = 0
    while done < N_HAZARDS:
        t0 = time.perf_counter()
        rows = _hazard_rows(
            rng, min(CHUNK, N_HAZARDS - done), institution_ids, env.inspector_id, now
        )
        for row in rows:
            row["street"] = streets[row["institution_id"]]
        t1 = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(insert(Hazard.__table__), rows)
        generating, inserting = generating + t1 - t0, inserting + time.perf_counter() - t1
        done += len(rows)
    inserted = time.perf_counter()
    with engine.begin() as conn:
        for _name, ddl in indexes:
            conn.exec_driver_sql(ddl)
    indexed = time.perf_counter()
    if sqlite:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE hazards")
            conn.exec_driver_sql("ANALYZE institutions")
    analyzed = time.perf_counter()
    engine.dispose()
    print(
        f"load ({db_kind()}): {len(institution_ids):,} institutions over {len(STREETS)} streets "
        f"and {done:,} hazards in {analyzed - started:.1f} s wall, "
        f"{time.process_time() - cpu:.1f} s CPU of this process\n"
        f"  executemany in chunks of {CHUNK:,}: {inserting:.1f} s = {done / inserting:,.0f} rows/s "
        f"(making the rows in Python: {generating:.1f} s more; both: "
        f"{done / (inserted - started):,.0f} rows/s)\n"
        f"  rebuilding {len(indexes)} secondary indexes: {indexed - inserted:.1f} s; "
        f"{'ANALYZE' if sqlite else 'VACUUM ANALYZE'}: {analyzed - indexed:.1f} s"
    )
    with engine.connect() as conn:
        mix = conn.execute(
            select(Hazard.status, Hazard.severity, func.count())
            .group_by(Hazard.status, Hazard.severity)
            .order_by(Hazard.status, Hazard.severity)
        ).all()
        month = conn.execute(
            select(func.count()).where(
                Hazard.cleared_at >= now.replace(day=1, hour=0, minute=0, second=0)
            )
        ).scalar()
    engine.dispose()
    print(
        "mix: "
        + ", ".join(f"{s}/{v} {n:,}" for s, v, n in mix)
        + f"; cleared this month ~{month:,}"
    )


# -- the bureau user ----------------------------------------------------------------------


def bureau_headers(env) -> dict:
    with env.app.app_context():
        return user_with_token("bench-bureau", "基准区局", "bureau")[1]


# -- the floors ---------------------------------------------------------------------------

H = Hazard.__table__
SUMMARY_COLUMNS = [
    H.c[name]
    for name in (
        "id",
        "institution_id",
        "inspection_id",
        "checklist_key",
        "item_code",
        "category",
        "severity",
        "title",
        "title_en",
        "status",
        "found_at",
        "due_at",
        "cleared_at",
    )
]


# The live hazards exactly as the partial index defines them (voided ones are not live).
FLOOR_GROUP_BY = (
    f"SELECT institution_id, count(*) FROM hazards WHERE {LIVE_CONDITION} GROUP BY institution_id"
)


def floor_page_query(status: str, severity: str, street: str):
    return (
        select(*SUMMARY_COLUMNS)
        .where(H.c.status == status, H.c.severity == severity, H.c.street == street)
        .order_by(H.c.due_at, H.c.id)
    )


def _json_row(row, now: datetime) -> dict:
    out = {}
    for key, value in row._mapping.items():
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        out[key] = value
    out["overdue"] = row.status != "cleared" and row.due_at < now
    return out


def floor_app(engine) -> Flask:
    bare = Flask("floor")

    @bare.get("/page")
    def page():
        args = request.args
        query = floor_page_query(args["status"], args["severity"], args["street"]).limit(50)
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        now = datetime.now(UTC)
        return jsonify([_json_row(row, now) for row in rows])

    @bare.get("/live")
    def live():
        with engine.connect() as conn:
            rows = conn.execute(text(FLOOR_GROUP_BY)).all()
        return jsonify([[institution_id, n] for institution_id, n in rows])

    return bare


# -- plans and statements -----------------------------------------------------------------


def captured_statements(app, fn) -> list[tuple[str, object]]:
    """The SQL (and DBAPI parameters) the app sends to the database while ``fn`` runs."""
    with app.app_context():
        engine = db.engine
    seen: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _executemany):
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen


def explain(engine, label: str, statement: str, parameters=None, reps: int = 7) -> None:
    """Print a statement, its plan and how long it takes alone (median of ``reps``)."""
    sqlite = engine.dialect.name == "sqlite"
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "
    parameters = parameters if parameters is not None else ()
    times = []
    with engine.connect() as conn:
        plan = list(conn.exec_driver_sql(prefix + statement, parameters))
        for _ in range(reps):
            times.append(timed(lambda: conn.exec_driver_sql(statement, parameters).all())[0])
    print(f"\n-- {label}: alone {median(times):.2f} ms (median of {reps}), min {min(times):.2f} ms")
    print("   " + " ".join(statement.split()))
    if parameters:
        print(f"   params: {parameters}")
    parents: dict[int, int] = {}
    for row in plan:
        if sqlite:  # (id, parent, notused, detail): indent by depth
            parents[row[0]] = depth = 0 if row[1] == 0 else parents.get(row[1], 0) + 1
            print(f"   {'  ' * depth}{row[-1]}")
        else:
            print(f"   {row[0]}")


def explain_app(app, label: str, fn) -> None:
    """Plan and time alone each statement on hazards that one app request sends."""
    with app.app_context():
        engine = db.engine
    for n, (statement, parameters) in enumerate(captured_statements(app, fn), 1):
        if "hazards" in statement:
            explain(engine, f"{label}, statement {n}", statement, parameters)


def postgres_plan_modes(app) -> None:
    """After the timings: did PostgreSQL run the app's prepared statements on generic plans?

    psycopg prepares a statement server-side after 5 executions; PostgreSQL may then
    switch it to a generic plan, which cannot use a partial index whose predicate is a
    bound parameter. (Only the app's pooled connection is looked at.)
    """
    with app.app_context():
        rows = db.session.execute(
            text(
                "SELECT generic_plans, custom_plans, statement FROM pg_prepared_statements "
                "WHERE statement LIKE '%hazards%' ORDER BY statement"
            )
        ).all()
        db.session.rollback()
    print("\nprepared statements on the app's connection (generic plans / custom plans):")
    for generic, custom, statement in rows:
        print(f"   {generic:>5} / {custom:<5} {' '.join(statement.split())[:150]}")


# -- main ---------------------------------------------------------------------------------


def case_for(client, path: str, headers: dict, params: list[dict]):
    """A case that GETs ``path``, taking its query parameters in turn from ``params``."""
    turns = itertools.cycle(params)

    def run() -> tuple[float, float]:
        responses = []
        query = next(turns)
        elapsed = timed(
            lambda: responses.append(client.get(path, query_string=query, headers=headers))
        )
        assert responses[0].status_code == 200, responses[0].get_data(as_text=True)[:300]
        return elapsed

    return run


def absolute(label: str, samples, limit: float) -> None:
    wall = [sample[0] for block in samples for sample in block]
    verdict = "PASS" if p95(wall) < limit else "MISS"
    print(f"{label}: p95 {p95(wall):.2f} ms (target < {limit:g} ms) {verdict}")


def main() -> None:
    with bench_env() as env:
        load(env)
        headers = bureau_headers(env)
        client = env.app.test_client()
        engine = env.floor_engine()
        floor = floor_app(engine).test_client()
        filters = {"status": "open", "severity": "general"}
        lists = [{**filters, "street": s, "page_size": 50} for s in LIST_STREETS]
        floors = [{**filters, "street": s} for s in LIST_STREETS]

        # The app and the floor must agree on the page; X-Pagination says what the total is.
        print()
        for app_args, floor_args in zip(lists, floors, strict=True):
            got = client.get("/api/v1/hazards", query_string=app_args, headers=headers)
            assert got.status_code == 200, got.get_data(as_text=True)[:300]
            bare = floor.get("/page", query_string=floor_args).get_json()
            assert [h["id"] for h in got.get_json()] == [h["id"] for h in bare]
            with engine.connect() as conn:
                exact = conn.execute(
                    select(func.count()).select_from(
                        floor_page_query(**floor_args).order_by(None).subquery()
                    )
                ).scalar()
            print(
                f"list {floor_args['street']}: {len(got.get_json())} items, "
                f"X-Pagination {got.headers.get('X-Pagination')}, "
                f"X-Total-Capped {got.headers.get('X-Total-Capped')} (exact total {exact:,})"
            )
        district = client.get("/api/v1/clearance", headers=headers)
        assert district.status_code == 200, district.get_data(as_text=True)[:300]
        print(f"district clearance totals: {district.get_json()['totals']}")

        explain_app(
            env.app,
            "app list",
            lambda: client.get("/api/v1/hazards", query_string=lists[0], headers=headers),
        )
        explain_app(
            env.app, "app clearance", lambda: client.get("/api/v1/clearance", headers=headers)
        )
        page = floor_page_query(**floors[0])
        for label, query in (
            ("floor page", page.limit(50)),
            (
                "info: exact total (what the cap avoids)",
                select(func.count()).select_from(page.order_by(None).subquery()),
            ),
        ):
            compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
            explain(engine, label, str(compiled))
        explain(engine, "floor GROUP BY", FLOOR_GROUP_BY)

        list_results = alternate(
            {
                "app: GET /hazards (page 50 + total)": case_for(
                    client, "/api/v1/hazards", headers, lists
                ),
                "floor: bare Core page of 50": case_for(floor, "/page", {}, floors),
            },
            blocks=LIST_BLOCKS,
            per_block=LIST_PER_BLOCK,
            warmup=LIST_WARMUP,
        )
        clear_results = alternate(
            {
                "app: GET /clearance (district)": case_for(
                    client, "/api/v1/clearance", headers, [{}]
                ),
                "floor: bare GROUP BY institution": case_for(floor, "/live", {}, [{}]),
            },
            blocks=CLEAR_BLOCKS,
            per_block=CLEAR_PER_BLOCK,
            warmup=CLEAR_WARMUP,
        )
        if engine.dialect.name == "postgresql":
            postgres_plan_modes(env.app)
        report("hazard list", list_results, *list(list_results), target=4)
        absolute("hazard list", list_results["app: GET /hazards (page 50 + total)"], 20)
        report("district clearance", clear_results, *list(clear_results), target=2)
        absolute("district clearance", clear_results["app: GET /clearance (district)"], 150)
        engine.dispose()


if __name__ == "__main__":
    main()
