"""The work queue (claim table): asked once per key, claimed under a lease, done once,
retried with backoff, given back on a stop; ``GET /jobs/queue`` shows it. In one process
here; ``test_work_processes.py`` runs real workers and kills one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from inspect_app.extensions import db
from inspect_app.jobs import queue
from inspect_app.jobs.lock import run_job
from inspect_app.models import JobRun, WorkItem

API = "/api/v1"


def _effect(key: str, now: datetime) -> None:
    """The probe's effect: a row naming its key (no unique key to hide a second one)."""
    db.session.add(JobRun(name="probe", owner="probe", started_at=now, outcome="ok", result=key))


@pytest.fixture
def probe(monkeypatch):
    calls: list[str] = []

    def handler(key: str, now: datetime) -> None:
        calls.append(key)
        if key.startswith("fail"):
            raise RuntimeError(f"cannot do {key}")
        _effect(key, now)

    monkeypatch.setitem(queue.HANDLERS, "probe", queue.Handler(handler, "a probe"))
    return calls


def effects() -> dict[str, int]:
    rows = db.session.execute(
        select(JobRun.result, func.count()).where(JobRun.name == "probe").group_by(JobRun.result)
    )
    return dict(rows.all())


def item(key: str) -> WorkItem:
    db.session.expire_all()
    return db.session.scalars(select(WorkItem).where(WorkItem.key == key)).one()


def test_asking_twice_queues_once_and_a_rollback_asks_nothing(app, probe):
    queue.enqueue("probe", ["a", "b"])
    queue.enqueue("probe", "a")
    db.session.commit()
    queue.enqueue("probe", "c")
    db.session.rollback()
    assert sorted(db.session.scalars(select(WorkItem.key))) == ["a", "b"]
    with pytest.raises(KeyError):
        queue.enqueue("no_such_kind", "x")


def test_items_are_done_once_oldest_first(app, probe):
    now = datetime.now(UTC)
    queue.enqueue("probe", ["first"], now - timedelta(seconds=2))
    queue.enqueue("probe", ["second"], now - timedelta(seconds=1))
    db.session.commit()
    assert queue.run_until_empty() == 2
    assert probe == ["first", "second"]
    assert effects() == {"first": 1, "second": 1}
    assert item("first").status == "done" and item("first").finished_at is not None
    assert queue.run_until_empty() == 0


def test_a_failure_is_retried_with_backoff_then_given_up(app, probe):
    queue.enqueue("probe", "fail-1")
    db.session.commit()
    start = datetime.now(UTC)
    assert queue.run_one(now=start) is not None
    failed = item("fail-1")
    assert failed.status == "queued" and failed.attempts == 1
    assert "cannot do fail-1" in failed.last_error
    assert failed.run_after >= start + timedelta(seconds=queue.BACKOFF_BASE)
    assert queue.run_one(now=start) is None  # not due yet
    when = start
    for attempt in range(2, queue.MAX_ATTEMPTS + 1):
        when += timedelta(seconds=queue.backoff(attempt - 1) + 1)
        assert queue.run_one(now=when) is not None
        assert item("fail-1").attempts == attempt
    assert item("fail-1").status == "failed"
    assert queue.run_one(now=when + timedelta(days=1)) is None
    assert [queue.backoff(n) for n in (1, 2, 3)] == [10, 20, 40]
    assert queue.backoff(30) == queue.BACKOFF_MAX


def test_a_claim_whose_lease_expired_is_taken_again_and_done_once(app, probe):
    queue.enqueue("probe", "k")
    db.session.commit()
    now = datetime.now(UTC)
    dead = queue.claim("dead-worker:1", now)  # a worker that then died (SIGKILL)
    assert dead is not None and item("k").status == "running"
    assert queue.run_one("live:2", now) is None  # its lease still holds
    later = now + timedelta(seconds=app.config["WORK_LEASE_SECONDS"] + 1)
    taken = queue.run_one("live:2", later)
    assert taken is not None and taken.attempt == 2
    assert effects() == {"k": 1} and item("k").owner == "live:2"


def test_a_worker_that_lost_its_lease_rolls_its_effect_back(app, probe, monkeypatch):
    """A slow worker whose lease ran out while another did the item: its own writes go."""
    queue.enqueue("probe", "slow")
    db.session.commit()

    def slow(key: str, now: datetime) -> None:
        _effect(key, now)
        # meanwhile the lease ran out and another worker claimed the item (and commits)
        with db.engine.begin() as other:
            other.execute(
                update(WorkItem).where(WorkItem.key == key).values(owner="other:9", attempts=2)
            )

    monkeypatch.setitem(queue.HANDLERS, "probe", queue.Handler(slow))
    assert queue.run_one("me:1") is not None
    assert effects() == {}
    assert (item("slow").status, item("slow").owner) == ("running", "other:9")


def test_a_stopped_worker_gives_its_item_back(app, probe, monkeypatch):
    queue.enqueue("probe", "interrupted")
    db.session.commit()

    def interrupted(key: str, now: datetime) -> None:
        _effect(key, now)
        raise SystemExit(143)  # a second SIGTERM while the handler runs

    monkeypatch.setitem(queue.HANDLERS, "probe", queue.Handler(interrupted))
    with pytest.raises(SystemExit):
        queue.run_one("me:1")
    back = item("interrupted")
    assert (back.status, back.attempts, back.owner) == ("queued", 0, None)
    assert effects() == {}


def test_an_item_of_an_unknown_kind_is_given_up(app, probe):
    queue.enqueue("probe", "orphan")
    db.session.execute(update(WorkItem).values(kind="gone_kind"))
    db.session.commit()
    assert queue.run_one() is None
    assert item("orphan").status == "failed" and item("orphan").last_error == "no handler"


def test_the_queue_is_the_bureaus_to_read(app, client, probe, bureau_h, inspector_h):
    queue.enqueue("probe", ["x", "fail-y"])
    db.session.commit()
    queue.run_until_empty()
    listed = client.get(f"{API}/jobs/queue", headers=bureau_h)
    assert listed.status_code == 200
    assert [(i["key"], i["status"], i["attempts"]) for i in listed.json] == [
        ("fail-y", "queued", 1),
        ("x", "done", 1),
    ]
    assert "cannot do fail-y" in listed.json[0]["last_error"]
    done = client.get(f"{API}/jobs/queue?status=done&kind=probe", headers=bureau_h)
    assert [i["key"] for i in done.json] == ["x"]
    assert client.get(f"{API}/jobs/queue?status=sleeping", headers=bureau_h).status_code == 422
    assert client.get(f"{API}/jobs/queue", headers=inspector_h).status_code == 403


def test_finished_items_are_pruned_with_the_runs(app, probe):
    keep = app.config["JOB_RUN_KEEP_DAYS"]
    queue.enqueue("probe", ["old", "new", "waiting"])
    db.session.commit()
    now = datetime.now(UTC)
    queue.run_one(now=now)
    queue.run_one(now=now)
    long_ago = now - timedelta(days=keep + 1)
    db.session.execute(update(WorkItem).where(WorkItem.key == "old").values(finished_at=long_ago))
    db.session.execute(update(WorkItem).where(WorkItem.key == "waiting").values(run_after=now))
    db.session.commit()
    run_job("prune_job_runs", now)
    assert sorted(db.session.scalars(select(WorkItem.key))) == ["new", "waiting"]
