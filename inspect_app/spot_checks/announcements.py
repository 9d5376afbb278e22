"""The announcement of a plan (抽查公告): the signed statement made when its pools are frozen,
before any seed exists. Format ``spot-check-announcement/1`` (``docs/spot-checks.md``):
canonical JSON (``dsr2.canonical``) signed with Ed25519 by the key that signs the audit
checkpoints (``GET /public/audit/key``)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from flask import current_app

from inspect_app.hazards import checkpoints
from inspect_app.hazards.checkpoints import format_at
from inspect_app.spot_checks import dsr2
from inspect_app.spot_checks.models import SpotCheckPlan

FORMAT = "spot-check-announcement/1"


def secret_hash(secret: str | None) -> str | None:
    """SHA-256 (hex) of the secret's UTF-8 bytes; None when the plan has no secret."""
    return hashlib.sha256(secret.encode()).hexdigest() if secret else None


def statement(plan: SpotCheckPlan, hashes: dict[str, str]) -> dict:
    """What the announcement states: who, the plan's settings, the algorithm, the hashes of
    the frozen inputs, the public random values named in advance and the secret's hash."""
    assert plan.announced_at is not None and plan.inputs is not None
    public = checkpoints.private_key().public_key()
    return {
        "format": FORMAT,
        "issuer": current_app.config["ISSUING_AUTHORITY"],
        "key_id": checkpoints.key_id(public),
        "plan": {
            "id": plan.id,
            "name": plan.name,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "checklists": list(plan.checklists),
            "team_size": plan.team_size,
            "departments": list(plan.departments or []),
            "class_ratios": plan.inputs["sample"]["class_ratios"],
        },
        "algorithm": dsr2.ALGORITHM,
        "institutions": len(plan.inputs["sample"]["institutions"]),
        "inspectors": len(plan.inputs["team"]["inspectors"]),
        **hashes,
        "random_sources": list(plan.random_sources or []),
        "secret_sha256": secret_hash(plan.secret),
        "announced_at": format_at(plan.announced_at),
    }


def sign(content: dict) -> str:
    """Ed25519 over the statement's canonical JSON, base64."""
    signature = checkpoints.private_key().sign(dsr2.canonical(content))
    return base64.b64encode(signature).decode()


def signature_ok(content: dict, signature: str) -> bool:
    key = checkpoints.existing_private_key()
    if key is None or not content or not signature:
        return False
    try:
        key.public_key().verify(base64.b64decode(signature), dsr2.canonical(content))
    except (InvalidSignature, ValueError):
        return False
    return True
