"""The record of scheduled job runs (the bureau's to read)."""

from __future__ import annotations

from typing import Any

from flask_smorest.pagination import PaginationParameters

from api.auth import current_user
from api.blueprint import Blueprint, ViewResult
from api.pagination import PAGE_ARGS, page_of
from api.schemas.jobs import (
    JobRunQuerySchema,
    JobRunSchema,
    WorkItemQuerySchema,
    WorkItemSchema,
)
from inspect_app.jobs import queue, runs

blp = Blueprint("jobs", __name__, description="定时任务 / Scheduled jobs")


@blp.route("/jobs", methods=["GET"])
@blp.arguments(JobRunQuerySchema, location="query")
@blp.response(200, JobRunSchema(many=True))
@blp.paginate(**PAGE_ARGS)
def list_job_runs(query: dict[str, Any], pagination_parameters: PaginationParameters) -> ViewResult:
    """定时任务运行记录 / Every job run with its outcome (bureau), newest first."""
    return page_of(runs.list_runs(current_user(), query.get("name")), pagination_parameters)


@blp.route("/jobs/queue", methods=["GET"])
@blp.arguments(WorkItemQuerySchema, location="query")
@blp.response(200, WorkItemSchema(many=True))
@blp.paginate(**PAGE_ARGS)
def list_work_items(
    query: dict[str, Any], pagination_parameters: PaginationParameters
) -> ViewResult:
    """任务队列 / The work queue (bureau), newest first: what the workers have to do, are
    doing, did and gave up on (``status``), by ``kind``."""
    return page_of(
        queue.list_items(current_user(), query.get("status"), query.get("kind")),
        pagination_parameters,
    )
