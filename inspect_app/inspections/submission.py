"""Submitting an inspection: complete, photographed where required, hazards raised at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from inspect_app.checklists import versions as checklist_versions
from inspect_app.clock import utcnow
from inspect_app.db import affected_rows
from inspect_app.errors import Conflict, InvalidInput
from inspect_app.extensions import db
from inspect_app.hazards import recording
from inspect_app.hazards import terms as hazard_terms
from inspect_app.inspections import drafts, evidence, issuing, officers, policy, rechecks
from inspect_app.inspections import features as inspection_features
from inspect_app.inspections.answers import answer_rows
from inspect_app.inspections.listing import get_for_recording
from inspect_app.inspections.models import Inspection
from inspect_app.institutions.models import Institution
from inspect_app.notifications import inbox
from inspect_app.principal import Principal, Role


@dataclass(frozen=True)
class SubmitResult:
    inspection: Inspection
    hazard_ids: list[str]


def submit(user: Principal, inspection_id: uuid.UUID) -> SubmitResult:
    """Submit once; a repeat returns the first answer and raises nothing new."""
    inspection = get_for_recording(user, inspection_id)
    if inspection.status == "submitted":
        return SubmitResult(inspection, list(inspection.hazard_ids or []))
    policy.require_editable(user, inspection)
    # An inspection cannot end (be submitted) before it starts.
    drafts.require_start_not_ahead(inspection.started_at, utcnow(), ("提交时间", "the submit"))
    # Two certified officers and the institution's person present: the record names them.
    officers.require_people(inspection)
    # A re-inspection (复查): a photo for each hazard it re-checks.
    rechecks.require_complete(inspection)
    institution = db.session.get_one(Institution, inspection.institution_id)
    # What applies follows the features confirmed on site. Answers saved for items that
    # stopped applying are kept on the record but count for nothing: no photo is asked
    # of them and they raise no hazard.
    saved = answer_rows(inspection)
    view = inspection_features.applicability_given(
        inspection,
        inspection_features.effective_features(institution.features, inspection.features_confirmed),
        {(r.checklist_key, r.item_code) for r in saved},
    )
    if view.missing:
        raise InvalidInput(
            "还有检查项未作答 / Some applicable items are unanswered", {"missing": view.missing}
        )
    ignored = set(view.not_applicable)
    rows = [r for r in saved if f"{r.checklist_key}:{r.item_code}" not in ignored]
    without_photos = evidence.failed_items_without_photos(inspection, rows)
    if without_photos:
        raise InvalidInput(
            "不合格项须附照片 / Failed items that require a photo have none",
            {"photo_required": without_photos},
        )
    # What the submit records is decided first, reading only; then the claim, the
    # conditional UPDATE that writes the inspection row once with the hazard ids and is
    # the first write (on SQLite it takes the write lock before anything else is read);
    # then the hazards. A phone's retry that races its first copy loses the claim (or a
    # hazard's unique index) inside the savepoint and answers what the winner recorded.
    failed = _in_checklist_order(inspection, [r for r in rows if r.result == "fail"])
    findings = _findings(inspection, failed)
    faults = {
        f"{f.checklist_key}:{f.item['code']}": [fault]
        for f, row in zip(findings, failed, strict=True)
        if (
            fault := hazard_terms.answer_fault(
                f.item, "fail", row.value, f.fixed_on_site, f.due_days, f.photo_ids
            )
        )
    }
    if faults:
        raise InvalidInput(
            "部分不合格项的整改条件有误 / Some failed items' terms are invalid", faults
        )
    plan = recording.plan_findings(inspection.institution_id, findings)
    submitted_at = utcnow()
    try:
        with db.session.begin_nested():
            claimed = affected_rows(
                db.session.execute(
                    update(Inspection)
                    .where(Inspection.id == inspection.id, Inspection.status == "draft")
                    .values(
                        status="submitted", submitted_at=submitted_at, hazard_ids=plan.hazard_ids
                    )
                    .execution_options(synchronize_session=False)
                )
            )
            if claimed != 1:
                raise _LostTheClaim()
            recording.record_findings(
                plan,
                inspection_id=inspection.id,
                institution_id=inspection.institution_id,
                street=institution.street,
                actor=user,
            )
            rechecks.record(user, inspection)
            _report_differences(institution, inspection)
            # The documents' numbers, in the order inspections are submitted; their PDFs
            # are built on first fetch (inspections/issuing.py).
            issuing.number_documents(
                inspection.id,
                submitted_at,
                ordering=plan.departments_to_order(user),
                opinion=bool(inspection.rechecks),
            )
    except (_LostTheClaim, IntegrityError):
        return _answer_of_the_winner(inspection)
    db.session.expire(inspection, ["status", "submitted_at", "hazard_ids"])
    return SubmitResult(inspection, plan.hazard_ids)


def _report_differences(institution: Institution, inspection: Inspection) -> None:
    """Tell the bureau where the features found on site differ from the directory. Runs
    once per inspection, by the submit that wins the claim; the directory is unchanged."""
    found = inspection_features.differences(institution.features, inspection.features_confirmed)
    if found:
        inbox.notify_role(
            Role.BUREAU,
            "features_differ",
            inspection_features.difference_message(institution, inspection, found),
        )


class _LostTheClaim(Exception):
    """Another submit of this inspection committed first."""


def _answer_of_the_winner(inspection: Inspection) -> SubmitResult:
    db.session.refresh(inspection)
    if inspection.status != "submitted":
        raise Conflict("检查正在被同时提交，请重试 / Submitted concurrently, retry")
    return SubmitResult(inspection, list(inspection.hazard_ids or []))


def _in_checklist_order(inspection: Inspection, rows: list[Any]) -> list[Any]:
    """The record's order: the inspection's checklists as listed, each in its items' order.
    The hazards' order, and so the notice's 第1项, 第2项…, follows it."""
    place: dict[tuple[str, str], tuple[int, int]] = {}
    for position, pinned in enumerate(inspection.checklists):
        items = checklist_versions.items_by_code(pinned.checklist_version)
        for number, code in enumerate(items):
            place[(pinned.checklist_key, code)] = (position, number)
    return sorted(rows, key=lambda row: place[(row.checklist_key, row.item_code)])


def _findings(inspection: Inspection, failed_rows: Iterable[Any]) -> list[recording.Finding]:
    pinned = {c.checklist_key: c.checklist_version for c in inspection.checklists}
    findings = []
    for row in failed_rows:
        version = pinned[row.checklist_key]
        item = checklist_versions.items_by_code(version)[row.item_code]
        findings.append(
            recording.Finding(
                checklist_key=row.checklist_key,
                checklist_version=version.version,
                category=version.category,
                item=item,
                note=row.note,
                photo_ids=row.photo_ids or [],
                terms=hazard_terms.terms_of(item, row.value),
                due_days=row.due_days,
                fixed_on_site=bool(row.fixed_on_site),
            )
        )
    return findings
