"""The hazard work the queue's workers do, by kind (registered in ``create_app``)."""

from __future__ import annotations

from inspect_app.hazards import deadlines
from inspect_app.jobs.queue import Handler

HANDLERS = {
    deadlines.OVERDUE_NOTICE: Handler(
        deadlines.tell_overdue,
        "通知隐患超期 / Tell the institution and the bureau a hazard passed its deadline",
    ),
}
