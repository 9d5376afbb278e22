"""The hazard rules through the API: the officials' decisions (extend, reclassify, void,
refer) with their role × state matrix, review by the department that found a hazard, the
terms a finding takes from its item, choice or answer, fixed on site (当场整改), a repeat
finding of a hazard awaiting review, and the audit holding each status to its events."""

from __future__ import annotations

import copy
import io
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from pypdf import PdfReader
from sqlalchemy import select, text

from inspect_app.checklists import versions as checklist_versions
from inspect_app.checklists.items import finding_terms
from inspect_app.clock import deadline_after
from inspect_app.extensions import db
from inspect_app.hazards import lifecycle
from inspect_app.models import Hazard, HazardEvent, Notification
from tests.conftest import ON_POSTGRES
from tests.helpers import (
    answers_for,
    draft_body,
    evidence_photo_id,
    on_site_recheck,
    rendered_page,
)

API = "/api/v1"
GENERAL, MAJOR = "F-02", "F-13"
LATER = "2098-12-31T00:00:00+08:00"


def hazard_url(hazard_id: str, action: str = "") -> str:
    return f"{API}/hazards/{hazard_id}" + (f"/{action}" if action else "")


def record(client, headers, institution_id: int, severity: str = "general") -> str:
    """A hazard found outside any checklist (no item: any number may be live at once)."""
    response = client.post(
        f"{API}/hazards",
        json={
            "institution_id": institution_id,
            "category": "fire",
            "severity": severity,
            "title": "走廊堆放杂物",
        },
        headers=headers,
    )
    assert response.status_code == 201, response.json
    return response.json["id"]


def events_of(hazard_id: str) -> list[str]:
    return list(
        db.session.scalars(
            select(HazardEvent.type)
            .where(HazardEvent.hazard_id == uuid.UUID(hazard_id))
            .order_by(HazardEvent.seq)
        )
    )


def submit(client, headers, institution_id, fail, *, keys=("fire",), changes=None) -> dict:
    """Answer every applicable item (``fail`` fail), apply ``changes`` per item code to the
    answers, submit; the submit's response."""
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    created = client.put(url, json=draft_body(institution_id, keys), headers=headers)
    assert created.status_code == 201, created.json
    answers = answers_for(institution_id, keys, fail=set(fail))
    for answer in answers:
        answer.update((changes or {}).get(answer["item_code"], {}))
    saved = client.put(f"{url}/answers", json=answers, headers=headers)
    assert saved.status_code == 200, saved.json
    response = client.post(f"{url}/submit", headers=headers)
    return {"inspection_id": inspection_id, "response": response}


# -- who may take which decision in which state ----------------------------------------

# extension-decision: on the manager's pending application; void: the proposal (a second
# bureau officer decides, test_voids.py).
ACTIONS = ("extension-decision", "reclassify", "void", "refer")
ROLES = ("manager", "other_manager", "finder", "other_inspector", "bureau")
STATES = ("open", "rectifying", "pending_review", "cleared", "voided")
# Written from the contract (docs/api.md, "Hazards"), not from policy.ACTORS:
# "finder" is an inspector of the department that found the hazard.
MAY = {
    "extension-decision": {"general": {"bureau", "finder"}, "major": {"bureau"}},
    "reclassify": {"general": {"bureau"}, "major": {"bureau"}},
    "void": {"general": {"bureau"}, "major": {"bureau"}},
    "refer": {"general": {"bureau", "finder"}, "major": {"bureau", "finder"}},
}
LIVE = ("open", "rectifying", "pending_review")


def expected(action: str, role: str, severity: str, state: str) -> int:
    if role == "other_manager":
        return 404
    if role not in MAY[action][severity]:
        return 403
    return 200 if state in LIVE else 409


def body_for(action: str, severity: str, due_at: str) -> dict:
    later = (datetime.fromisoformat(due_at) + timedelta(days=10)).isoformat()
    return {
        "extension-decision": {"decision": "grant", "due_at": later, "reason": "同意延期"},
        "reclassify": {
            "severity": "general" if severity == "major" else "major",
            "reason": "改定等级",
        },
        "void": {"reason": "误登记（另一理由）"},  # unlike the setup's: never a retry
        "refer": {"department": "housing", "note": "移送住建部门"},
    }[action]


@pytest.mark.parametrize("severity", ["general", "major"])
@pytest.mark.parametrize("state", STATES)
def test_decision_matrix(
    client, severity, state, make_institution, make_user, token_for, make_photo
):
    institution = make_institution()
    manager = make_user("manager", institution_id=institution.id)
    headers = {
        "manager": token_for(manager),
        "other_manager": token_for(make_user("manager", institution_id=make_institution().id)),
        "finder": token_for(make_user("inspector", department="fire")),
        "other_inspector": token_for(make_user("inspector", department="health")),
        "bureau": token_for(make_user("bureau")),
        "bureau2": token_for(make_user("bureau")),
    }
    photo = make_photo(manager)
    path = {
        "open": [],
        "rectifying": [("manager", "acknowledge", {"plan": "本周整改"})],
        "pending_review": [
            ("manager", "rectification", {"description": "已整改", "photo_ids": [photo]})
        ],
        "cleared": [
            ("manager", "rectification", {"description": "已整改", "photo_ids": [photo]}),
            ("bureau", "review", {"decision": "approve", "note": "合格"}),
        ],
        "voided": [
            ("bureau", "void", {"reason": "误登记"}),
            ("bureau2", "void-decision", {"decision": "approve", "note": "同意"}),
        ],
    }[state]

    def fresh(action: str) -> str:
        hazard_id = record(client, headers["finder"], institution.id, severity)
        application = ("manager", "extension-application", {"due_at": LATER, "reason": "申请"})
        steps = [application] if action == "extension-decision" else []
        for actor, action, body in [*steps, *path]:
            if action == "review" and severity == "major":
                # A major hazard is approved on a re-inspection (复查) that found it rectified.
                body = {**body, "inspection_id": on_site_recheck(client, hazard_id)}
            done = client.post(hazard_url(hazard_id, action), json=body, headers=headers[actor])
            assert done.status_code == 200, done.json
        return hazard_id

    for action in ACTIONS:
        hazard_id = fresh(action)
        for role in ROLES:
            hazard = db.session.get(Hazard, uuid.UUID(hazard_id))
            db.session.refresh(hazard)
            seen = (hazard.status, hazard.event_count, hazard.row_version, hazard.due_at)
            body = body_for(action, severity, hazard.due_at.isoformat())
            response = client.post(hazard_url(hazard_id, action), json=body, headers=headers[role])
            want = expected(action, role, severity, state)
            assert response.status_code == want, (action, role, response.json)
            db.session.refresh(hazard)
            if want != 200:
                assert response.json["code"] == want
                assert (
                    hazard.status,
                    hazard.event_count,
                    hazard.row_version,
                    hazard.due_at,
                ) == seen
            else:
                assert hazard.event_count == seen[1] + 1
                assert hazard.row_version == seen[2] + 1
                assert response.json["status"] == hazard.status == state
                hazard_id = fresh(action)


def test_states_allowed_are_the_live_ones():
    for action in ("extend", "reclassify", "void", "refer"):
        assert lifecycle.TRANSITIONS[action].sources == LIVE


# -- reclassify ------------------------------------------------------------------------


def test_reclassify_proposes_and_confirms_a_major_hazard_keeping_the_deadline(
    client, inspector_h, bureau_h, institution
):
    hazard_id = record(client, inspector_h, institution.id)
    before = client.get(hazard_url(hazard_id), headers=bureau_h).json
    assert (before["severity"], before["severity_confirmed"]) == ("general", True)
    url = hazard_url(hazard_id, "reclassify")
    bad = client.post(
        url, json={"severity": "general", "confirmed": False, "reason": "x"}, headers=bureau_h
    )
    assert bad.status_code == 422 and "confirmed" in bad.json["errors"]
    proposed = client.post(
        url, json={"severity": "major", "confirmed": False, "reason": "拟判重大"}, headers=bureau_h
    ).json
    assert (proposed["severity"], proposed["severity_confirmed"]) == ("major", False)
    assert proposed["due_at"] == before["due_at"] and proposed["due_days"] == before["due_days"]
    assert proposed["events"][-1]["data"]["facts"] == {
        "severity": "major",
        "severity_confirmed": False,
    }
    confirmed = client.post(
        url, json={"severity": "major", "confirmed": True, "reason": "确认重大"}, headers=bureau_h
    ).json
    assert confirmed["severity_confirmed"] is True
    assert confirmed["events"][-1]["data"]["facts"] == {"severity_confirmed": True}
    # Nothing left to change (a retry among them): the same hazard, nothing written.
    same = client.post(
        url, json={"severity": "major", "confirmed": True, "reason": "确认重大"}, headers=bureau_h
    )
    assert same.status_code == 200 and same.json["events"] == confirmed["events"]
    # Now major: the finding department may no longer review or extend it.
    assert (
        client.post(
            hazard_url(hazard_id, "extension-decision"),
            json={"decision": "grant", "reason": "x"},
            headers=inspector_h,
        ).status_code
        == 403
    )
    assert client.get(f"{API}/audit/verify", headers=bureau_h).json["ok"] is True


# -- void ------------------------------------------------------------------------------


def test_void_keeps_the_hazard_frees_the_item_and_counts_nowhere(
    client, inspector_h, bureau_h, institution, make_user, token_for
):
    second_h = token_for(make_user("bureau"))
    [hazard_id] = submit(client, inspector_h, institution.id, [GENERAL])["response"].json[
        "hazard_ids"
    ]
    before = client.get(f"{API}/clearance", headers=bureau_h).json["totals"]["open_general"]
    proposed = client.post(
        hazard_url(hazard_id, "void"), json={"reason": "误登记：该防火门已停用"}, headers=bureau_h
    )
    assert proposed.status_code == 200, proposed.json
    body = {"decision": "approve", "note": "核实属误登记"}
    voided = client.post(hazard_url(hazard_id, "void-decision"), json=body, headers=second_h)
    assert voided.status_code == 200, voided.json
    assert voided.json["status"] == "voided" and voided.json["voided_at"]
    assert voided.json["overdue"] is False and voided.json["cleared_at"] is None
    again = client.post(hazard_url(hazard_id, "void-decision"), json=body, headers=second_h)
    assert again.status_code == 200 and again.json["events"] == voided.json["events"]
    other = client.post(hazard_url(hazard_id, "void"), json={"reason": "再次"}, headers=bureau_h)
    assert other.status_code == 409
    after = client.get(f"{API}/clearance", headers=bureau_h).json["totals"]["open_general"]
    assert after == before - 1
    # The item is free: finding it again raises a new hazard, not a repeat of the void one.
    [new_id] = submit(client, inspector_h, institution.id, [GENERAL])["response"].json["hazard_ids"]
    assert new_id != hazard_id
    assert events_of(hazard_id) == ["found", "void_proposed", "voided"]
    assert client.get(hazard_url(hazard_id), headers=bureau_h).status_code == 200
    assert client.get(f"{API}/audit/verify", headers=bureau_h).json["ok"] is True


# -- refer -----------------------------------------------------------------------------


def test_refer_keeps_the_status_and_tells_the_receiving_department(
    client, inspector_h, bureau_h, institution, make_user
):
    market = make_user("inspector", department="market_regulation")
    fire_colleague = make_user("inspector", department="fire")
    hazard_id = record(client, inspector_h, institution.id)
    url = hazard_url(hazard_id, "refer")
    own = client.post(url, json={"department": "fire", "note": "x"}, headers=inspector_h)
    assert own.status_code == 422 and "department" in own.json["errors"]
    unknown = client.post(url, json={"department": "police", "note": "x"}, headers=inspector_h)
    assert unknown.status_code == 422
    body = {"department": "market_regulation", "note": "食品原料来源不明，移送市场监管"}
    referred = client.post(url, json=body, headers=inspector_h)
    assert referred.status_code == 200, referred.json
    assert referred.json["referred_to"] == "market_regulation" and referred.json["status"] == "open"
    assert referred.json["department"] == "fire"
    again = client.post(url, json=body, headers=inspector_h)
    assert again.status_code == 200 and again.json["events"] == referred.json["events"]
    assert events_of(hazard_id) == ["found", "referred"]
    told = set(
        db.session.scalars(select(Notification.user_id).where(Notification.kind == "referred"))
    )
    assert told == {market.id}
    assert fire_colleague.id not in told


def test_a_referral_is_sent_with_a_numbered_letter_to_the_receiving_department(
    client, inspector_h, manager_h, institution, tmp_path
):
    hazard_id = record(client, inspector_h, institution.id)
    url = hazard_url(hazard_id, "refer")
    body = {"department": "market_regulation", "note": "食品原料来源不明，移送市场监管"}
    assert client.post(url, json=body, headers=inspector_h).status_code == 200
    assert client.post(url, json=body, headers=inspector_h).status_code == 200  # a retry
    [letter] = client.get(hazard_url(hazard_id, "documents"), headers=inspector_h).json
    assert letter["kind"] == "refer"
    assert re.fullmatch(r".+移〔20\d\d〕1号", letter["number"]), letter["number"]
    pdf = client.get(hazard_url(hazard_id, f"documents/{letter['id']}.pdf"), headers=manager_h)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    )
    for expected in (
        "隐患移送函",
        letter["number"],
        "市场监管部门：",
        institution.name,
        "一般事故隐患",
        "现依法移送（抄告）贵部门",
        "食品原料来源不明，移送市场监管",
    ):
        assert expected in text, expected
    page = rendered_page(pdf.data, 1, tmp_path)
    assert page.getextrema()[0] < 100  # ink on the page, not a blank one
    again = client.get(hazard_url(hazard_id, f"documents/{letter['id']}.pdf"), headers=manager_h)
    assert again.data == pdf.data  # served as stored


# -- review by the department that found it --------------------------------------------


def test_general_hazards_are_reviewed_by_their_department_or_the_bureau(
    client,
    inspector_h,
    bureau_h,
    manager,
    manager_h,
    institution,
    make_user,
    token_for,
    make_photo,
):
    health_h = token_for(make_user("inspector", department="health"))
    fire_h = token_for(make_user("inspector", department="fire"))
    civil_h = token_for(make_user("inspector", department="civil_affairs"))
    photo = make_photo(manager)
    by_fire = record(client, inspector_h, institution.id)
    by_bureau = record(client, bureau_h, institution.id)
    assert client.get(hazard_url(by_fire), headers=bureau_h).json["department"] == "fire"
    assert client.get(hazard_url(by_bureau), headers=bureau_h).json["department"] == "civil_affairs"
    for hazard_id in (by_fire, by_bureau):
        done = client.post(
            hazard_url(hazard_id, "rectification"),
            json={"description": "已整改", "photo_ids": [photo]},
            headers=manager_h,
        )
        assert done.status_code == 200

    def tasks(headers) -> set[str]:
        return {h["id"] for h in client.get(f"{API}/me/tasks", headers=headers).json["hazards"]}

    assert tasks(fire_h) == {by_fire}
    assert tasks(civil_h) == {by_bureau}
    assert tasks(health_h) == set()
    approve = {"decision": "approve", "note": "合格"}
    refused = client.post(hazard_url(by_fire, "review"), json=approve, headers=health_h)
    assert refused.status_code == 403 and "fire" in refused.json["message"]
    assert (
        client.post(hazard_url(by_bureau, "review"), json=approve, headers=fire_h).status_code
        == 403
    )
    assert (
        client.post(hazard_url(by_fire, "review"), json=approve, headers=fire_h).status_code == 200
    )
    assert (
        client.post(hazard_url(by_bureau, "review"), json=approve, headers=civil_h).status_code
        == 200
    )


# -- terms of a finding: severity, confirmation, days ----------------------------------


def test_finding_terms_take_the_failed_choice_over_the_item():
    item = {
        "code": "S-13",
        "answer_type": "choice",
        "severity": "general",
        "choices": [
            {"value": "met"},
            {"value": "short", "passes": False},
            {"value": "none", "passes": False, "severity": "major", "severity_confirmed": False},
            {"value": "late", "passes": False, "due_days": 3},
        ],
    }
    assert finding_terms(item, "short") == {
        "severity": "general",
        "severity_confirmed": True,
        "due_days": None,
    }
    assert finding_terms(item, "none") == {
        "severity": "major",
        "severity_confirmed": False,
        "due_days": None,
    }
    assert finding_terms(item, "late")["due_days"] == 3
    assert finding_terms({**item, "due_days": 10}, "short")["due_days"] == 10
    assert finding_terms({**item, "due_days": 10}, "late")["due_days"] == 3
    assert finding_terms(item, None)["severity"] == "general"
    yes_no = {"code": "F-13", "answer_type": "yes_no", "severity": "major", "due_days": 20}
    assert finding_terms({**yes_no, "severity_confirmed": False}, False) == {
        "severity": "major",
        "severity_confirmed": False,
        "due_days": 20,
    }


@pytest.fixture
def terms_in_checklists(monkeypatch, app):
    """A new version of the service checklist whose S-13 choices and S-01 carry terms of
    their own (published past the file schema, which does not know them yet here)."""
    monkeypatch.setattr(checklist_versions, "find_faults", lambda document: {})
    document = copy.deepcopy(checklist_versions.get_latest("service").content)
    for section in document["sections"]:
        for item in section["items"]:
            if item["code"] == "S-13":
                for choice in item["choices"]:
                    if choice["value"] == "both_short":
                        choice.update(severity="major", severity_confirmed=False)
                    if choice["value"] == "ratio_short":
                        choice["due_days"] = 5
            if item["code"] == "S-01":
                item["due_days"] = 7
    checklist_versions.publish(document)
    db.session.commit()


def test_submit_takes_terms_from_the_item_the_choice_and_the_answer(
    app, client, inspector_h, institution, terms_in_checklists
):
    found = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)
    with time_machine.travel(found, tick=False):
        first = submit(
            client,
            inspector_h,
            institution.id,
            ["S-13", "S-01", "S-02"],
            keys=("service",),
            changes={"S-13": {"value": "both_short"}, "S-02": {"due_days": 3}},
        )
    assert first["response"].status_code == 200, first["response"].json
    hazards = {
        h.item_code: h
        for h in db.session.scalars(
            select(Hazard).where(Hazard.inspection_id == uuid.UUID(first["inspection_id"]))
        )
    }
    s13, s01, s02 = hazards["S-13"], hazards["S-01"], hazards["S-02"]
    assert (s13.severity, s13.severity_confirmed, s13.due_days) == ("major", False, 30)
    assert (s01.severity, s01.due_days) == ("general", 7)
    assert s01.due_at == deadline_after(found, 7)
    assert (s02.due_days, s02.due_at) == (3, deadline_after(found, 3))
    assert {h.department for h in hazards.values()} == {"fire"}
    shown = client.get(hazard_url(str(s13.id)), headers=inspector_h).json
    assert shown["severity_confirmed"] is False and shown["due_days"] == 30
    assert shown["events"][0]["data"]["facts"]["due_days"] == 30
    answers = client.get(f"{API}/inspections/{first['inspection_id']}", headers=inspector_h).json[
        "answers"
    ]
    s02_answer = next(a for a in answers if a["item_code"] == "S-02")
    assert (s02_answer["due_days"], s02_answer["fixed_on_site"]) == (3, False)


def test_answer_due_days_are_bounded(app, client, inspector_h, institution):
    app.config["HAZARD_DUE_DAYS_MAX"] = 60
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    client.put(url, json=draft_body(institution.id), headers=inspector_h)
    photo = evidence_photo_id()

    def save(code, result, **extra):
        answer = {"checklist": "fire", "item_code": code, "result": result, "value": None}
        answer.update({"photo_ids": [photo]} if result == "fail" else {"value": True})
        return client.put(f"{url}/answers", json=[{**answer, **extra}], headers=inspector_h)

    assert save(GENERAL, "fail", due_days=60).status_code == 200
    assert save(GENERAL, "fail", due_days=61).status_code == 422
    assert save(MAJOR, "fail", due_days=30).status_code == 200  # the major default
    too_long = save(MAJOR, "fail", due_days=31)
    assert too_long.status_code == 422 and f"fire:{MAJOR}" in next(iter(too_long.json["errors"]))
    assert save(GENERAL, "fail", due_days=-1).status_code == 422
    assert save(GENERAL, "pass", due_days=3).status_code == 422
    assert save(GENERAL, "pass", fixed_on_site=True).status_code == 422


# -- fixed on site ---------------------------------------------------------------------


def test_fixed_on_site_is_raised_and_cleared_at_once(client, inspector_h, bureau_h, institution):
    photo = evidence_photo_id()
    found = datetime(2026, 11, 3, 3, 0, tzinfo=UTC)
    with time_machine.travel(found, tick=False):
        done = submit(
            client,
            inspector_h,
            institution.id,
            [GENERAL],
            changes={GENERAL: {"fixed_on_site": True, "photo_ids": [photo]}},
        )
    [hazard_id] = done["response"].json["hazard_ids"]
    hazard = client.get(hazard_url(hazard_id), headers=bureau_h).json
    assert hazard["status"] == "cleared" and hazard["fixed_on_site"] is True
    assert datetime.fromisoformat(hazard["cleared_at"]) == found
    assert datetime.fromisoformat(hazard["found_at"]) == found
    assert [e["type"] for e in hazard["events"]] == ["found", "fixed_on_site"]
    assert hazard["events"][0]["data"]["facts"]["fixed_on_site"] is True
    answers = client.get(f"{API}/inspections/{done['inspection_id']}", headers=bureau_h).json
    mine = next(a for a in answers["answers"] if a["item_code"] == GENERAL)
    assert mine["fixed_on_site"] is True
    assert client.get(f"{API}/audit/verify", headers=bureau_h).json["ok"] is True
    # The item is free again: the next failure raises a new hazard.
    [again] = submit(client, inspector_h, institution.id, [GENERAL])["response"].json["hazard_ids"]
    assert again != hazard_id


def test_a_major_fixed_on_site_before_both_officers_is_still_a_major_found(
    client, inspector_h, bureau_h, institution
):
    """A major hazard may be put right during the visit: the submit needs two certified
    officers on the team, who witness it; it is recorded, and counted, as a major found."""
    photo = evidence_photo_id()
    done = submit(
        client,
        inspector_h,
        institution.id,
        [MAJOR],
        changes={MAJOR: {"fixed_on_site": True, "photo_ids": [photo]}},
    )
    assert done["response"].status_code == 200
    [hazard_id] = done["response"].json["hazard_ids"]
    hazard = client.get(hazard_url(hazard_id), headers=bureau_h).json
    assert (hazard["severity"], hazard["status"], hazard["fixed_on_site"]) == (
        "major",
        "cleared",
        True,
    )
    assert [e["type"] for e in hazard["events"]] == ["found", "fixed_on_site"]
    listed = client.get(f"{API}/hazards?severity=major", headers=bureau_h).json
    assert hazard_id in {h["id"] for h in listed}


def test_fixed_on_site_needs_a_photo(client, inspector_h, institution):
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    client.put(url, json=draft_body(institution.id), headers=inspector_h)
    no_photo = client.put(
        f"{url}/answers",
        json=[{"checklist": "fire", "item_code": "F-03", "result": "fail", "fixed_on_site": True}],
        headers=inspector_h,
    )
    assert no_photo.status_code == 422
    assert db.session.scalar(select(Hazard.id).limit(1)) is None


def test_submit_refuses_terms_that_no_longer_hold(app, client, inspector_h, institution):
    """An answer saved under a larger HAZARD_DUE_DAYS_MAX: the submit names the item."""
    app.config["HAZARD_DUE_DAYS_MAX"] = 90
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    client.put(url, json=draft_body(institution.id), headers=inspector_h)
    answers = answers_for(institution.id, fail={GENERAL})
    for answer in answers:
        if answer["item_code"] == GENERAL:
            answer["due_days"] = 80
    assert client.put(f"{url}/answers", json=answers, headers=inspector_h).status_code == 200
    app.config["HAZARD_DUE_DAYS_MAX"] = 60
    refused = client.post(f"{url}/submit", headers=inspector_h)
    assert refused.status_code == 422 and f"fire:{GENERAL}" in refused.json["errors"]
    assert db.session.scalar(select(Hazard.id).limit(1)) is None


# -- found again while awaiting review -------------------------------------------------


def test_found_again_sends_a_hazard_awaiting_review_back(
    client, inspector_h, bureau_h, manager, manager_h, institution, make_photo
):
    [hazard_id] = submit(client, inspector_h, institution.id, [GENERAL])["response"].json[
        "hazard_ids"
    ]
    photo = make_photo(manager)
    client.post(
        hazard_url(hazard_id, "rectification"),
        json={"description": "已整改", "photo_ids": [photo]},
        headers=manager_h,
    )
    [same] = submit(client, inspector_h, institution.id, [GENERAL])["response"].json["hazard_ids"]
    assert same == hazard_id
    hazard = client.get(hazard_url(hazard_id), headers=bureau_h).json
    assert hazard["status"] == "rectifying"
    last = hazard["events"][-1]
    assert last["type"] == "found_again" and "再次发现" in last["note"]
    assert last["data"]["status"] == "rectifying"
    assert client.get(f"{API}/audit/verify", headers=bureau_h).json["ok"] is True


# -- the audit holds the status to the events ------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE hazards SET status = 'cleared', cleared_at = found_at",
        "UPDATE hazards SET status = 'cleared'",
        "UPDATE hazards SET voided_at = found_at",
        "UPDATE hazards SET status = 'rectifying'",
    ],
)
def test_audit_catches_a_status_written_past_the_events(
    client, inspector_h, bureau_h, institution, statement
):
    hazard_id = record(client, inspector_h, institution.id)
    assert client.get(f"{API}/audit/verify", headers=bureau_h).json["ok"] is True
    key = hazard_id if ON_POSTGRES else uuid.UUID(hazard_id).hex
    db.session.execute(text(f"{statement} WHERE id = '{key}'"))
    db.session.commit()
    verdict = client.get(f"{API}/audit/verify", headers=bureau_h).json
    assert verdict["ok"] is False
    assert verdict["first_bad"]["hazard_id"] == hazard_id
    assert verdict["first_bad"]["expected_status"] == "open"
