"""The record of job runs (``GET /jobs``): the bureau's to read."""

from __future__ import annotations

from sqlalchemy import Select, select

from inspect_app.jobs import policy
from inspect_app.jobs.models import JobRun
from inspect_app.principal import Principal


def list_runs(principal: Principal, name: str | None = None) -> Select[JobRun]:
    policy.require_run_reader(principal)
    query = select(JobRun).order_by(JobRun.id.desc())
    if name:
        query = query.where(JobRun.name == name)
    return query
