"""The inspection work the queue's workers do, by kind (registered in ``create_app``)."""

from __future__ import annotations

from inspect_app.inspections import issuing
from inspect_app.jobs.queue import Handler

HANDLERS = {
    issuing.BUILD: Handler(
        issuing.build_queued,
        "生成检查文书 PDF / Build a numbered document's PDF (the record, the notice)",
    ),
}
