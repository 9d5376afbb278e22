"""Who orders what: hazards found by another department's officers are ordered in that
department's name (one notice per department, its own numbers) or referred to it by a
referral letter (移送函), never ordered in the bureau's name; fixed-on-site findings are
in the record only; a re-inspection issues its opinion (整改复查意见书)."""

from __future__ import annotations

import io
import uuid
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from tests.helpers import answers_for, assert_envelope, draft_body, evidence_photo_id

API = "/api/v1"
FIRE_ISSUER = {"fire": {"authority": "上海市松江区消防救援支队", "prefix": "沪松消"}}


def pdf_text(data: bytes) -> str:
    """The pages' text, lines joined (a table cell breaks its words over lines)."""
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


def submit(client, headers, institution_id, fail=(), fixed=(), **extra) -> str:
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    body = {**draft_body(institution_id), **extra}
    assert client.put(url, json=body, headers=headers).status_code == 201
    answers = answers_for(institution_id, fail=set(fail) | set(fixed))
    for answer in answers:
        if answer["item_code"] in fixed:
            answer.update(fixed_on_site=True, photo_ids=[evidence_photo_id()])
    assert client.put(f"{url}/answers", json=answers, headers=headers).status_code == 200
    submitted = client.post(f"{url}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.json
    return inspection_id


def documents(client, headers, inspection_id) -> list[dict]:
    return client.get(f"{API}/inspections/{inspection_id}", headers=headers).json["documents"]


def fetch(client, headers, document) -> str:
    response = client.get(document["url"], headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return pdf_text(response.data)


@pytest.fixture
def civil_h(make_user, token_for):
    """A civil affairs inspector: the bureau orders what its officers find."""
    return token_for(make_user("inspector", department="civil_affairs"))


def test_fixed_on_site_findings_are_in_the_record_only(client, civil_h, institution):
    inspector_h = civil_h
    inspection_id = submit(client, inspector_h, institution.id, fixed=("F-02",))
    assert [d["kind"] for d in documents(client, inspector_h, inspection_id)] == ["record"]
    assert_envelope(
        client.get(f"{API}/inspections/{inspection_id}/notice.pdf", headers=inspector_h), 404
    )
    # Beside a finding to rectify, the notice orders that one only.
    both = submit(client, inspector_h, institution.id, fail=("F-03",), fixed=("F-04",))
    (notice,) = [d for d in documents(client, inspector_h, both) if d["kind"] == "notice"]
    text = fetch(client, inspector_h, notice)
    assert "F-03" in text and "F-04" not in text


def test_another_departments_findings_are_referred_not_ordered_by_the_bureau(
    client, make_user, token_for, institution
):
    fire = make_user("inspector", department="fire", display_name="消防员甲")
    headers = token_for(fire)
    inspection_id = submit(client, headers, institution.id, fail=("F-02",))
    listed = documents(client, headers, inspection_id)
    assert {d["kind"] for d in listed} == {"record", "referral"}
    (referral,) = [d for d in listed if d["kind"] == "referral"]
    year = datetime.now().year
    assert referral["number"] == f"沪松民养移〔{year}〕1号"
    assert referral["issuer"] == "civil_affairs" and referral["subject"] == "fire"
    text = fetch(client, headers, referral)
    assert "移送函" in text and "消防" in text and "F-02" in text
    assert "上海市松江区民政局" in text
    assert_envelope(
        client.get(f"{API}/inspections/{inspection_id}/notice.pdf", headers=headers), 404
    )


def test_a_department_that_issues_orders_in_its_own_name(
    app, client, make_user, token_for, institution, civil_h
):
    inspector_h = civil_h
    app.config["DOCUMENT_ISSUERS"] = FIRE_ISSUER
    fire = make_user("inspector", department="fire", display_name="消防员乙")
    headers = token_for(fire)
    inspection_id = submit(client, headers, institution.id, fail=("F-02",))
    (notice,) = [d for d in documents(client, headers, inspection_id) if d["kind"] == "notice"]
    year = datetime.now().year
    assert notice["number"] == f"沪松消养改〔{year}〕1号" and notice["issuer"] == "fire"
    text = fetch(client, headers, notice)
    assert "上海市松江区消防救援支队" in text and "民政局" not in text
    # The bureau's own notices keep their own series.
    ours = submit(client, inspector_h, institution.id, fail=("F-03",))
    (bureau_notice,) = [d for d in documents(client, inspector_h, ours) if d["kind"] == "notice"]
    assert bureau_notice["number"] == f"沪松民养改〔{year}〕1号"
    assert "上海市松江区民政局" in fetch(client, inspector_h, bureau_notice)


def test_a_re_inspection_issues_its_opinion(
    client, inspector, inspector_h, institution, make_photo
):
    from tests.helpers import submit_with_failures

    (hazard_id,) = submit_with_failures(client, inspector_h, institution.id, ["F-02"])
    url = f"{API}/inspections/{uuid.uuid4()}"
    body = {
        **draft_body(institution.id, checklists=(), kind="follow_up"),
        "rechecks": [
            {
                "hazard_id": hazard_id,
                "result": "not_rectified",
                "note": "闭门器仍未更换",
                "photo_ids": [make_photo(inspector, color=(5, 6, 7))],
            }
        ],
    }
    assert client.put(url, json=body, headers=inspector_h).status_code == 201
    assert client.post(f"{url}/submit", headers=inspector_h).status_code == 200
    listed = documents(client, inspector_h, url.rsplit("/", 1)[1])
    assert [d["kind"] for d in listed] == ["opinion", "record"]
    (opinion,) = [d for d in listed if d["kind"] == "opinion"]
    assert opinion["number"] == f"沪松民养复〔{datetime.now().year}〕1号"
    text = fetch(client, inspector_h, opinion)
    for expected in ("整改复查意见书", "F-02", "未整改", "闭门器仍未更换", "上海市松江区民政局"):
        assert expected in text, expected


def test_a_proposed_major_says_so_and_the_bureaus_decision_is_a_change_notice(
    client, civil_h, bureau_h, institution
):
    inspection_id = submit(client, civil_h, institution.id, fail=("F-11",))
    (notice,) = [d for d in documents(client, civil_h, inspection_id) if d["kind"] == "notice"]
    assert "拟判重大事故隐患" in fetch(client, civil_h, notice)
    (hazard_id,) = client.get(f"{API}/inspections/{inspection_id}", headers=civil_h).json[
        "hazard_ids"
    ]
    decided = client.post(
        f"{API}/hazards/{hazard_id}/reclassify",
        json={"severity": "general", "reason": "现场为临时停放，未充电"},
        headers=bureau_h,
    )
    assert decided.status_code == 200, decided.json
    (change,) = client.get(f"{API}/hazards/{hazard_id}/documents", headers=bureau_h).json
    assert change["kind"] == "change"
    assert change["number"] == f"沪松民养变〔{datetime.now().year}〕1号"
    text = fetch(
        client, bureau_h, {"url": f"{API}/hazards/{hazard_id}/documents/{change['id']}.pdf"}
    )
    for expected in ("隐患等级变更通知书", "拟判重大事故隐患", "一般事故隐患", notice["number"]):
        assert expected in text, expected
    # Deciding again what is decided already issues nothing more.
    again = client.post(
        f"{API}/hazards/{hazard_id}/reclassify",
        json={"severity": "general", "reason": "现场为临时停放，未充电"},
        headers=bureau_h,
    )
    assert again.status_code == 200
    assert len(client.get(f"{API}/hazards/{hazard_id}/documents", headers=bureau_h).json) == 1


def test_a_repeat_finding_past_its_deadline_says_so_and_sets_a_new_one(
    client, civil_h, bureau_h, institution
):
    import time_machine

    first = submit(client, civil_h, institution.id, fail=("F-03",))
    (hazard_id,) = client.get(f"{API}/inspections/{first}", headers=civil_h).json["hazard_ids"]
    before = client.get(f"{API}/hazards/{hazard_id}", headers=bureau_h).json
    missed = datetime.fromisoformat(before["due_at"])
    with time_machine.travel(missed.replace(microsecond=0) + timedelta(days=10), tick=False):
        again = submit(client, civil_h, institution.id, fail=("F-03",))
        after = client.get(f"{API}/hazards/{hazard_id}", headers=bureau_h).json
        assert datetime.fromisoformat(after["due_at"]) > missed + timedelta(days=10)
        (event,) = [e for e in after["events"] if e["type"] == "found_again"]
        assert event["data"]["overdue"] is True
        (notice,) = [d for d in documents(client, civil_h, again) if d["kind"] == "notice"]
        text = fetch(client, civil_h, notice)
    assert "逾期未整改" in text and "重新限期整改" in text
    # The audit still holds the row to its events.
    verified = client.get(f"{API}/audit/verify", headers=bureau_h)
    assert verified.status_code == 200 and verified.json["ok"] is True, verified.json
