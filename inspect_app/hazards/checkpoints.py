"""Signed checkpoints: every chain head, hashed into one root and signed with a key that
lives outside the database, so that even whoever can write the database cannot rewrite
the record unseen.

A checkpoint is ``{seq, at, events, root, previous}``:

- ``events`` counts every hazard event so far;
- ``root`` is SHA-256 of the lines ``"<hazard id> <event count> <head hash>\\n"``, one per
  hazard with events, sorted by hazard id (``root_of``);
- ``previous`` is the root of checkpoint ``seq - 1`` (64 zeros for the first).

The signature is Ed25519 over the UTF-8 bytes of that object as canonical JSON
(``signed_bytes``), made with the private key in ``AUDIT_KEY_PATH`` (made on first use,
mode 0600, never written to the database). Anyone holding the public key can check a
published checkpoint; ``audit.verify_chains`` also checks that today's events still hash
to every head a checkpoint signed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app
from sqlalchemy import select

from inspect_app.clock import utcnow
from inspect_app.errors import Conflict
from inspect_app.extensions import db
from inspect_app.hazards import policy
from inspect_app.hazards.chain import GENESIS_HASH
from inspect_app.hazards.models import AuditCheckpoint, Hazard
from inspect_app.principal import Principal

ALGORITHM = "ed25519"
KEY_FILE_NAME = "audit-ed25519.pem"

Heads = dict[str, tuple[int, str]]  # hazard id -> (event count, head hash)


# -- the key -----------------------------------------------------------------------------


def key_path() -> Path:
    configured = current_app.config.get("AUDIT_KEY_PATH")
    return Path(configured) if configured else Path(current_app.instance_path) / KEY_FILE_NAME


def _load(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} holds no Ed25519 private key")
    return key


def existing_private_key() -> Ed25519PrivateKey | None:
    path = key_path()
    return _load(path) if path.exists() else None


def private_key() -> Ed25519PrivateKey:
    """The signing key, made (mode 0600) on first use."""
    path = key_path()
    if path.exists():
        return _load(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _load(path)  # another process made it just now: use theirs
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
    return key


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def key_id(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex: names the key a checkpoint was signed with."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_key_info() -> dict:
    """What ``GET /public/audit/key`` answers."""
    public = private_key().public_key()
    return {
        "key_id": key_id(public),
        "algorithm": ALGORITHM,
        "public_key_pem": public_key_pem(public),
    }


# -- what is signed ----------------------------------------------------------------------


def format_at(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def signed_bytes(seq: int, at: str, events: int, root: str, previous: str) -> bytes:
    """The exact bytes signed, as the contract (docs/api.md) spells them."""
    body = {"seq": seq, "at": at, "events": events, "root": root, "previous": previous}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def root_of(heads: Heads) -> str:
    digest = hashlib.sha256()
    for hazard_id in sorted(heads):
        count, head = heads[hazard_id]
        digest.update(f"{hazard_id} {count} {head}\n".encode())
    return digest.hexdigest()


def signature_ok(checkpoint: AuditCheckpoint, public: Ed25519PublicKey) -> bool:
    message = signed_bytes(
        checkpoint.seq,
        format_at(checkpoint.at),
        checkpoint.events,
        checkpoint.root,
        checkpoint.previous,
    )
    try:
        public.verify(base64.b64decode(checkpoint.signature, validate=True), message)
    except (InvalidSignature, ValueError):
        return False
    return True


# -- making one --------------------------------------------------------------------------


def current_heads() -> Heads:
    return {
        str(hazard_id): (count, head or GENESIS_HASH)
        for hazard_id, count, head in db.session.execute(
            select(Hazard.id, Hazard.event_count, Hazard.events_head).where(Hazard.event_count > 0)
        )
    }


def signed_heads() -> Heads:
    """Every hazard's head as of the newest checkpoint: the checkpoints' deltas folded."""
    heads: Heads = {}
    for delta in db.session.scalars(select(AuditCheckpoint.heads).order_by(AuditCheckpoint.seq)):
        for hazard_id, (count, head) in (delta or {}).items():
            heads[hazard_id] = (count, head)
    return heads


@dataclass(frozen=True)
class Made:
    checkpoint: AuditCheckpoint
    changed: int  # chain heads new since the previous checkpoint


def make_checkpoint(principal: Principal, now: datetime | None = None) -> Made:
    """Sign every chain head now, after checking the record as it stands: a checkpoint
    never vouches for a broken chain. Not committed (the caller's unit of work)."""
    from inspect_app.hazards import audit  # audit verifies checkpoints: import at call time

    policy.require_auditor(principal)
    key = private_key()  # before anything else: a missing or unreadable key stops here
    result = audit.verify_chains(principal)
    if not result.ok:
        raise Conflict(
            "记录校验未通过，不签署检查点 / The record does not verify; no checkpoint signed",
            errors={"first_bad": [json.dumps(result.first_bad, ensure_ascii=False)]},
        )
    at = (now or utcnow()).astimezone(UTC)
    previous_row = db.session.scalars(
        select(AuditCheckpoint).order_by(AuditCheckpoint.seq.desc()).limit(1)
    ).first()
    seq = previous_row.seq + 1 if previous_row else 1
    previous = previous_row.root if previous_row else GENESIS_HASH
    heads = current_heads()
    before = signed_heads()
    delta = {h: [c, head] for h, (c, head) in heads.items() if before.get(h) != (c, head)}
    events = sum(count for count, _ in heads.values())
    root = root_of(heads)
    signature = key.sign(signed_bytes(seq, format_at(at), events, root, previous))
    checkpoint = AuditCheckpoint(
        seq=seq,
        at=at,
        events=events,
        root=root,
        previous=previous,
        signature=base64.b64encode(signature).decode(),
        key_id=key_id(key.public_key()),
        heads=delta,
    )
    db.session.add(checkpoint)
    db.session.flush()
    return Made(checkpoint, len(delta))


def checkpoint_job(now: datetime) -> int:
    """The daily job: one checkpoint now; returns its seq."""
    from inspect_app.principal import SYSTEM

    return make_checkpoint(SYSTEM, now).checkpoint.seq


def page(number: int, size: int) -> list[AuditCheckpoint]:
    """One page of checkpoints, newest first (public)."""
    return list(
        db.session.scalars(
            select(AuditCheckpoint)
            .order_by(AuditCheckpoint.seq.desc())
            .limit(size)
            .offset((number - 1) * size)
        )
    )
