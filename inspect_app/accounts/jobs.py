"""Scheduled upkeep of accounts."""

from __future__ import annotations

from datetime import datetime, timedelta

from inspect_app.accounts import tokens
from inspect_app.jobs import Job


def purge_tokens(now: datetime) -> int:
    """Tokens expired or revoked over a week ago are no use to anyone, not even an audit."""
    return tokens.purge_expired_tokens(now - timedelta(days=7))


JOBS = {
    "purge_tokens": Job(
        purge_tokens,
        {"trigger": "cron", "hour": 3, "minute": 30},
        "清理过期令牌 / Purge expired tokens",
    ),
}
