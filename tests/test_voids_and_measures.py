"""Two-officer voids with a correction notice (issue 18, point 4) and the bureau's measures
as events (point 5), each counted in the monthly report."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from inspect_app.reports.monthly_figures import month_figures
from tests.test_reports import API, fetch_pdf, make_report, october, travel  # noqa: F401


def flat(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_a_void_needs_a_second_officer_and_serves_a_correction_notice(
    client,
    october,  # noqa: F811
):
    bureau, second, inspector = october["bureau"], october["second_bureau"], october["inspector"]
    manager_b = october["manager_b"]
    hazard_id = october["ids"]["sep_general"]
    url = f"{API}/hazards/{hazard_id}"
    with travel("2026-10-25T10:00:00"):
        # Inspectors and managers may not propose; a decision needs a proposal.
        assert (
            client.post(f"{url}/void", json={"reason": "x"}, headers=inspector).status_code == 403
        )
        assert (
            client.post(f"{url}/void", json={"reason": "x"}, headers=manager_b).status_code == 403
        )
        nothing = client.post(
            f"{url}/void-decision", json={"decision": "approve", "note": "x"}, headers=second
        )
        assert nothing.status_code == 409
        proposed = client.post(f"{url}/void", json={"reason": "误登记：记录已补齐"}, headers=bureau)
        assert proposed.status_code == 200 and proposed.json["status"] == "rectifying"
        assert proposed.json["void_proposed_by_id"] is not None
        # The proposer may not approve their own proposal.
        own = client.post(
            f"{url}/void-decision", json={"decision": "approve", "note": "同意"}, headers=bureau
        )
        assert own.status_code == 403
        declined = client.post(
            f"{url}/void-decision", json={"decision": "decline", "note": "证据不足"}, headers=second
        )
        assert declined.status_code == 200 and declined.json["status"] == "rectifying"
        assert declined.json["void_proposed_by_id"] is None
        assert client.get(f"{url}/documents", headers=bureau).json == []  # nothing served
    with travel("2026-10-26T10:00:00"):
        client.post(f"{url}/void", json={"reason": "误登记：记录已补齐"}, headers=bureau)
        approved = client.post(
            f"{url}/void-decision",
            json={"decision": "approve", "note": "核实属误登记"},
            headers=second,
        )
    assert approved.status_code == 200 and approved.json["status"] == "voided"
    types = [e["type"] for e in approved.json["events"]][-4:]
    assert types == ["void_proposed", "void_declined", "void_proposed", "voided"]
    # The institution is served a numbered correction notice and told.
    [notice] = client.get(f"{url}/documents", headers=manager_b).json
    assert notice["kind"] == "correct" and "更" in notice["number"]
    pdf = client.get(f"{url}/documents/{notice['id']}.pdf", headers=manager_b)
    text = flat(pdf.data)
    assert "撤销隐患更正通知书" in text and "核实属误登记" in text and notice["number"] in text
    told = [n["kind"] for n in client.get(f"{API}/me/notifications", headers=manager_b).json]
    assert "voided" in told
    # The monthly report lists it with the reasons and the notice's number.
    with travel("2026-12-05T09:00:00"):
        f = month_figures("2026-10")
    [line] = f.voided_list
    assert "记录已补齐" in line.reason and "核实属误登记" in line.reason
    assert line.correction_number == notice["number"]
    made = make_report(client, bureau)
    report = flat(fetch_pdf(client, bureau, made.json["url"]))
    section = report.split("十、本月撤销（作废）的隐患")[1].split("附：指标定义")[0]
    assert "核实属误登记" in section, section
    assert client.get(f"{API}/audit/verify", headers=bureau).json["ok"] is True


def test_measures_are_events_counted_in_the_month(client, october):  # noqa: F811
    bureau, inspector, manager = october["bureau"], october["inspector"], october["manager"]
    a, _ = october["institutions"]
    major = october["ids"]["sep_major"]
    with travel("2026-10-22T10:00:00"):
        body = {"kind": "supervised", "note": "逾期未整改，挂牌督办"}
        refused = client.post(f"{API}/hazards/{major}/measures", json=body, headers=inspector)
        assert refused.status_code == 403
        bad = client.post(
            f"{API}/hazards/{major}/measures", json={"kind": "fined", "note": "x"}, headers=bureau
        )
        assert bad.status_code == 422
        taken = client.post(f"{API}/hazards/{major}/measures", json=body, headers=bureau)
        assert taken.status_code == 201, taken.json
        again = client.post(f"{API}/hazards/{major}/measures", json=body, headers=bureau)
        assert again.status_code == 200 and again.json["id"] == taken.json["id"]
        summoned = client.post(
            f"{API}/institutions/{a.id}/measures",
            json={"kind": "interviewed", "note": "约谈院长"},
            headers=bureau,
        )
        assert summoned.status_code == 201
    listed = client.get(f"{API}/institutions/{a.id}/measures", headers=manager)
    assert [m["kind"] for m in listed.json] == ["interviewed", "supervised"]
    events = client.get(f"{API}/hazards/{major}", headers=bureau).json["events"]
    assert events[-1]["type"] == "measure_taken" and events[-1]["data"] == {"kind": "supervised"}
    with travel("2026-12-05T09:00:00"):
        f = month_figures("2026-10")
        november = month_figures("2026-11")
    counts = {label: (month, year) for label, month, year in f.measures}
    assert counts["挂牌督办"] == (1, 1) and counts["约谈"] == (1, 1) and counts["立案"] == (0, 0)
    assert {label: m for label, m, _ in november.measures}["挂牌督办"] == 0
    [line] = [h for h in f.open_major_list if "喷水" in h.item]
    assert line.supervision == "挂牌督办"
    made = make_report(client, bureau)
    report = flat(fetch_pdf(client, bureau, made.json["url"]))
    assert "九、监管措施" in report
    assert "挂牌督办" in report.split("五、月末未整改的重大事故隐患")[1].split("六、")[0]
    assert client.get(f"{API}/audit/verify", headers=bureau).json["ok"] is True
