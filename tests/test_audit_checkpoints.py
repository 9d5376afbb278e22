"""Signed checkpoints and hashed facts: even whoever can write the database cannot
rewrite a hazard's history, or its facts, without `audit verify` saying so."""

from __future__ import annotations

import base64
import json
import os
import stat
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.hazards import chain, checkpoints
from inspect_app.hazards.models import (
    APPEND_ONLY_POSTGRESQL,
    APPEND_ONLY_SQLITE,
    AuditCheckpoint,
    Hazard,
    HazardEvent,
)
from inspect_app.jobs.lock import run_job
from tests.conftest import ON_POSTGRES
from tests.helpers import submit_with_failures

API = "/api/v1"
GENERAL, MAJOR = "F-02", "F-13"  # a general and a major item of the fire checklist


@pytest.fixture
def raised(client, inspector_h, institution):
    ids = submit_with_failures(client, inspector_h, institution.id, [GENERAL, MAJOR])
    by_code = {db.session.get(Hazard, uuid.UUID(i)).item_code: i for i in ids}
    return {"general": by_code[GENERAL], "major": by_code[MAJOR]}


@pytest.fixture
def acknowledged(client, raised, manager_h):
    response = client.post(
        f"{API}/hazards/{raised['general']}/acknowledge",
        json={"plan": "本周内更换闭门器"},
        headers=manager_h,
    )
    assert response.status_code == 200, response.json
    return raised


def checkpoint(runner) -> str:
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    return result.output


def verify(client, bureau_h) -> dict:
    response = client.get(f"{API}/audit/verify", headers=bureau_h)
    assert response.status_code == 200
    return response.json


def as_database_owner(*statements) -> None:
    """What someone with the database's owner rights can do: drop the append-only trigger,
    run the statements, put the trigger back as it was."""
    if ON_POSTGRES:
        db.session.execute(text("DROP TRIGGER hazard_events_append_only ON hazard_events"))
    else:
        db.session.execute(text("DROP TRIGGER hazard_events_no_update"))
        db.session.execute(text("DROP TRIGGER hazard_events_no_delete"))
    for statement in statements:
        db.session.execute(statement)
    for ddl in APPEND_ONLY_POSTGRESQL if ON_POSTGRES else APPEND_ONLY_SQLITE:
        db.session.execute(text(ddl))
    db.session.commit()


def rewrite_history(hazard_id: str, seq: int, note: str) -> None:
    """Edit one event, then recompute the plain SHA-256 chain from it on and the stored
    head, so that the chain itself adds up again."""
    hazard_uuid = uuid.UUID(hazard_id)
    events = db.session.scalars(
        select(HazardEvent).where(HazardEvent.hazard_id == hazard_uuid).order_by(HazardEvent.seq)
    ).all()
    statements, previous = [], chain.GENESIS_HASH
    for event in events:
        db.session.expunge(event)
        if event.seq == seq:
            event.note = note
        new_hash = chain.chain_hash(previous, event)
        statements.append(
            update(HazardEvent)
            .where(HazardEvent.id == event.id)
            .values(note=event.note, hash=new_hash)
        )
        previous = new_hash
    statements.append(update(Hazard).where(Hazard.id == hazard_uuid).values(events_head=previous))
    as_database_owner(*statements)


def test_checkpoint_verifies_with_only_the_public_key(client, raised, runner, app):
    output = checkpoint(runner)
    assert "checkpoint 1: 2 events" in output
    assert "checkpoint 2: 2 events" in checkpoint(runner)
    key_info = client.get(f"{API}/public/audit/key")  # no token
    listed = client.get(f"{API}/public/audit/checkpoints")
    assert key_info.status_code == listed.status_code == 200
    assert key_info.json["algorithm"] == "ed25519"
    newest, first = listed.json
    assert (newest["seq"], first["seq"]) == (2, 1)
    assert first["previous"] == "0" * 64 and newest["previous"] == first["root"]
    assert newest["root"] == first["root"] and newest["events"] == 2
    assert newest["key_id"] == key_info.json["key_id"]

    # The outsider's check, as in the README: the public key and a checkpoint, nothing else.
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    public_key = load_pem_public_key(key_info.json["public_key_pem"].encode())
    for cp in listed.json:
        body = {k: cp[k] for k in ("seq", "at", "events", "root", "previous")}
        message = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        public_key.verify(base64.b64decode(cp["signature"]), message.encode())  # raises if bad

    forged = dict(first, events=first["events"] + 1)
    body = {k: forged[k] for k in ("seq", "at", "events", "root", "previous")}
    message = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    from cryptography.exceptions import InvalidSignature

    with pytest.raises(InvalidSignature):
        public_key.verify(base64.b64decode(first["signature"]), message.encode())

    # The private key is a file of the owner's alone, and the database never holds it.
    with app.app_context():
        path = checkpoints.key_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "PRIVATE KEY" in path.read_text()


def test_root_is_sha256_over_every_chain_head(client, raised, runner):
    checkpoint(runner)
    heads = db.session.execute(select(Hazard.id, Hazard.event_count, Hazard.events_head)).all()
    lines = "".join(f"{h} {c} {head}\n" for h, c, head in sorted(heads, key=lambda r: str(r[0])))
    import hashlib

    listed = client.get(f"{API}/public/audit/checkpoints").json
    assert listed[0]["root"] == hashlib.sha256(lines.encode()).hexdigest()


def test_rewritten_history_is_caught_by_the_signed_checkpoint(
    client, acknowledged, bureau_h, runner
):
    checkpoint(runner)
    assert verify(client, bureau_h)["ok"] is True
    rewrite_history(acknowledged["general"], 2, "计划：下月再说")

    # The chain adds up again: without checkpoints, nothing would show.
    assert (
        db.session.scalar(
            select(HazardEvent.note).where(
                HazardEvent.hazard_id == uuid.UUID(acknowledged["general"]), HazardEvent.seq == 2
            )
        )
        == "计划：下月再说"
    )
    result = verify(client, bureau_h)
    assert result["ok"] is False
    assert result["first_bad"]["hazard_id"] == acknowledged["general"]
    assert result["first_bad"]["seq"] == 2
    assert result["first_bad"]["checkpoint"] == 1
    assert "checkpoint" in result["first_bad"]["reason"]
    cli = runner.invoke(args=["audit", "verify"])
    assert cli.exit_code != 0 and "checkpoint" in cli.output

    # And no new checkpoint vouches for the rewritten record.
    refused = runner.invoke(args=["audit", "checkpoint"])
    assert refused.exit_code != 0
    assert db.session.scalar(select(AuditCheckpoint.seq).order_by(AuditCheckpoint.seq.desc())) == 1


def test_rewrite_before_any_checkpoint_passes_the_plain_chain(client, acknowledged, bureau_h):
    """Why checkpoints exist: the plain chain alone cannot see a full rewrite."""
    rewrite_history(acknowledged["general"], 2, "计划：下月再说")
    assert verify(client, bureau_h)["ok"] is True


def test_rewritten_checkpoint_heads_break_its_root(client, acknowledged, bureau_h, runner):
    checkpoint(runner)
    rewrite_history(acknowledged["general"], 2, "计划：下月再说")
    new_head = db.session.get(Hazard, uuid.UUID(acknowledged["general"])).events_head
    row = db.session.get(AuditCheckpoint, 1)
    heads = dict(row.heads, **{acknowledged["general"]: [2, new_head]})
    db.session.execute(update(AuditCheckpoint).where(AuditCheckpoint.seq == 1).values(heads=heads))
    db.session.commit()
    result = verify(client, bureau_h)
    assert result["ok"] is False and result["first_bad"]["checkpoint"] == 1
    assert "root" in result["first_bad"]["reason"]


@pytest.mark.parametrize(
    ("change", "fact"),
    [
        ({"severity": "general"}, "severity"),
        ({"due_at": utcnow() + timedelta(days=365)}, "due_at"),
        ({"street": "别的街道"}, "street"),
        ({"title": "轻微问题"}, "title"),
    ],
)
def test_changing_a_hazard_fact_on_the_row_alone_is_caught(
    client, raised, bureau_h, runner, change, fact
):
    db.session.execute(update(Hazard).where(Hazard.id == uuid.UUID(raised["major"])).values(change))
    db.session.commit()
    result = verify(client, bureau_h)
    assert result["ok"] is False
    assert result["first_bad"]["hazard_id"] == raised["major"]
    assert result["first_bad"]["facts"] == [fact]
    assert runner.invoke(args=["audit", "verify"]).exit_code != 0


def test_found_event_hash_covers_the_facts(client, raised, manager_h):
    found = client.get(f"{API}/hazards/{raised['major']}", headers=manager_h).json["events"][0]
    facts = found["data"]["facts"]
    assert facts["severity"] == "major" and facts["item_code"] == MAJOR
    assert set(facts) == set(chain.FACTS)


def test_street_move_is_an_event_on_each_hazard_and_verifies(
    client, raised, bureau_h, manager_h, institution, runner
):
    checkpoint(runner)
    moved = client.patch(
        f"{API}/institutions/{institution.id}", json={"street": "九亭镇"}, headers=bureau_h
    )
    assert moved.status_code == 200, moved.json
    for hazard_id in raised.values():
        detail = client.get(f"{API}/hazards/{hazard_id}", headers=manager_h).json
        assert detail["events"][-1]["type"] == "street_changed"
        assert detail["events"][-1]["data"] == {"facts": {"street": "九亭镇"}}
    assert client.get(f"{API}/hazards?street=九亭镇", headers=bureau_h).json
    assert verify(client, bureau_h)["ok"] is True
    checkpoint(runner)
    result = verify(client, bureau_h)
    assert result["ok"] is True and result["checkpoints_checked"] == 2


def test_deleted_or_altered_checkpoints_are_caught(client, raised, bureau_h, runner):
    checkpoint(runner)
    checkpoint(runner)
    row = db.session.get(AuditCheckpoint, 2)
    forged = base64.b64encode(bytes(64)).decode()
    db.session.execute(
        update(AuditCheckpoint).where(AuditCheckpoint.seq == 2).values(signature=forged)
    )
    db.session.commit()
    result = verify(client, bureau_h)
    assert result["ok"] is False and result["first_bad"]["checkpoint"] == 2
    assert "signature" in result["first_bad"]["reason"]
    db.session.execute(
        update(AuditCheckpoint).where(AuditCheckpoint.seq == 2).values(signature=row.signature)
    )
    db.session.execute(AuditCheckpoint.__table__.delete().where(AuditCheckpoint.seq == 1))
    db.session.commit()
    result = verify(client, bureau_h)
    assert result["ok"] is False and result["first_bad"]["checkpoint"] == 2


def test_a_checkpoint_under_another_key_is_caught(client, raised, bureau_h, runner, app):
    checkpoint(runner)
    path = checkpoints.key_path()
    path.unlink()
    assert verify(client, bureau_h)["ok"] is False  # no key: the checkpoints cannot be checked
    checkpoints.private_key()  # a new key, as an intruder who replaced the file would make
    result = verify(client, bureau_h)
    assert result["ok"] is False and "key" in result["first_bad"]["reason"]


def test_deleted_events_a_checkpoint_covers_are_caught(client, acknowledged, bureau_h, runner):
    checkpoint(runner)
    hazard_uuid = uuid.UUID(acknowledged["general"])
    first = db.session.scalar(
        select(HazardEvent.hash).where(HazardEvent.hazard_id == hazard_uuid, HazardEvent.seq == 1)
    )
    as_database_owner(
        HazardEvent.__table__.delete().where(
            HazardEvent.hazard_id == hazard_uuid, HazardEvent.seq == 2
        ),
        update(Hazard).where(Hazard.id == hazard_uuid).values(events_head=first, event_count=1),
    )
    result = verify(client, bureau_h)
    assert result["ok"] is False
    assert result["first_bad"]["hazard_id"] == acknowledged["general"]
    assert result["first_bad"]["checkpoint"] == 1


def test_checkpoint_job_signs_one(client, raised, bureau_h):
    assert run_job("checkpoint_audit") == 1
    assert run_job("checkpoint_audit") == 2
    assert verify(client, bureau_h)["checkpoints_checked"] == 2


def test_hazards_recorded_before_facts_were_hashed_still_verify(
    client, raised, bureau_h, inspector, institution, runner
):
    """A database from before this change: found events without facts, chain only."""
    hazard = Hazard(
        institution_id=institution.id,
        street=institution.street,
        category="fire",
        severity="general",
        title="旧隐患",
        found_at=utcnow(),
        due_at=utcnow() + timedelta(days=15),
        found_by_id=inspector.id,
    )
    hazard.id = uuid.uuid4()
    event = HazardEvent(
        hazard_id=hazard.id, seq=1, type="found", actor_id=inspector.id, at=utcnow(), data={}
    )
    event.photo_ids = []
    event.hash = chain.chain_hash(chain.GENESIS_HASH, event)
    hazard.events_head, hazard.event_count = event.hash, 1
    db.session.add_all([hazard, event])
    db.session.commit()
    assert verify(client, bureau_h)["ok"] is True
    checkpoint(runner)
    assert verify(client, bureau_h)["ok"] is True


def test_public_checkpoints_are_paginated(client, raised, runner):
    for _ in range(3):
        checkpoint(runner)
    page = client.get(f"{API}/public/audit/checkpoints?page=2&page_size=2")
    assert page.status_code == 200
    assert [cp["seq"] for cp in page.json] == [1]
