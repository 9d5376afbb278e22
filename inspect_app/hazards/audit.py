"""Walk every hazard's event chain and name the first event that does not add up."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from inspect_app.accounts.principal import Principal
from inspect_app.extensions import db
from inspect_app.hazards import policy
from inspect_app.hazards.chain import GENESIS_HASH, chain_hash
from inspect_app.hazards.models import Hazard, HazardEvent


@dataclass
class AuditResult:
    ok: bool = True
    events_checked: int = 0
    hazards_checked: int = 0
    first_bad: dict | None = field(default=None)


def verify_chains(principal: Principal, batch_size: int = 2000) -> AuditResult:
    """Recompute every hash in order; a gap, an edit or a deleted tail breaks the chain."""
    policy.require_auditor(principal)
    result = AuditResult()
    heads = {
        row.id: (row.events_head, row.event_count)
        for row in db.session.execute(select(Hazard.id, Hazard.events_head, Hazard.event_count))
    }
    events = db.session.scalars(
        select(HazardEvent)
        .order_by(HazardEvent.hazard_id, HazardEvent.seq)
        .execution_options(yield_per=batch_size)
    )
    current, previous_hash, expected_seq = None, GENESIS_HASH, 1

    def fail(hazard_id, seq, event_id, reason):
        result.ok = False
        result.first_bad = {
            "hazard_id": str(hazard_id),
            "seq": seq,
            "event_id": event_id,
            "reason": reason,
        }

    def close_chain(hazard_id, last_hash, count):
        head, expected_count = heads.pop(hazard_id, (None, 0))
        if count != expected_count or last_hash != (head or GENESIS_HASH):
            fail(hazard_id, count, None, "链尾与隐患记录不符 / chain end does not match hazard")

    count = 0
    try:
        for event in events:
            if event.hazard_id != current:
                if current is not None:
                    close_chain(current, previous_hash, count)
                    if not result.ok:
                        return result
                current, previous_hash, expected_seq, count = event.hazard_id, GENESIS_HASH, 1, 0
                result.hazards_checked += 1
            result.events_checked += 1
            if event.seq != expected_seq:
                fail(event.hazard_id, event.seq, event.id, "序号不连续 / missing event before this")
                return result
            if chain_hash(previous_hash, event) != event.hash:
                fail(event.hazard_id, event.seq, event.id, "哈希不符 / hash does not match")
                return result
            previous_hash, expected_seq, count = event.hash, expected_seq + 1, count + 1
            db.session.expunge(event)
    finally:
        events.close()  # a server-side cursor on PostgreSQL: release it even when stopping early
    if current is not None:
        close_chain(current, previous_hash, count)
    for hazard_id, (_, expected_count) in heads.items():
        if result.ok and expected_count:
            fail(hazard_id, 1, None, "事件缺失 / events missing")
    return result
