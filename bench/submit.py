"""Bench: save 100 answers and submit an inspection, end to end, against a bare floor.

What is measured (Flask test client, so WSGI + Flask + our code + database, no network):
  app    PUT /api/v1/inspections/{id}/answers with 100 answers, then POST .../submit;
         5 answers fail, so the submit raises 5 hazards. A fresh institution and draft per
         repetition (made untimed), so every submit does the same work.
  floor  a separate tiny Flask app, no auth, that takes the same JSON list of 100 answers
         and inserts 1 inspection-like row + 100 answer rows with SQLAlchemy Core in one
         transaction, on the same database.
The ratio says how much the app's layers (auth, marshmallow, ORM, checks, hazards, the
event chain, commits) cost on top of the unavoidable work. Target: <= 3x.

The four checklists have 63 items between them; a fifth, "bench" (37 yes/no items), is
published so that one inspection over all five has exactly 100 applicable items.
"""

from __future__ import annotations

import uuid

from common import alternate, bench_env, make_institution, report, timed, user_with_token
from flask import Flask, request
from sqlalchemy import JSON, Column, ForeignKey, Integer, MetaData, String, Table, Text

from inspect_app.checklists import versions as checklist_versions
from inspect_app.extensions import db

KEYS = ["fire", "food", "gas", "service", "bench"]
FAILING = {("bench", f"B-{n:02d}") for n in range(1, 6)}
BLOCKS, PER_BLOCK, WARMUP = 8, 5, 3  # 40 timed repetitions of each, in alternating blocks


def bench_checklist(real_items: int) -> dict:
    """Enough yes/no items to make 100 answers with the shipped checklists."""
    return {
        "key": "bench",
        "category": "service",
        "title": {"zh": "基准检查表", "en": "Bench checklist"},
        "sections": [
            {
                "title": {"zh": "基准", "en": "Bench"},
                "items": [
                    {
                        "code": f"B-{n:02d}",
                        "prompt": {"zh": f"基准条目{n}", "en": f"Bench item {n}"},
                        "guidance": {"zh": "查看。", "en": "Look."},
                        "basis": "待确认",
                        "answer_type": "yes_no",
                        "severity": "general",
                        "photo_required_on_fail": False,
                        "applies_if": None,
                    }
                    for n in range(1, 101 - real_items)
                ],
            }
        ],
    }


def passing_value(item: dict):
    kind = item["answer_type"]
    if kind == "number":
        return item.get("pass_range", {}).get("min", 1)
    if kind == "choice":
        return item["choices"][0]["value"]
    return "ok" if kind == "text" else True


def all_answers() -> list[dict]:
    answers = []
    for key in KEYS:
        for code, item in checklist_versions.items_by_code(
            checklist_versions.get_latest(key)
        ).items():
            failed = (key, code) in FAILING
            answers.append(
                {
                    "checklist": key,
                    "item_code": code,
                    "result": "fail" if failed else "pass",
                    "value": None if failed else passing_value(item),
                    "note": "现场发现问题" if failed else None,
                }
            )
    return answers


def floor_app(engine) -> Flask:
    meta = MetaData()
    parent = Table(
        "floor_inspections",
        meta,
        Column("id", String(36), primary_key=True),
        Column("status", String(16)),
    )
    child = Table(
        "floor_answers",
        meta,
        Column("id", Integer, primary_key=True),
        Column("inspection_id", ForeignKey("floor_inspections.id")),
        Column("checklist_key", String(32)),
        Column("item_code", String(16)),
        Column("result", String(8)),
        Column("value", JSON),
        Column("note", Text),
    )
    meta.create_all(engine)
    app = Flask("floor")

    @app.put("/floor/<inspection_id>/answers")
    def save(inspection_id):
        rows = request.get_json()
        with engine.begin() as conn:
            conn.execute(parent.insert(), {"id": inspection_id, "status": "submitted"})
            conn.execute(
                child.insert(),
                [
                    {
                        "inspection_id": inspection_id,
                        "checklist_key": r["checklist"],
                        "item_code": r["item_code"],
                        "result": r["result"],
                        "value": r["value"],
                        "note": r["note"],
                    }
                    for r in rows
                ],
            )
        return {"id": inspection_id, "saved": len(rows)}

    return app


def main() -> None:
    with bench_env() as env:
        with env.app.app_context():
            real = sum(
                len(checklist_versions.items_by_code(checklist_versions.get_latest(key)))
                for key in KEYS
                if key != "bench"
            )
            checklist_versions.publish(bench_checklist(real))
            db.session.commit()
            answers = all_answers()
            # The second certified officer every submitted inspection needs.
            partner_id, _ = user_with_token("bench-partner", "基准同行", "inspector")
        assert len(answers) == 100, len(answers)
        client = env.app.test_client()
        floor = floor_app(env.floor_engine()).test_client()

        def app_case() -> tuple[float, float]:
            with env.app.app_context():
                institution_id = make_institution()
            base = f"/api/v1/inspections/{uuid.uuid4()}"
            draft = {
                "institution_id": institution_id,
                "checklists": KEYS,
                "kind": "routine",
                "started_at": "2026-11-20T09:30:00+08:00",
                "assignee_ids": [partner_id],
                "present_person_name": "基准院长",
                "present_person_position": "院长",
            }
            assert client.put(base, json=draft, headers=env.headers).status_code == 201

            responses = []

            def run():
                responses.append(client.put(f"{base}/answers", json=answers, headers=env.headers))
                responses.append(client.post(f"{base}/submit", headers=env.headers))

            elapsed = timed(run)
            put, done = responses
            assert put.status_code == 200, put.get_json()
            assert done.status_code == 200, done.get_json()
            assert len(done.get_json()["hazard_ids"]) == len(FAILING)
            return elapsed

        def floor_case() -> tuple[float, float]:
            url = f"/floor/{uuid.uuid4()}/answers"
            responses = []
            elapsed = timed(lambda: responses.append(floor.put(url, json=answers)))
            assert responses[0].status_code == 200
            return elapsed

        results = alternate(
            {"app: PUT 100 answers + submit": app_case, "floor: bare insert 1+100": floor_case},
            blocks=BLOCKS,
            per_block=PER_BLOCK,
            warmup=WARMUP,
        )
        report("submit", results, *results, target=3)


if __name__ == "__main__":
    main()
