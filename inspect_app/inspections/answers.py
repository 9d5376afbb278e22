"""Answers: upserted by (checklist, item code), the whole batch checked before any write."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

from sqlalchemy import Row, select

from inspect_app.checklists import applicability
from inspect_app.checklists import versions as checklist_versions
from inspect_app.clock import utcnow
from inspect_app.db import upsert
from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.hazards import terms as hazard_terms
from inspect_app.inspections import evidence, policy
from inspect_app.inspections import features as inspection_features
from inspect_app.inspections.listing import get_for_recording
from inspect_app.inspections.models import Answer, Inspection
from inspect_app.principal import Principal


@dataclass(frozen=True)
class SaveResult:
    """What a phone needs after a save: how many were saved and how far the visit is."""

    inspection: Inspection
    saved: int
    answered: int
    missing: list[str]


def _check_value(item: dict, result: str, value: object) -> str | None:
    answer_type = item["answer_type"]
    if value is None:
        return None
    if answer_type == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
        return "应为数字 / value must be a number"
    if answer_type == "choice" and (
        isinstance(value, dict | list) or value not in {c["value"] for c in item["choices"]}
    ):
        return "不是可选项之一 / value is not one of the choices"
    if answer_type == "text" and not isinstance(value, str):
        return "应为文字 / value must be text"
    if answer_type == "yes_no" and not isinstance(value, bool):
        return "应为是或否 / value must be true or false"
    if result == "pass":
        return _contradiction(item, value)
    return None


def _contradiction(item: dict, value: object) -> str | None:
    """A "pass" whose own value says fail: outside the passing range, or a failing choice."""
    bounds = item.get("pass_range") or {}
    if item["answer_type"] == "number" and isinstance(value, int | float):
        low, high = bounds.get("min"), bounds.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            return (
                f"数值超出合格范围（{low}–{high}），不能判为合格 / "
                f"Outside the passing range ({low} to {high}): cannot be a pass"
            )
    if item["answer_type"] == "choice":
        chosen = next((c for c in item["choices"] if c["value"] == value), None)
        if chosen is not None and chosen.get("passes") is False:
            return "所选项为不合格，不能判为合格 / This choice is a fail: cannot be a pass"
    return None


class AnswerInput(TypedDict):
    """One answer as ``PUT /inspections/{id}/answers`` gives it (``api/schemas/inspections.py``,
    ``AnswerWriteSchema``)."""

    checklist: str
    item_code: str
    result: str
    value: NotRequired[object]
    note: NotRequired[str | None]
    photo_ids: NotRequired[list[uuid.UUID] | list[str]]
    fixed_on_site: NotRequired[bool]
    due_days: NotRequired[int | None]


def save_answers(
    user: Principal, inspection_id: uuid.UUID, answers: list[AnswerInput]
) -> SaveResult:
    """Upsert answers by (checklist, item code); the whole batch is checked before any write."""
    inspection = get_for_recording(user, inspection_id)
    policy.require_editable(user, inspection)
    # What applies follows the features confirmed on site, over the directory's.
    features = inspection_features.features_of(inspection)
    pinned = {c.checklist_key: c.checklist_version for c in inspection.checklists}
    errors: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for index, answer in enumerate(answers):
        where = f"{index}.{answer['checklist']}:{answer['item_code']}"
        version = pinned.get(answer["checklist"])
        if version is None:
            errors[where] = ["该检查未包含此检查表 / Checklist not part of this inspection"]
            continue
        item = checklist_versions.items_by_code(version).get(answer["item_code"])
        if item is None:
            errors[where] = ["未知检查项 / Unknown item code"]
            continue
        if not applicability.applies(item, features):
            errors[where] = ["该项不适用于本机构 / Item does not apply to this institution"]
            continue
        key = (answer["checklist"], answer["item_code"])
        if key in seen:
            errors[where] = ["同一项重复作答 / Item answered twice in one request"]
        seen.add(key)
        fault = _check_value(item, answer["result"], answer.get("value")) or _terms_fault(
            item, answer
        )
        if fault:
            errors[where] = [fault]
    for index, fault in evidence.answer_photo_faults(user, answers).items():
        where = f"{index}.{answers[index]['checklist']}:{answers[index]['item_code']}"
        errors.setdefault(where, []).append(fault)
    if errors:
        raise InvalidInput("部分答案无效，未保存任何答案 / Invalid answers; nothing saved", errors)

    now = utcnow()
    rows = [
        {
            "inspection_id": inspection.id,
            "checklist_key": answer["checklist"],
            "item_code": answer["item_code"],
            "result": answer["result"],
            "value": answer.get("value"),
            "note": answer.get("note"),
            "photo_ids": [str(p) for p in answer.get("photo_ids") or []],
            "fixed_on_site": bool(answer.get("fixed_on_site")),
            "due_days": answer.get("due_days"),
            "answered_by_id": user.id,
            "updated_at": now,
        }
        for answer in answers
    ]
    upsert(db.session, Answer, rows, ("inspection_id", "checklist_key", "item_code"))
    inspection.updated_at = now
    db.session.flush()
    evidence.attach_to_answers(user, inspection, answers)
    db.session.expire(inspection, ["answers"])
    done = progress(inspection, features)
    return SaveResult(inspection, len(rows), done["answered"], done["missing"])


def _terms_fault(item: dict, answer: AnswerInput) -> str | None:
    """The hazard terms the answer sets (当场整改, due days), as ``hazards.terms`` allows."""
    return hazard_terms.answer_fault(
        item,
        answer["result"],
        answer.get("value"),
        bool(answer.get("fixed_on_site")),
        answer.get("due_days"),
        answer.get("photo_ids"),
    )


def answer_rows(inspection: Inspection) -> Sequence[Row[Any]]:
    return db.session.execute(
        select(
            Answer.checklist_key,
            Answer.item_code,
            Answer.result,
            Answer.note,
            Answer.photo_ids,
            Answer.value,
            Answer.fixed_on_site,
            Answer.due_days,
        ).where(Answer.inspection_id == inspection.id)
    ).all()


def progress(inspection: Inspection, features: dict | None = None) -> dict:
    """How far the inspector is: answers to applicable items, what is still missing.
    Answers to items that no longer apply (the features confirmed on site changed) are
    kept but not counted. ``features``: the effective features, when the caller has them."""
    if features is None:
        features = inspection_features.features_of(inspection)
    answered = inspection_features.answered_items(inspection)
    view = inspection_features.applicability_given(inspection, features, answered)
    return {"answered": len(answered) - len(view.not_applicable), "missing": view.missing}
