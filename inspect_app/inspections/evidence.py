"""The answers' photos (证据照片): which ids an answer may name, attaching them to the
saved answers, and the failed items still without one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select

from inspect_app.checklists import versions as checklist_versions
from inspect_app.extensions import db
from inspect_app.inspections.models import Answer, Inspection
from inspect_app.photos import attachments
from inspect_app.principal import Principal


def answer_photo_faults(user: Principal, answers: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """For each answer (by index) naming photos that do not exist or that the user may not
    use, the message that says which. One query for the whole batch."""
    wanted = [pid for answer in answers for pid in answer.get("photo_ids") or []]
    if not wanted:
        return {}
    unknown = set(attachments.unknown_photo_ids(user, wanted))
    faults = {}
    for index, answer in enumerate(answers):
        bad = [str(p) for p in answer.get("photo_ids") or [] if str(p) in unknown]
        if bad:
            faults[index] = attachments.unknown_photos_message(list(dict.fromkeys(bad)))
    return faults


def attach_to_answers(
    user: Principal, inspection: Inspection, answers: Sequence[Mapping[str, Any]]
) -> None:
    """Record that the saved answers' photos are used on this inspection (the ids were
    checked with ``answer_photo_faults``). Attachments are never removed: a photo once
    attached is kept, even if a later save of the draft leaves it out."""
    keys = {(a["checklist"], a["item_code"]) for a in answers if a.get("photo_ids")}
    if not keys:
        return
    rows = [
        row
        for row in db.session.execute(
            select(Answer.id, Answer.checklist_key, Answer.item_code, Answer.photo_ids).where(
                Answer.inspection_id == inspection.id,
                Answer.item_code.in_({code for _key, code in keys}),
            )
        )
        if (row.checklist_key, row.item_code) in keys
    ]
    uses = [
        attachments.Use(
            photo_ids=row.photo_ids or [],
            checklist_key=row.checklist_key,
            item_code=row.item_code,
            inspection_id=inspection.id,
            answer_id=row.id,
        )
        for row in rows
    ]
    attachments.attach(user, inspection.institution_id, inspection.started_at, uses)


def failed_items_without_photos(inspection: Inspection, rows: Iterable[Any]) -> list[str]:
    """``checklist:code`` of every failed item that needs a photo and has no real one.
    ``rows`` are the inspection's answers (anything with checklist_key, item_code, result
    and photo_ids)."""
    pinned = {c.checklist_key: c.checklist_version for c in inspection.checklists}
    needing = []
    for row in rows:
        version = pinned.get(row.checklist_key)
        if row.result != "fail" or version is None:
            continue
        item = checklist_versions.items_by_code(version).get(row.item_code) or {}
        if item.get("photo_required_on_fail"):
            needing.append(row)
    if not needing:
        return []
    real = {
        p.id
        for p in attachments.photos_by_ids(pid for row in needing for pid in row.photo_ids or [])
    }
    return [
        f"{row.checklist_key}:{row.item_code}"
        for row in needing
        if not any(i in real for i in attachments.as_uuids(row.photo_ids or [])[0])
    ]
