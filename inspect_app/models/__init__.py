"""All models, imported here so that Alembic and the app see the whole schema."""

from inspect_app.models.base import Base, UTCDateTime, utcnow
from inspect_app.models.checklist import ChecklistVersion
from inspect_app.models.hazard import Hazard, HazardEvent
from inspect_app.models.inspection import (
    Answer,
    Inspection,
    InspectionAssignee,
    InspectionChecklist,
)
from inspect_app.models.institution import Institution
from inspect_app.models.notification import Notification
from inspect_app.models.operations import ClearanceSnapshot, JobLock
from inspect_app.models.photo import Photo, PhotoAttachment, PhotoUploader, Upload
from inspect_app.models.user import AuthToken, LoginFailure, User

__all__ = [
    "Answer",
    "AuthToken",
    "Base",
    "ChecklistVersion",
    "ClearanceSnapshot",
    "Hazard",
    "HazardEvent",
    "Inspection",
    "InspectionAssignee",
    "InspectionChecklist",
    "Institution",
    "JobLock",
    "LoginFailure",
    "Notification",
    "Photo",
    "PhotoAttachment",
    "PhotoUploader",
    "UTCDateTime",
    "Upload",
    "User",
    "utcnow",
]
