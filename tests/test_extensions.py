"""Extensions as the bureau works (issue 18, point 1): the institution applies before the
deadline, the department that issued the notice (or the bureau) grants or refuses, each
decision is a numbered document (同意/不同意延期), the original deadline is kept."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import time_machine
from pypdf import PdfReader

from inspect_app.jobs.lock import run_job
from tests.helpers import submit_with_failures

API = "/api/v1"
GENERAL = "F-02"


def url(hazard_id: str, action: str = "") -> str:
    return f"{API}/hazards/{hazard_id}" + (f"/{action}" if action else "")


def hazard(client, headers, hazard_id: str) -> dict:
    return client.get(url(hazard_id), headers=headers).json


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_apply_grant_and_refuse_with_their_documents(
    client, inspector, inspector_h, institution, manager_h, bureau_h, make_user, token_for
):
    [hazard_id] = submit_with_failures(client, inspector_h, institution.id, [GENERAL])
    due = datetime.fromisoformat(hazard(client, inspector_h, hazard_id)["due_at"])
    asked = (due + timedelta(days=20)).isoformat()
    application = {"due_at": asked, "reason": "需采购防火门，供货期长"}
    # Officials do not apply; the manager decides nothing; no decision without an application.
    assert (
        client.post(
            url(hazard_id, "extension-application"), json=application, headers=inspector_h
        ).status_code
        == 403
    )
    grant = {"decision": "grant", "reason": "理由充分"}
    none_yet = client.post(url(hazard_id, "extension-decision"), json=grant, headers=inspector_h)
    assert none_yet.status_code == 409
    earlier = {"due_at": due.isoformat(), "reason": "x"}
    assert (
        client.post(
            url(hazard_id, "extension-application"), json=earlier, headers=manager_h
        ).status_code
        == 422
    )
    applied = client.post(
        url(hazard_id, "extension-application"), json=application, headers=manager_h
    )
    assert applied.status_code == 200, applied.json
    assert applied.json["extension_requested_at"] and applied.json["due_at"] == due.isoformat()
    again = client.post(
        url(hazard_id, "extension-application"), json=application, headers=manager_h
    )
    assert again.status_code == 200 and again.json["events"] == applied.json["events"]
    other = {**application, "reason": "另一申请"}
    assert (
        client.post(
            url(hazard_id, "extension-application"), json=other, headers=manager_h
        ).status_code
        == 409
    )
    assert (
        client.post(url(hazard_id, "extension-decision"), json=grant, headers=manager_h).status_code
        == 403
    )
    # Another department's inspector may not decide (the issuing department does).
    health_h = token_for(make_user("inspector", department="health"))
    assert (
        client.post(url(hazard_id, "extension-decision"), json=grant, headers=health_h).status_code
        == 403
    )
    # Decided after the deadline passed: lateness stays judged against the original one.
    with time_machine.travel(due + timedelta(hours=2), tick=False):
        assert run_job("record_overdue") == 1
        granted = client.post(url(hazard_id, "extension-decision"), json=grant, headers=inspector_h)
        assert granted.status_code == 200, granted.json
        retry = client.post(url(hazard_id, "extension-decision"), json=grant, headers=inspector_h)
        assert retry.status_code == 200 and retry.json["events"] == granted.json["events"]
    assert granted.json["due_at"] == datetime.fromisoformat(asked).astimezone(UTC).isoformat()
    assert granted.json["original_due_at"] == due.astimezone(UTC).isoformat()
    assert granted.json["extension_requested_at"] is None
    assert [e["type"] for e in granted.json["events"]] == [
        "found",
        "extension_requested",
        "overdue",
        "deadline_extended",
    ]
    # A second application, refused by the bureau.
    new_due = datetime.fromisoformat(granted.json["due_at"])
    client.post(
        url(hazard_id, "extension-application"),
        json={"due_at": (new_due + timedelta(days=5)).isoformat(), "reason": "再申请"},
        headers=manager_h,
    )
    refused = client.post(
        url(hazard_id, "extension-decision"),
        json={"decision": "refuse", "reason": "可先采取临时措施"},
        headers=bureau_h,
    )
    assert refused.status_code == 200 and refused.json["due_at"] == granted.json["due_at"]
    assert refused.json["events"][-1]["type"] == "extension_refused"
    # Two decisions, two numbered documents, each saying what was decided.
    documents = client.get(url(hazard_id, "documents"), headers=manager_h)
    assert documents.status_code == 200
    assert [d["kind"] for d in documents.json] == ["extend", "extend"]
    numbers = [d["number"] for d in documents.json]
    assert len(set(numbers)) == 2 and all("延" in n for n in numbers)
    texts = []
    for document in documents.json:
        pdf = client.get(url(hazard_id, f"documents/{document['id']}.pdf"), headers=manager_h)
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        again = client.get(url(hazard_id, f"documents/{document['id']}.pdf"), headers=manager_h)
        assert again.data == pdf.data
        texts.append(re.sub(r"\s+", "", pdf_text(pdf.data)))
    assert "同意延期整改决定书" in texts[0] and "不同意" not in texts[0]
    assert "不同意延期整改决定书" in texts[1] and "可先采取临时措施" in texts[1]
    assert institution.name in texts[0]
    told = [n["kind"] for n in client.get(f"{API}/me/notifications", headers=manager_h).json]
    assert "deadline_extended" in told and "extension_refused" in told
    assert client.get(f"{API}/audit/verify", headers=bureau_h).json["ok"] is True


def test_no_application_once_the_deadline_has_passed(client, inspector_h, institution, manager_h):
    [hazard_id] = submit_with_failures(client, inspector_h, institution.id, [GENERAL])
    due = datetime.fromisoformat(hazard(client, inspector_h, hazard_id)["due_at"])
    body = {"due_at": (due + timedelta(days=10)).isoformat(), "reason": "来不及"}
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        late = client.post(url(hazard_id, "extension-application"), json=body, headers=manager_h)
    assert late.status_code == 409 and "期限已过" in late.json["message"]
    assert hazard(client, inspector_h, hazard_id)["extension_requested_at"] is None


def test_another_institutions_manager_sees_nothing(
    client, inspector_h, institution, make_institution, make_user, token_for
):
    [hazard_id] = submit_with_failures(client, inspector_h, institution.id, [GENERAL])
    other_h = token_for(make_user("manager", institution_id=make_institution().id))
    body = {"due_at": "2098-12-31T00:00:00+08:00", "reason": "x"}
    assert (
        client.post(url(hazard_id, "extension-application"), json=body, headers=other_h).status_code
        == 404
    )
    assert client.get(url(hazard_id, "documents"), headers=other_h).status_code == 404
