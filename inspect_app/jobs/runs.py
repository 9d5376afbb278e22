"""The record of job runs (``GET /jobs``): the bureau's to read."""

from __future__ import annotations

from sqlalchemy import select

from inspect_app.accounts.principal import Principal
from inspect_app.errors import Forbidden
from inspect_app.jobs.models import JobRun


def list_runs(principal: Principal, name: str | None = None):
    if not principal.is_bureau:
        raise Forbidden()
    query = select(JobRun).order_by(JobRun.id.desc())
    if name:
        query = query.where(JobRun.name == name)
    return query
