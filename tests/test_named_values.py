"""Each named value is defined once, with its Chinese label, and docs/api.md's table of
named values and the OpenAPI document say the same as the definitions."""

from __future__ import annotations

import re

from inspect_app.checklists.models import Category, Severity
from inspect_app.config import PROJECT_ROOT
from inspect_app.hazards.models import EventType, HazardStatus, MeasureKind
from inspect_app.inspections.models import DocumentKind, InspectionKind, RecheckResult
from inspect_app.names import LabelledEnum
from inspect_app.principal import STAFF_DEPARTMENTS, Department, Role
from inspect_app.spot_checks.models import SpotCheckResult

ENUMS: list[type[LabelledEnum]] = [
    Role,
    Department,
    Category,
    Severity,
    HazardStatus,
    EventType,
    MeasureKind,
    InspectionKind,
    SpotCheckResult,
    RecheckResult,
    DocumentKind,
]


def test_every_value_has_a_chinese_label_and_compares_as_its_stored_string():
    for enum in ENUMS:
        for member in enum:
            assert re.search(r"[\u4e00-\u9fff]", member.label), member
            assert member == member.value and str(member) == member.value
            assert enum(member.value) is member
    assert Severity.MAJOR.short_label == "重大" and HazardStatus.label_of("gone") == "gone"


def test_one_word_one_meaning_across_inspection_kinds_and_spot_check_results():
    assert "follow_up" in list(InspectionKind) and "follow_up" not in list(SpotCheckResult)
    assert SpotCheckResult("pending_action").label == "待后续处理"


def test_housing_is_a_referral_target_but_no_one_works_there():
    assert Department.HOUSING in list(Department)
    assert Department.HOUSING not in STAFF_DEPARTMENTS
    assert Department.HEALTH.label == "卫生健康"


def test_the_docs_table_lists_each_enum_as_defined():
    text = (PROJECT_ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    table = {
        row.split("|")[3].strip(" `"): row.split("|")[2].strip()
        for row in text.split("## Named values", 1)[1].split("\n## ", 1)[0].splitlines()
        if row.startswith("| ") and "`" in row.split("|")[3]
    }
    for enum in ENUMS:
        where = f"{enum.__module__.removeprefix('inspect_app.')}.{enum.__name__}"
        expected = ", ".join(f"`{m.value}` {m.label}" for m in enum)
        assert table.get(where) == expected, where


def test_the_openapi_document_takes_its_choices_from_the_enums(client):
    schemas = client.get("/api/openapi.json").json["components"]["schemas"]
    summary = schemas["HazardSummary"]["properties"]
    assert summary["status"]["enum"] == [s.value for s in HazardStatus]
    assert summary["severity"]["enum"] == [s.value for s in Severity]
    assert summary["referred_to"]["enum"] == [*(d.value for d in Department), None]
    event_type = schemas["HazardEvent"]["properties"]["type"]["enum"]
    assert event_type == [e.value for e in EventType]
