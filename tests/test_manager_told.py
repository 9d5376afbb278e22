"""The manager is told (issue 18, point 8): every new hazard to rectify, every decision on the
institution's rectification, a deadline three days ahead (the ``remind_deadlines`` job,
once per deadline) and a hazard gone overdue. Decisions on extensions: test_extensions.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from inspect_app.jobs import queue
from inspect_app.jobs.lock import run_job
from tests.helpers import submit_with_failures

API = "/api/v1"
GENERAL, MAJOR = "F-02", "F-13"


def kinds(client, headers) -> list[tuple[str, str | None]]:
    told = client.get(f"{API}/me/notifications", headers=headers)
    assert told.status_code == 200
    return [(n["kind"], n["hazard_id"]) for n in reversed(told.json)]


def test_every_new_hazard_tells_the_manager_and_no_other_institution(
    client, inspector_h, institution, manager_h, make_institution, make_user, token_for
):
    other = make_institution()
    other_h = token_for(make_user("manager", institution_id=other.id))
    hazard_ids = submit_with_failures(client, inspector_h, institution.id, [GENERAL, MAJOR])
    outside = client.post(
        f"{API}/hazards",
        json={
            "institution_id": institution.id,
            "category": "fire",
            "severity": "general",
            "title": "走廊堆放杂物",
        },
        headers=inspector_h,
    )
    assert outside.status_code == 201
    told = kinds(client, manager_h)
    assert sorted(told) == sorted(
        ("new_hazard", hazard_id) for hazard_id in [*hazard_ids, outside.json["id"]]
    )
    message = client.get(f"{API}/me/notifications", headers=manager_h).json[0]["message"]
    assert "新隐患" in message and "前整改" in message
    assert kinds(client, other_h) == []


def test_review_decisions_reach_the_manager(
    client, inspector_h, bureau_h, institution, manager, manager_h, make_photo
):
    [hazard_id] = submit_with_failures(client, inspector_h, institution.id, [GENERAL])
    url = f"{API}/hazards/{hazard_id}"

    def rectify() -> None:
        done = client.post(
            f"{url}/rectification",
            json={"description": "已清理", "photo_ids": [make_photo(manager)]},
            headers=manager_h,
        )
        assert done.status_code == 200, done.json

    rectify()
    rejected = client.post(
        f"{url}/review", json={"decision": "reject", "note": "照片不清"}, headers=inspector_h
    )
    assert rejected.status_code == 200
    rectify()
    assert (
        client.post(f"{url}/review", json={"decision": "approve"}, headers=bureau_h).status_code
        == 200
    )
    told = kinds(client, manager_h)
    assert [k for k, h in told if h == hazard_id] == [
        "new_hazard",
        "review_rejected",
        "review_approved",
    ]
    messages = [n["message"] for n in client.get(f"{API}/me/notifications", headers=manager_h).json]
    assert any("照片不清" in m and "不通过" in m for m in messages)


def test_a_deadline_three_days_ahead_is_told_once_and_an_overdue_one_too(
    client, inspector_h, institution, manager_h
):
    [hazard_id] = submit_with_failures(client, inspector_h, institution.id, [GENERAL])
    due = datetime.fromisoformat(
        client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json["due_at"]
    )
    with time_machine.travel(due - timedelta(days=4), tick=False):
        assert run_job("remind_deadlines") == 0  # not yet
    with time_machine.travel(due - timedelta(days=2, hours=23), tick=False):
        assert run_job("remind_deadlines") == 1
        assert run_job("remind_deadlines") == 0  # once per deadline
        queue.run_until_empty()  # a worker writes the reminder
    with time_machine.travel(due + timedelta(hours=1), tick=False):
        assert run_job("remind_deadlines") == 0
        assert run_job("record_overdue") == 1
        queue.run_until_empty()
    told = [k for k, h in kinds(client, manager_h) if h == hazard_id]
    assert told == ["new_hazard", "deadline_soon", "overdue"]


def test_a_hazard_awaiting_review_is_not_reminded(
    client, inspector_h, institution, manager, manager_h, make_photo
):
    [hazard_id] = submit_with_failures(client, inspector_h, institution.id, [GENERAL])
    client.post(
        f"{API}/hazards/{hazard_id}/rectification",
        json={"description": "已清理", "photo_ids": [make_photo(manager)]},
        headers=manager_h,
    )
    due = datetime.fromisoformat(
        client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json["due_at"]
    )
    with time_machine.travel(due - timedelta(days=1), tick=False):
        assert run_job("remind_deadlines") == 0
    assert datetime.now(UTC) < due
