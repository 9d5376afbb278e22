"""Figures for the operator (``GET /metrics``): the photos stored and the derivative queue."""

from __future__ import annotations

from sqlalchemy import func, select

from inspect_app.extensions import db
from inspect_app.photos.models import Photo


def metric_figures() -> list[tuple[str, str, float]]:
    """``(name, help, value)`` of the photo gauges, read from the database now."""
    count, stored = db.session.execute(
        select(func.count(), func.coalesce(func.sum(Photo.bytes), 0)).select_from(Photo)
    ).one()
    pending = db.session.scalar(
        select(func.count()).select_from(Photo).where(Photo.derivatives == "pending")
    )
    return [
        ("inspect_photos_stored", "Photos stored (originals)", count),
        ("inspect_photo_bytes_stored", "Bytes of the photo originals stored", stored),
        (
            "inspect_photo_derivatives_queue",
            "Photos waiting for the make_photo_derivatives job (queue depth)",
            pending or 0,
        ),
    ]
