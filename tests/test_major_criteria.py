"""The 2023 criteria table (checklists/major_criteria_2023.toml) against the shipped
checklists: every confirmed situation is detected by an item, every item that cites the
criteria is in the table, and nothing unconfirmed passes for confirmed."""

from __future__ import annotations

import tomllib

from inspect_app.checklists import content as checklist_content
from inspect_app.config import PROJECT_ROOT

DIRECTORY = PROJECT_ROOT / "checklists"
TABLE = tomllib.loads((DIRECTORY / "major_criteria_2023.toml").read_text(encoding="utf-8"))
CRITERIA = "《养老机构重大事故隐患判定标准》"
STATUSES = {"已确认", "待确认"}


def shipped_items() -> dict[str, dict]:
    items = {}
    for path in sorted(DIRECTORY.glob("*.yaml")):
        document = checklist_content.load_file(path)
        for item in checklist_content.iter_items(document):
            items[f"{document['key']}/{item['code']}"] = item
    return items


def can_be_major(item: dict) -> bool:
    return item["severity"] == "major" or any(
        c.get("severity") == "major" for c in item.get("choices") or ()
    )


def test_the_table_names_the_document():
    assert TABLE["title"] == "养老机构重大事故隐患判定标准"
    assert TABLE["document_number"] == "民办发〔2023〕13号"
    assert str(TABLE["issued"]) == "2023-11-27"


def test_every_situation_is_well_formed_and_each_article_is_there():
    refs = [s["ref"] for s in TABLE["situations"]]
    assert len(refs) == len(set(refs))
    for situation in TABLE["situations"]:
        assert situation["status"] in STATUSES, situation["ref"]
        assert situation["summary"] and situation["article"], situation["ref"]
    # Arts. 4-7 and the catch-all each appear, confirmed or marked.
    for article in ("4", "5", "6", "7", "3(5)"):
        assert any(r == article or r.startswith(f"{article}(") for r in refs), article


def test_the_four_points_of_article_4_are_confirmed():
    confirmed = {s["ref"] for s in TABLE["situations"] if s["status"] == "已确认"}
    assert {"4(1)", "4(2)", "4(3)", "4(4)", "5(1)", "3(5)"} <= confirmed


def test_every_confirmed_situation_has_an_item_that_can_raise_a_major_hazard():
    items = shipped_items()
    for situation in TABLE["situations"]:
        for ref in situation["items"]:
            assert ref in items, f"{situation['ref']}: {ref} is not a shipped item"
        if situation["status"] == "已确认":
            assert situation["items"], f"{situation['ref']} has no item"
            assert any(can_be_major(items[ref]) for ref in situation["items"]), situation["ref"]


def test_an_unconfirmed_situation_says_so_and_claims_no_text():
    for situation in TABLE["situations"]:
        if situation["status"] == "待确认":
            assert "原文未读到" in situation["summary"], situation["ref"]


def test_every_item_citing_the_criteria_is_in_the_table():
    mapped = {ref for s in TABLE["situations"] for ref in s["items"]}
    citing = {ref for ref, item in shipped_items().items() if CRITERIA in item["basis"]}
    assert citing, "no item cites the criteria"
    assert citing <= mapped, sorted(citing - mapped)


def test_every_major_item_is_in_the_table_or_says_why_not():
    """A major hazard is major under the criteria: an item that can raise one and is in no
    situation of the table would claim a situation the table does not have."""
    mapped = {ref for s in TABLE["situations"] for ref in s["items"]}
    unmapped = {ref for ref, item in shipped_items().items() if can_be_major(item)} - mapped
    assert unmapped == set()
