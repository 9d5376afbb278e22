"""The hazard work the queue's workers do, by kind (registered in ``create_app``)."""

from __future__ import annotations

from inspect_app.hazards import deadlines
from inspect_app.jobs.queue import Handler

HANDLERS = {
    deadlines.OVERDUE_NOTICE: Handler(
        deadlines.tell_overdue,
        "通知隐患超期 / Tell the institution and the bureau a hazard passed its deadline",
    ),
    deadlines.DEADLINE_REMINDER: Handler(
        deadlines.tell_due_soon,
        "提醒整改期限将至 / Tell the institution a deadline is three days or less ahead",
    ),
}
