"""A hazard event's photos (rectification, review, ...): attached to the event, kept for good."""

from __future__ import annotations

from collections.abc import Iterable

from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.hazards.models import Hazard, HazardEvent
from inspect_app.photos import attachments
from inspect_app.photos.models import Photo
from inspect_app.principal import Principal


def attach_photos(user: Principal, event: HazardEvent, photo_ids: Iterable) -> list[Photo]:
    """Attach photos to a hazard event and return them.

    Raises ``InvalidInput`` (422) naming the ids that do not exist or that the user may not
    use (a manager: only photos they uploaded or already on its own institution's records).
    Once attached, a photo is kept for good.
    """
    photo_ids = list(photo_ids or [])
    attachments.require_usable(user, photo_ids)  # so every id is a photo from here on
    if not photo_ids:
        return []
    if event.id is None:
        db.session.add(event)
        db.session.flush()
    hazard = event.hazard if event.hazard is not None else db.session.get(Hazard, event.hazard_id)
    use = attachments.Use(
        photo_ids=photo_ids,
        checklist_key=hazard.checklist_key,
        item_code=hazard.item_code,
        hazard_id=hazard.id,
        hazard_event_id=event.id,
    )
    return attachments.attach(user, hazard.institution_id, event.at or utcnow(), [use])
