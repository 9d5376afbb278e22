"""Who may read the record of job runs: the bureau."""

from __future__ import annotations

from inspect_app.errors import Forbidden
from inspect_app.principal import Principal


def require_run_reader(principal: Principal) -> None:
    """The record of job runs (what ran, when, with what outcome) is the bureau's to read."""
    if not principal.is_bureau:
        raise Forbidden()
