"""Who may do what with spot checks: the bureau plans, draws, records results and
publishes; inspectors read plans and record results of their own teams; the auditor
reads everything (full inputs included) and verifies, changing nothing; managers never
see plans; anyone (no token) reads announcements and published plans only."""

from __future__ import annotations

from inspect_app.errors import Forbidden, NotFound
from inspect_app.principal import Principal
from inspect_app.spot_checks.models import SpotCheckPlan, SpotCheckSelection


def require_planner(principal: Principal) -> None:
    """Plans, draws, pools and publication are the bureau's job."""
    if not principal.is_bureau:
        raise Forbidden("只有区民政局可以管理双随机抽查 / Only the bureau manages spot checks")


def require_reader(principal: Principal) -> None:
    """Officials and the auditor read plans (managers read only what is published, like
    the public)."""
    if not (principal.is_official or principal.is_auditor):
        raise Forbidden("只有检查人员、区民政局和审计员可以查看抽查计划 / Officials only")


def require_result_access(principal: Principal, institution_id: int) -> None:
    """Before any lookup: to a manager another institution's selection does not exist
    (404); its own institution's result is not its to record (403)."""
    if principal.is_manager and principal.institution_id != institution_id:
        raise NotFound("该机构未被抽中 / The institution was not drawn in this plan")
    require_reader(principal)
    if principal.is_auditor:
        raise Forbidden("审计员只读 / The auditor reads, and changes nothing")


def require_result_recorder(principal: Principal, selection: SpotCheckSelection) -> None:
    """The bureau, or an inspector on the selection's team. To a manager another
    institution's selection does not exist (404); its own is not its to record (403)."""
    if principal.is_manager and principal.institution_id != selection.institution_id:
        raise NotFound("该机构未被抽中 / The institution was not drawn in this plan")
    if principal.is_bureau:
        return
    if principal.is_inspector and principal.id in (selection.inspector_ids or []):
        return
    raise Forbidden("只有抽查组成员或区民政局可以登记结果 / Only the team or the bureau")


def publicly_visible(plan: SpotCheckPlan | None) -> SpotCheckPlan:
    """The public sees published plans only; the rest do not exist for it."""
    if plan is None or plan.status != "published":
        raise NotFound("抽查结果未公开 / No published spot check with this id")
    return plan


def require_verifier(principal: Principal) -> None:
    """Verifying a draw: whoever reads plans."""
    require_reader(principal)


def require_full_record(principal: Principal) -> None:
    """A draw's full inputs (declared conflicts, previous visits), the server secret
    before it is revealed, the officials' notes: the bureau and the auditor."""
    if not (principal.is_bureau or principal.is_auditor):
        raise Forbidden(
            "只有区民政局和审计员可以查看完整抽取记录 / The bureau and the auditor only"
        )


def publicly_announced(plan: SpotCheckPlan | None) -> SpotCheckPlan:
    """The public sees a plan's announcement from the moment it is made."""
    if plan is None or plan.announced_at is None:
        raise NotFound("抽查计划未公告 / No announced spot check with this id")
    return plan
