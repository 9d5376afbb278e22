"""Every scheduled job of every package, by name: the one list the CLI and scheduler use."""

from __future__ import annotations

from inspect_app.accounts.jobs import JOBS as ACCOUNT_JOBS
from inspect_app.hazards.jobs import JOBS as HAZARD_JOBS
from inspect_app.jobs import Job
from inspect_app.photos.jobs import JOBS as PHOTO_JOBS
from inspect_app.reports.jobs import JOBS as REPORT_JOBS
from inspect_app.spot_checks.jobs import JOBS as SPOT_CHECK_JOBS

JOBS: dict[str, Job] = {
    **HAZARD_JOBS,
    **PHOTO_JOBS,
    **ACCOUNT_JOBS,
    **SPOT_CHECK_JOBS,
    **REPORT_JOBS,
}
