"""The photo work the queue's workers do, by kind (registered in ``create_app``)."""

from __future__ import annotations

from inspect_app.jobs.queue import Handler
from inspect_app.photos import derivatives

HANDLERS = {
    derivatives.KIND: Handler(
        derivatives.make_one,
        "为大图（PNG、HEIC 等）生成展示图和缩略图 / "
        "A large PNG, WebP or HEIC photo's display copy and thumbnail",
    ),
}
