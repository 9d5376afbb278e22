"""A principal's to-do list: assigned inspections and hazards waiting on them."""

from __future__ import annotations

from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.hazards import policy as hazard_policy
from inspect_app.hazards.models import Hazard
from inspect_app.inspections import policy
from inspect_app.inspections.models import Inspection, InspectionAssignee
from inspect_app.principal import Principal


def tasks_for(principal: Principal) -> dict:
    """Open inspections assigned to the principal and hazards waiting on them."""
    inspections = []
    if policy.has_assignments(principal):
        inspections = list(
            db.session.scalars(
                select(Inspection)
                .join(InspectionAssignee, InspectionAssignee.inspection_id == Inspection.id)
                .where(InspectionAssignee.user_id == principal.id, Inspection.status == "draft")
                .order_by(Inspection.started_at)
            )
        )
    visits = select(InspectionAssignee.inspection_id).where(
        InspectionAssignee.user_id == principal.id
    )
    hazards = hazard_policy.awaiting(principal, select(Hazard).order_by(Hazard.due_at), visits)
    return {"inspections": inspections, "hazards": list(db.session.scalars(hazards))}
