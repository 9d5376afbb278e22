"""Features confirmed on site: what the inspector found, over what the directory says.

Which checklist items apply to an inspection follows its *effective* features: the
institution's features from the directory, overridden key by key by the features the
inspector confirmed on site (``Inspection.features_confirmed``). Where the two differ,
the bureau is told on submit; the directory itself is left for the bureau to change.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from inspect_app.checklists import applicability
from inspect_app.checklists import versions as checklist_versions
from inspect_app.errors import InvalidInput
from inspect_app.extensions import db
from inspect_app.inspections.models import Answer, Inspection
from inspect_app.institutions.models import FEATURES as FEATURE_NAMES
from inspect_app.institutions.models import Institution

LABELS = {
    "kitchen": ("自设厨房", "kitchen"),
    "gas": ("管道燃气", "piped gas"),
    "lpg": ("液化石油气钢瓶", "LPG cylinders"),
    "medical": ("内设医疗机构", "on-site medical service"),
    "meals_delivered": ("外送餐食", "meals delivered"),
}


def clean_confirmed(confirmed: Mapping | None) -> dict | None:
    """The confirmed features as stored: known names to booleans, only those given;
    ``None`` (nothing confirmed) for ``None`` or an empty mapping. 422 otherwise."""
    if confirmed is None:
        return None
    if not isinstance(confirmed, Mapping):
        raise InvalidInput(errors={"features_confirmed": ["应为对象 / Must be an object"]})
    errors = {}
    for name, value in confirmed.items():
        if name not in FEATURE_NAMES:
            errors[f"features_confirmed.{name}"] = [
                f"未知特征 / Unknown feature (known: {', '.join(FEATURE_NAMES)})"
            ]
        elif not isinstance(value, bool):
            errors[f"features_confirmed.{name}"] = ["应为是或否 / Must be true or false"]
    if errors:
        raise InvalidInput(errors=errors)
    return {name: confirmed[name] for name in FEATURE_NAMES if name in confirmed} or None


def effective_features(institution_features: Mapping | None, confirmed: Mapping | None) -> dict:
    """Every known feature: the directory's value, unless the inspector confirmed another."""
    directory = institution_features or {}
    found = confirmed or {}
    return {
        name: bool(found[name]) if name in found else bool(directory.get(name, False))
        for name in FEATURE_NAMES
    }


def differences(
    institution_features: Mapping | None, confirmed: Mapping | None
) -> list[tuple[str, bool, bool]]:
    """``(feature, directory value, found value)`` for each confirmed feature that differs."""
    directory = institution_features or {}
    return [
        (name, bool(directory.get(name, False)), bool(value))
        for name, value in (confirmed or {}).items()
        if bool(value) != bool(directory.get(name, False))
    ]


def features_of(inspection: Inspection) -> dict:
    """The effective features of an inspection: its institution's, as confirmed on site."""
    institution = db.session.get_one(Institution, inspection.institution_id)
    return effective_features(institution.features, inspection.features_confirmed)


@dataclass(frozen=True)
class Applicability:
    """What applies to an inspection as it stands."""

    features: dict
    # ``checklist:code`` of every applicable item not yet answered, in checklist order.
    missing: list[str]
    # ``checklist:code`` of saved answers to items that no longer apply (kept, ignored).
    not_applicable: list[str]


def applicability_of(inspection: Inspection) -> Applicability:
    return applicability_given(inspection, features_of(inspection), answered_items(inspection))


def answered_items(inspection: Inspection) -> set[tuple[str, str]]:
    """``(checklist, code)`` of every answer saved on the inspection."""
    return {
        (row.checklist_key, row.item_code)
        for row in db.session.execute(
            select(Answer.checklist_key, Answer.item_code).where(
                Answer.inspection_id == inspection.id
            )
        )
    }


def applicability_given(
    inspection: Inspection, features: dict, answered: Collection[tuple[str, str]]
) -> Applicability:
    """What applies, from the effective ``features`` and the ``(checklist, code)`` of the
    answers saved: for a caller that has already read them (no query here)."""
    missing, not_applicable = [], []
    for pinned in inspection.checklists:
        for code, item in checklist_versions.items_by_code(pinned.checklist_version).items():
            key = (pinned.checklist_key, code)
            applies = applicability.applies(item, features)
            if applies and key not in answered:
                missing.append(f"{pinned.checklist_key}:{code}")
            elif not applies and key in answered:
                not_applicable.append(f"{pinned.checklist_key}:{code}")
    return Applicability(features, missing, not_applicable)


def _yes_no(value: bool) -> tuple[str, str]:
    return ("有", "yes") if value else ("无", "no")


def difference_message(institution: Institution, inspection: Inspection, found: list) -> str:
    """Bilingual: the institution and each differing feature, directory -> found."""
    zh = "；".join(
        f"{LABELS[name][0]}：名录{_yes_no(was)[0]}→现场{_yes_no(now)[0]}"
        for name, was, now in found
    )
    en = "; ".join(
        f"{LABELS[name][1]} ({name}): directory {_yes_no(was)[1]} -> found {_yes_no(now)[1]}"
        for name, was, now in found
    )
    return (
        f"「{institution.name}」现场核实的特征与名录不符（检查 {inspection.id}）：{zh}。"
        f"请核实并更新名录。 / Features found on site at {institution.name} differ from the "
        f"directory (inspection {inspection.id}): {en}. Please check and update the directory."
    )
