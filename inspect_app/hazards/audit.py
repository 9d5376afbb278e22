"""Verify the whole record: every hazard's event chain, the hazard's facts against its
events, and every signed checkpoint; name the first thing that does not add up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.hazards import checkpoints, policy
from inspect_app.hazards.chain import FACT_DEFAULTS, FACTS, GENESIS_HASH, chain_hash, facts_of
from inspect_app.hazards.lifecycle import STATUS_AFTER
from inspect_app.hazards.models import AuditCheckpoint, EventType, Hazard, HazardEvent, HazardStatus
from inspect_app.principal import Principal


@dataclass
class AuditResult:
    ok: bool = True
    events_checked: int = 0
    hazards_checked: int = 0
    checkpoints_checked: int = 0
    first_bad: dict | None = field(default=None)

    def fail(
        self,
        reason: str,
        hazard_id: object = None,
        seq: int | None = None,
        event_id: object = None,
        **more: object,
    ) -> AuditResult:
        self.ok = False
        self.first_bad = {
            "hazard_id": str(hazard_id) if hazard_id is not None else None,
            "seq": seq,
            "event_id": event_id,
            "reason": reason,
            **more,
        }
        return self


def _check_checkpoints(result: AuditResult) -> dict[tuple[str, int], tuple[str, int]] | None:
    """Every checkpoint's signature, sequence, link to the previous one and root.

    Returns what the checkpoints signed: ``(hazard id, event count) -> (head, checkpoint
    seq)``, for the walk over the events to hold them to; None once something failed."""
    rows = db.session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq)).all()
    signed: dict[tuple[str, int], tuple[str, int]] = {}
    if not rows:
        return signed
    key = checkpoints.existing_private_key()
    if key is None:
        result.fail(
            "找不到签名密钥，无法校验检查点 / no signing key (AUDIT_KEY_PATH) to check checkpoints"
        )
        return None
    public = key.public_key()
    trusted_key_id = checkpoints.key_id(public)
    heads: checkpoints.Heads = {}
    previous = GENESIS_HASH
    for expected_seq, checkpoint in enumerate(rows, start=1):
        seq = checkpoint.seq
        if seq != expected_seq:
            result.fail("检查点缺失 / a checkpoint is missing before this one", checkpoint=seq)
            return None
        if checkpoint.key_id != trusted_key_id:
            result.fail("检查点密钥不符 / checkpoint signed with another key", checkpoint=seq)
            return None
        if not checkpoints.signature_ok(checkpoint, public):
            result.fail("检查点签名无效 / checkpoint signature is invalid", checkpoint=seq)
            return None
        if checkpoint.previous != previous:
            result.fail("检查点链接不符 / checkpoint does not follow the previous", checkpoint=seq)
            return None
        for hazard_id, (count, head) in (checkpoint.heads or {}).items():
            heads[hazard_id] = (count, head)
            signed[(hazard_id, count)] = (head, seq)
        if checkpoints.root_of(heads) != checkpoint.root or checkpoint.events != sum(
            count for count, _ in heads.values()
        ):
            result.fail("检查点根哈希不符 / checkpoint root does not match", checkpoint=seq)
            return None
        previous = checkpoint.root
        result.checkpoints_checked += 1
    return signed


def verify_chains(principal: Principal, batch_size: int = 2000) -> AuditResult:
    """Recompute every hash in order; a gap, an edit or a deleted tail breaks the chain.

    Then: each hazard's status must be the one its events lead to (``cleared_at`` set
    exactly when cleared, ``voided_at`` exactly when voided), its facts those of its
    events (the ``found`` event's, as changed by later events), and every head a signed
    checkpoint vouched for must still be the hash of that hazard's event at that count,
    so a rewritten and re-hashed history is caught too. Hazards recorded before facts
    were hashed (a ``found`` event without ``data["facts"]``) have their facts unchecked."""
    policy.require_auditor(principal)
    result = AuditResult()
    signed = _check_checkpoints(result)
    if signed is None:
        return result
    rows = {
        row.id: row
        for row in db.session.execute(
            select(
                Hazard.id,
                Hazard.events_head,
                Hazard.event_count,
                Hazard.status,
                Hazard.cleared_at,
                Hazard.voided_at,
                *(getattr(Hazard, name) for name in FACTS),
            )
        )
    }
    events = db.session.scalars(
        select(HazardEvent)
        .order_by(HazardEvent.hazard_id, HazardEvent.seq)
        .execution_options(yield_per=batch_size)
    )
    current, previous_hash, expected_seq = None, GENESIS_HASH, 1
    facts: dict | None = None
    status: str | None = None
    # The longest chain a checkpoint signed for each hazard: events deleted from its end
    # are named as such before the status they leave behind is.
    signed_to: dict[str, tuple[int, int]] = {}
    for (signed_id, signed_seq), (_, checkpoint_seq) in signed.items():
        if signed_seq > signed_to.get(signed_id, (0, 0))[0]:
            signed_to[signed_id] = (signed_seq, checkpoint_seq)

    def close_chain(hazard_id: Any, last_hash: str | None, count: int) -> bool:
        row = rows.pop(hazard_id, None)
        head, expected_count = (row.events_head, row.event_count) if row else (None, 0)
        if count != expected_count or last_hash != (head or GENESIS_HASH):
            result.fail("链尾与隐患记录不符 / chain end does not match hazard", hazard_id, count)
            return False
        vouched_seq, checkpoint_seq = signed_to.get(str(hazard_id), (0, 0))
        if vouched_seq > count:
            result.fail(
                "签名检查点记录的事件缺失 / events a signed checkpoint covers are missing",
                hazard_id,
                vouched_seq,
                checkpoint=checkpoint_seq,
            )
            return False
        if row is not None and (
            row.status != status
            or (row.cleared_at is not None) != (status == HazardStatus.CLEARED)
            or (row.voided_at is not None) != (status == HazardStatus.VOIDED)
        ):
            result.fail(
                "隐患状态与事件记录不符 / hazard status differs from its events",
                hazard_id,
                count,
                status=row.status,
                expected_status=status,
            )
            return False
        if row is not None and facts is not None:
            actual = facts_of(row)
            changed = sorted(
                name for name in FACTS if actual[name] != facts.get(name, FACT_DEFAULTS.get(name))
            )
            if changed:
                result.fail(
                    "隐患事实与事件记录不符 / hazard facts differ from its events",
                    hazard_id,
                    count,
                    facts=changed,
                )
                return False
        return True

    count = 0
    try:
        for event in events:
            if event.hazard_id != current:
                if current is not None and not close_chain(current, previous_hash, count):
                    return result
                current, previous_hash, expected_seq, count = event.hazard_id, GENESIS_HASH, 1, 0
                facts, status = None, None
                result.hazards_checked += 1
            result.events_checked += 1
            if event.seq != expected_seq:
                return result.fail(
                    "序号不连续 / missing event before this", event.hazard_id, event.seq, event.id
                )
            if event.seq == 1 and event.type != "found":
                return result.fail(
                    "首个事件不是发现 / the first event is not a found event",
                    event.hazard_id,
                    event.seq,
                    event.id,
                )
            if chain_hash(previous_hash, event) != event.hash:
                return result.fail(
                    "哈希不符 / hash does not match", event.hazard_id, event.seq, event.id
                )
            vouched = signed.pop((str(event.hazard_id), event.seq), None)
            if vouched is not None and vouched[0] != event.hash:
                return result.fail(
                    "与签名检查点不符，记录被改写 / differs from a signed checkpoint: rewritten",
                    event.hazard_id,
                    event.seq,
                    event.id,
                    checkpoint=vouched[1],
                )
            status = STATUS_AFTER.get(event.type, status)
            if event.type == EventType.FOUND_AGAIN:
                status = (event.data or {}).get("status", status)
            recorded = (event.data or {}).get("facts")
            if not isinstance(recorded, dict):
                pass
            elif event.seq == 1:
                facts = dict(recorded)
            elif facts is not None:  # hazards from before facts were hashed: none to follow
                facts.update(recorded)
            previous_hash, expected_seq, count = event.hash, expected_seq + 1, count + 1
            db.session.expunge(event)
    finally:
        events.close()  # a server-side cursor on PostgreSQL: release it even when stopping early
    if current is not None and not close_chain(current, previous_hash, count):
        return result
    # Every hazard begins with its ``found`` event: a row left without events (all
    # deleted, the count zeroed and the head cleared to match) is named too.
    for hazard_id in sorted(rows, key=str):
        result.hazards_checked += 1
        return result.fail(
            "隐患没有发现事件，事件缺失 / hazard without a found event: events missing",
            hazard_id,
            1,
        )
    for (hazard_id, seq), (_, checkpoint_seq) in sorted(signed.items()):
        return result.fail(
            "签名检查点记录的事件缺失 / events a signed checkpoint covers are missing",
            hazard_id,
            seq,
            checkpoint=checkpoint_seq,
        )
    return result
