"""The district's heavy reads use their indexes on PostgreSQL at realistic sizes.

A district's years of data are made in the database itself with ``generate_series``
(2,000 institutions, 20,000 inspections, 200,000 hazards mostly cleared, 600,000 hazard
events), analysed, and then the hazard list, the clearance board, the monthly report, the
ledger export and the spot-check draw are asked for through the API as the bureau and a
manager would. Every SELECT they send is captured and run again under ``EXPLAIN``: none
may read ``hazards`` or ``hazard_events`` with a sequential scan (docs/performance.md),
but where it keeps a tenth of the table or more (the monthly report's year of trend: in
sequence is then the cheaper way) or stops early under a LIMIT (the list's capped count).
PostgreSQL only (SQLite's planner is another story); slow: the rows take a few seconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import event, text

from inspect_app.config import DEFAULT_STREETS
from inspect_app.extensions import db
from tests.conftest import ON_POSTGRES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ON_POSTGRES, reason="query plans are checked on PostgreSQL"),
]

BIG_TABLES = {"hazards", "hazard_events"}
# A scan that keeps this share of a table or more (the monthly report's year of trend)
# reads it in sequence rightly; below it, a sequential scan is a missing index.
LARGE_SHARE = 0.1
INSTITUTIONS = 2_000
INSPECTIONS = 20_000
HAZARDS = 200_000
EVENTS_PER_HAZARD = 3

# Three years of hazards back from now, one in ten major, 1 % voided; the others cleared
# but for 7 % of the last 60 days' (about 800 live); each institution has every kind.
# Each hazard has a found, an acknowledged and a closing (or progress) event.
FILL = [
    f"""INSERT INTO institutions (name, credit_code, street, address, beds, ownership,
        features, status, risk_level, created_at, updated_at)
    SELECT '规模养老院' || n, 'PLAN' || lpad(n::text, 14, '0'),
        (ARRAY[{", ".join(f"'{s}'" for s in DEFAULT_STREETS)}])[n % {len(DEFAULT_STREETS)} + 1],
        '规模路' || n || '号', 100, 'private', '{{}}',
        CASE WHEN n % 50 = 0 THEN 'closed' ELSE 'operating' END,
        substr('ABCD', n % 4 + 1, 1), now(), now()
    FROM generate_series(1, {INSTITUTIONS}) AS n""",
    f"""INSERT INTO inspections (id, institution_id, inspector_id, kind, status, started_at,
        submitted_at, hazard_ids, signature_refused, created_at, updated_at)
    SELECT md5('inspection' || n)::uuid,
        (SELECT min(id) FROM institutions) + n % {INSTITUTIONS}, :inspector, 'routine',
        'submitted', :now - (n % 1095) * interval '1 day',
        :now - (n % 1095) * interval '1 day' + interval '2 hours', '[]', false, now(), now()
    FROM generate_series(1, {INSPECTIONS}) AS n""",
    f"""INSERT INTO hazards (id, institution_id, street, inspection_id, checklist_key,
        checklist_version, item_code, category, severity, severity_confirmed, due_days,
        department, fixed_on_site, title, status, found_at, due_at, cleared_at, voided_at,
        found_by_id, row_version, events_head, event_count)
    SELECT md5('hazard' || n)::uuid, i.id, i.street,
        md5('inspection' || (n % {INSPECTIONS} + 1))::uuid,
        'fire', 1, 'S-' || n, 'fire',
        CASE WHEN n % 10 = 0 THEN 'major' ELSE 'general' END, true, 15, 'fire', false,
        '规模隐患' || n,
        CASE WHEN n % 100 = 92 THEN 'voided' WHEN n % 100 < 92 OR n % 1095 >= 60 THEN 'cleared'
             WHEN n % 100 < 96 THEN 'open' WHEN n % 100 < 98 THEN 'rectifying'
             ELSE 'pending_review' END,
        :now - (n % 1095) * interval '1 day',
        :now - (n % 1095) * interval '1 day' + interval '15 days',
        CASE WHEN n % 100 < 92 OR (n % 1095 >= 60 AND n % 100 != 92)
             THEN :now - (n % 1095) * interval '1 day' + interval '10 days' END,
        CASE WHEN n % 100 = 92 THEN :now - (n % 1095) * interval '1 day' + interval '1 day' END,
        :inspector, 1, repeat('0', 64), {EVENTS_PER_HAZARD}
    FROM generate_series(1, {HAZARDS}) AS n
    JOIN institutions AS i
        ON i.id = (SELECT min(id) FROM institutions) + n / 100 % {INSTITUTIONS}""",
    """INSERT INTO hazard_events (hazard_id, seq, type, actor_id, at, photo_ids, data, hash)
    SELECT h.id, s.seq,
        CASE s.seq WHEN 1 THEN 'found' WHEN 2 THEN 'acknowledged'
            ELSE CASE h.status WHEN 'cleared' THEN 'review_approved' WHEN 'voided' THEN 'voided'
                 ELSE 'rectification_submitted' END END,
        :inspector, h.found_at + (s.seq - 1) * interval '3 days', '[]', '{}', repeat('0', 64)
    FROM hazards AS h CROSS JOIN generate_series(1, 3) AS s(seq)""",
]


def _filled(app, inspector_id: int) -> None:
    now = datetime.now(UTC)
    with app.app_context():
        for statement in FILL:
            db.session.execute(text(statement), {"inspector": inspector_id, "now": now})
            # Statistics of what was just written, before the next statement's foreign key
            # checks look it up: a key check planned while a table looked empty scans it
            # whole for every row (once seen in CI: 600k events checked that way, minutes).
            db.session.execute(text("ANALYZE"))
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))


@contextmanager
def _captured(app) -> Iterator[list[tuple[str, object]]]:
    """Every SELECT the app sends while inside, with its parameters (first of each text)."""
    seen: dict[str, object] = {}

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.setdefault(statement, parameters)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", capture)
    found: list[tuple[str, object]] = []
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", capture)
        found.extend(seen.items())


def _scans(
    plan: dict, capped: bool = False, processes: int = 1
) -> Iterator[tuple[str, str, float]]:
    """(node type, relation, rows the planner expects it to keep) of every scan; a scan
    straight under a LIMIT (nothing between them that reads to the end: a capped count) is
    marked "capped": it stops early."""
    relation = plan.get("Relation Name")
    kind = plan["Node Type"].removeprefix("Parallel ")
    if relation:
        yield ("capped " if capped else "") + kind, relation, plan["Plan Rows"] * processes
    stops_early = kind == "Limit" or (capped and kind == "Subquery Scan")
    processes = plan.get("Workers Planned", processes - 1) + 1
    for child in plan.get("Plans", []):
        yield from _scans(child, stops_early, processes)


def _sequential_scans(app, statements: list[tuple[str, object]]) -> list[str]:
    """The statements whose plan reads a big table sequentially, with that plan."""
    bad = []
    with app.app_context():
        connection = db.session.connection()
        sizes = {
            name: connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()
            for name in BIG_TABLES
        }
        for statement, parameters in statements:
            row = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
            plan = row.scalar_one()
            plan = plan if isinstance(plan, list) else json.loads(plan)
            scans = list(_scans(plan[0]["Plan"]))
            if any(
                kind == "Seq Scan" and rel in BIG_TABLES and rows < LARGE_SHARE * sizes[rel]
                for kind, rel, rows in scans
            ):
                text_plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
                lines = "\n".join(line for (line,) in text_plan)
                bad.append(f"{statement[:2000]}\n{lines[:2000]}")
        db.session.rollback()
    return bad


def test_the_heavy_reads_use_indexes_at_district_size(
    app, client, bureau, bureau_h, make_user, token_for
):
    _filled(app, bureau.id)
    with app.app_context():
        institution_id = db.session.scalar(
            text("SELECT institution_id FROM hazards WHERE status = 'open' ORDER BY id LIMIT 1")
        )
    manager_h = token_for(make_user("manager", institution_id=institution_id))
    street = DEFAULT_STREETS[3]
    last_month = (datetime.now(UTC).replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    reads = {
        "hazard list": [
            "/api/v1/hazards",
            "/api/v1/hazards?status=open",
            "/api/v1/hazards?status=open&severity=major",
            f"/api/v1/hazards?street={street}",
            f"/api/v1/hazards?street={street}&status=rectifying&overdue=true",
            f"/api/v1/hazards?institution_id={institution_id}",
            "/api/v1/hazards?category=fire&page=3",
        ],
        "clearance": [
            "/api/v1/clearance",
            f"/api/v1/clearance?street={street}",
            f"/api/v1/clearance?month={last_month}",
        ],
        "export": [f"/api/v1/hazards/export.csv?street={street}&status=cleared"],
    }
    problems: dict[str, list[str]] = {}
    for what, urls in reads.items():
        with _captured(app) as statements:
            for url in urls:
                response = client.get(url, headers=bureau_h)
                assert response.status_code == 200, (url, response.get_data(as_text=True))
                response.get_data()  # a streamed export runs its queries here
            mine = client.get("/api/v1/hazards?status=open", headers=manager_h)
            assert mine.status_code == 200 and mine.json
        problems[what] = _sequential_scans(app, statements)

    with _captured(app) as statements:
        made = client.post("/api/v1/reports/monthly", json={"month": last_month}, headers=bureau_h)
        assert made.status_code == 201, made.json
        by_street = client.post(
            "/api/v1/reports/monthly",
            json={"month": last_month, "street": street},
            headers=bureau_h,
        )
        assert by_street.status_code == 201, by_street.json
    problems["monthly report"] = _sequential_scans(app, statements)

    for n, department in enumerate(["civil_affairs", "civil_affairs", "fire", "fire"] * 25):
        make_user("inspector", department=department, enforcement_cert_no=f"沪规模{n:04d}")
    start = datetime.now(UTC) + timedelta(days=1)
    plan = client.post(
        "/api/v1/spot-checks",
        json={
            "name": "规模抽查",
            "period_start": (start + timedelta(days=10)).date().isoformat(),
            "period_end": (start + timedelta(days=40)).date().isoformat(),
            "checklists": ["fire"],
            "sample_ratio": 0.05,
            "team_size": 2,
            "departments": ["civil_affairs", "fire"],
            "random_sources": [
                {"label": "福彩开奖号码", "public_after": start.isoformat()},
            ],
        },
        headers=bureau_h,
    )
    assert plan.status_code == 201, plan.json
    with _captured(app) as statements:
        url = f"/api/v1/spot-checks/{plan.json['id']}"
        assert client.post(f"{url}/announce", headers=bureau_h).status_code == 200
        with time_machine.travel(start + timedelta(days=2)):
            drawn = client.post(
                f"{url}/draw", json={"public_value": "03 09 14 21 28 30 + 11"}, headers=bureau_h
            )
        assert drawn.status_code == 200, drawn.json
    problems["draw"] = _sequential_scans(app, statements)

    problems = {what: found for what, found in problems.items() if found}
    assert not problems, "sequential scans over a big table:\n" + "\n\n".join(
        f"[{what}]\n" + "\n".join(found) for what, found in problems.items()
    )
