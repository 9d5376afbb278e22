"""History that stays (issue 18, point 1): a finished month's figures are the record as it
stood at its end. October is reported; then, in November, an extension is granted, a
hazard reclassified, another voided, an institution moved to another street and one
closed: October's figures (the board, district-wide and per street, and the report's
figures) do not change. Also the rates of point 2 on the same month."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import time_machine

from inspect_app.reports.monthly_figures import month_figures
from tests.test_reports import API, at, make_report, october, travel  # noqa: F401

STREETS = (None, "泗泾镇", "岳阳街道", "佘山镇")


def october_now(client, bureau) -> dict:
    """Every figure of October as the API and the report's service give them today."""
    seen = {}
    with travel("2026-12-05T09:00:00"):
        for street in STREETS:
            query = "?month=2026-10" + (f"&street={street}" if street else "")
            board = client.get(f"{API}/clearance{query}", headers=bureau)
            assert board.status_code == 200, board.json
            body = board.json
            body.pop("as_of")
            seen[("board", street)] = body
            figures = asdict(month_figures("2026-10", street))
            seen[("report", street)] = figures
    return seen


def test_later_changes_never_rewrite_a_finished_month(client, october):  # noqa: F811
    bureau, inspector, manager_a = october["bureau"], october["inspector"], october["manager"]
    a, _ = october["institutions"]
    ids, found = october["ids"], october["found"]

    def post(path: str, body: dict, headers: dict) -> dict:
        response = client.post(f"{API}/{path}", json=body, headers=headers)
        assert response.status_code in (200, 201), response.json
        return response.json

    # A hazard of A due on October 22, for which A applied for more time on the 18th:
    # overdue at October's end (nothing decided yet).
    with travel("2026-10-06T10:00:00"):
        late = found(a.id, "fire", "general", "疏散指示标志损坏")
    with travel("2026-10-18T10:00:00"):
        post(
            f"hazards/{late}/extension-application",
            {"due_at": "2026-11-30T00:00:00+08:00", "reason": "需定制标志"},
            manager_a,
        )
    with travel("2026-11-01T09:00:00"):
        assert make_report(client, bureau).status_code == 201
    before = october_now(client, bureau)
    assert before[("board", None)]["totals"]["overdue"] == 3  # sep_general, sep_major, late

    with travel("2026-11-10T10:00:00"):
        # The extension granted (by the fire department that issued the notice).
        post(
            f"hazards/{late}/extension-decision", {"decision": "grant", "reason": "同意"}, inspector
        )
        # A reclassification: October's open major becomes general.
        post(
            f"hazards/{ids['oct_major']}/reclassify",
            {"severity": "general", "reason": "复核后改定一般"},
            bureau,
        )
        # A void, proposed by one bureau officer and approved by another.
        post(f"hazards/{ids['sep_general']}/void", {"reason": "误登记"}, bureau)
    with travel("2026-11-10T11:00:00"):
        other = client.post(
            f"{API}/hazards/{ids['sep_general']}/void-decision",
            json={"decision": "approve", "note": "核实属误登记"},
            headers=october["second_bureau"],
        )
        assert other.status_code == 200, other.json
        # A moves to 佘山镇 (its live hazards follow); C closes.
        moved = client.patch(
            f"{API}/institutions/{a.id}", json={"street": "佘山镇"}, headers=bureau
        )
        assert moved.status_code == 200, moved.json
        closed = client.patch(
            f"{API}/institutions/{october['c'].id}", json={"status": "closed"}, headers=bureau
        )
        assert closed.status_code == 200, closed.json

    after = october_now(client, bureau)
    for key, value in before.items():
        assert after[key] == value, key
    # Today's figures did change: the record now says what it says.
    names = {row["name"] for row in before[("board", "泗泾镇")]["institutions"]}
    assert a.name in names
    with travel("2026-12-05T09:00:00"):
        today = client.get(f"{API}/clearance?street=泗泾镇", headers=bureau).json
        moved = client.get(f"{API}/clearance?street=佘山镇", headers=bureau).json
    assert a.name not in {row["name"] for row in today["institutions"]}
    assert a.name in {row["name"] for row in moved["institutions"]}
    # A, and C (closed in November, in operation earlier this year); not the suspended one.
    assert moved["totals"]["institutions_operating"] == 2


def test_the_rates_of_october(client, october):  # noqa: F811
    with travel("2026-12-05T09:00:00"):
        totals = client.get(f"{API}/clearance?month=2026-10", headers=october["bureau"]).json[
            "totals"
        ]
    # Deadlines passed by October's end: sep_general (Sep 17), sep_major (Oct 21),
    # oct_general (Oct 19), oct_food (Oct 21). oct_food was rectified on the 10th and
    # approved on the 12th: on time. oct_general's rectification (Oct 15) came after its
    # deadline and was approved only in November.
    assert (totals["rectified_on_time"], totals["due_this_year"]) == (1, 4)
    assert totals["on_time_rate"] == 0.25
    assert totals["fixed_on_site_this_month"] == 0
    assert "clearance_rate" not in totals


def test_proposed_majors_are_not_cleared_and_listed_past_the_limit(
    client, app, inspector_h, bureau_h, institution, manager_h
):
    found = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    with time_machine.travel(found, tick=False):
        made = client.post(
            f"{API}/hazards",
            json={
                "institution_id": institution.id,
                "category": "fire",
                "severity": "major",
                "title": "彩钢板芯材不明",
            },
            headers=inspector_h,
        )
        hazard_id = made.json["id"]
        proposed = client.post(
            f"{API}/hazards/{hazard_id}/reclassify",
            json={"severity": "major", "confirmed": False, "reason": "待核实芯材"},
            headers=bureau_h,
        )
        assert proposed.status_code == 200
    app.config["MAJOR_CONFIRMATION_DAYS"] = 7
    with time_machine.travel(found + timedelta(days=6), tick=False):
        assert client.get(f"{API}/hazards/confirmation-overdue", headers=bureau_h).json == []
        board = client.get(f"{API}/clearance", headers=bureau_h).json
        [row] = [r for r in board["institutions"] if r["id"] == institution.id]
        assert row["proposed_major"] == 1 and row["cleared"] is False  # not cleared
        assert board["totals"]["proposed_major_past_limit"] == 0
    with time_machine.travel(found + timedelta(days=8), tick=False):
        late = client.get(f"{API}/hazards/confirmation-overdue", headers=bureau_h)
        assert [h["id"] for h in late.json] == [hazard_id]
        assert (
            client.get(f"{API}/clearance", headers=bureau_h).json["totals"][
                "proposed_major_past_limit"
            ]
            == 1
        )
        assert (
            client.get(f"{API}/hazards/confirmation-overdue", headers=manager_h).status_code == 403
        )
        client.post(
            f"{API}/hazards/{hazard_id}/reclassify",
            json={"severity": "general", "reason": "核实为B1级，改定一般"},
            headers=bureau_h,
        )
        assert client.get(f"{API}/hazards/confirmation-overdue", headers=bureau_h).json == []
