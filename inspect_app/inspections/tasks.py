"""A principal's to-do list: assigned inspections and hazards waiting on them."""

from __future__ import annotations

from sqlalchemy import select

from inspect_app.accounts.models import User
from inspect_app.extensions import db
from inspect_app.hazards.models import Hazard
from inspect_app.inspections.models import Inspection, InspectionAssignee


def tasks_for(user: User) -> dict:
    """Open inspections assigned to the user and hazards waiting on them."""
    inspections = []
    if user.role in ("inspector", "bureau"):
        inspections = list(
            db.session.scalars(
                select(Inspection)
                .join(InspectionAssignee, InspectionAssignee.inspection_id == Inspection.id)
                .where(InspectionAssignee.user_id == user.id, Inspection.status == "draft")
                .order_by(Inspection.started_at)
            )
        )
    hazards_query = select(Hazard).order_by(Hazard.due_at)
    if user.role == "manager":
        hazards_query = hazards_query.where(
            Hazard.institution_id == user.institution_id,
            Hazard.status.in_(("open", "rectifying")),
        )
    elif user.role == "bureau":
        hazards_query = hazards_query.where(Hazard.status == "pending_review")
    else:
        mine = select(InspectionAssignee.inspection_id).where(InspectionAssignee.user_id == user.id)
        hazards_query = hazards_query.where(
            Hazard.status == "pending_review",
            Hazard.severity == "general",
            (Hazard.inspection_id.in_(mine)) | (Hazard.found_by_id == user.id),
        )
    return {"inspections": inspections, "hazards": list(db.session.scalars(hazards_query))}
