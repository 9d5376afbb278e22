"""Every model of every package, imported here so that Alembic and ``create_all`` see the
whole schema. Code outside migrations and tests imports models from their own package."""

from inspect_app.accounts.models import AccountEvent, AuthToken, LoginFailure, User
from inspect_app.checklists.models import ChecklistVersion
from inspect_app.db import Base
from inspect_app.hazards.models import AuditCheckpoint, Hazard, HazardEvent, Measure
from inspect_app.inspections.models import (
    Answer,
    Document,
    HazardDocument,
    Inspection,
    InspectionAssignee,
    InspectionChecklist,
)
from inspect_app.institutions.models import Institution, InstitutionHistory
from inspect_app.jobs.models import JobLock, JobRun, WorkItem
from inspect_app.notifications.models import Notification
from inspect_app.numbering.models import DocumentCounter
from inspect_app.photos.models import Photo, PhotoAttachment, PhotoUploader, Upload
from inspect_app.reports.models import ClearanceSnapshot, MonthlyReport
from inspect_app.spot_checks.models import (
    InspectorConflict,
    InspectorUnavailability,
    SpotCheckDraw,
    SpotCheckPlan,
    SpotCheckSelection,
)

__all__ = [
    "AccountEvent",
    "Answer",
    "AuditCheckpoint",
    "AuthToken",
    "Base",
    "ChecklistVersion",
    "ClearanceSnapshot",
    "Document",
    "DocumentCounter",
    "Hazard",
    "HazardDocument",
    "HazardEvent",
    "Inspection",
    "InspectionAssignee",
    "InspectionChecklist",
    "InspectorConflict",
    "InspectorUnavailability",
    "Institution",
    "InstitutionHistory",
    "JobLock",
    "JobRun",
    "LoginFailure",
    "Measure",
    "MonthlyReport",
    "Notification",
    "Photo",
    "PhotoAttachment",
    "PhotoUploader",
    "SpotCheckDraw",
    "SpotCheckPlan",
    "SpotCheckSelection",
    "Upload",
    "User",
    "WorkItem",
]
