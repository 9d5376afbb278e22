"""The record and the notice read as the bureau's own (issue 24): a choice's Chinese label,
the defect found, the time on site, and starts that cannot be in the future."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from inspect_app.clock import utcnow
from tests.helpers import answers_for, draft_body, evidence_photo_id
from tests.test_documents import pdf_text

API = "/api/v1"


@pytest.fixture
def team(make_user, token_for):
    """Two certified inspectors; the first records."""
    lead = make_user("inspector", department="civil_affairs", enforcement_cert_no="沪民执0101")
    second = make_user("inspector", department="fire", enforcement_cert_no="沪消执0202")
    return lead, second, token_for(lead)


@pytest.fixture
def home(make_institution):
    return make_institution(name="松江区福寿康养老院")


def flat(data: bytes) -> str:
    return "".join(pdf_text(data).split())


def submit(client, headers, institution_id, answers, *, body=None) -> str:
    inspection_id = str(uuid.uuid4())
    url = f"{API}/inspections/{inspection_id}"
    draft = body or draft_body(institution_id)
    assert client.put(url, json=draft, headers=headers).status_code == 201
    assert client.put(f"{url}/answers", json=answers, headers=headers).status_code == 200
    done = client.post(f"{url}/submit", headers=headers)
    assert done.status_code == 200, done.json
    return inspection_id


def document(client, headers, inspection_id, kind) -> str:
    response = client.get(f"{API}/inspections/{inspection_id}/{kind}.pdf", headers=headers)
    assert response.status_code == 200
    return flat(response.data)


def with_changes(answers: list[dict], changes: dict[str, dict]) -> list[dict]:
    return [{**a, **changes.get(a["item_code"], {})} for a in answers]


# ---------------------------------------------------------------- 1. choice labels


def test_the_record_prints_a_choices_label_never_its_code(client, team, home):
    _, _, headers = team
    inspection_id = submit(client, headers, home.id, answers_for(home.id))
    text = document(client, headers, inspection_id, "record")
    for label in ("畅通，未锁闭", "已安装，完好有效", "每班2名及以上持证人员在岗", "无此类材料"):
        assert label in text, label
    for code in ("clear", "working", "two_certified", "panels_below_a", "compliant"):
        assert code not in text, code


def test_a_failed_choice_prints_its_label_too(client, team, home):
    _, _, headers = team
    photo = evidence_photo_id()
    answers = with_changes(
        answers_for(home.id),
        {"F-01": {"result": "fail", "value": "locked", "photo_ids": [photo]}},
    )
    text = document(client, headers, submit(client, headers, home.id, answers), "record")
    assert "安全出口或疏散门锁闭、链锁" in text and "locked" not in text


# ---------------------------------------------------------------- 3. the defect found


def test_the_notices_hazard_column_shows_the_defect_found(client, team, home):
    _, _, headers = team
    photo = evidence_photo_id()
    answers = with_changes(
        answers_for(home.id),
        {
            "F-01": {"result": "fail", "value": "locked", "photo_ids": [photo]},
            "F-02": {"result": "fail", "value": False, "photo_ids": [photo]},
        },
    )
    text = document(client, headers, submit(client, headers, home.id, answers), "notice")
    # A failed choice: what was found, not the requirement.
    assert "安全出口或疏散门锁闭、链锁" in text
    assert "疏散通道、楼梯间、安全出口畅通，未锁闭" not in text
    # A yes/no item: its defect.
    assert "常闭防火门处于开启状态或闭门器损坏" in text
    assert "常闭防火门处于关闭状态，闭门器完好" not in text


def test_the_notice_prints_immediate_measures_and_the_referral(
    client,
    team,
    home,
):
    _, _, headers = team
    photo = evidence_photo_id()
    answers = with_changes(
        answers_for(home.id, ("fire", "service")),
        {"S-15": {"result": "fail", "value": "unlicensed", "photo_ids": [photo]}},
    )
    body = draft_body(home.id, ("fire", "service"))
    text = document(client, headers, submit(client, headers, home.id, answers, body=body), "notice")
    assert "立即停止内设医疗机构的诊疗活动" in text
    assert "卫生健康" in text


def test_a_number_prints_what_was_measured(client, team, home, make_institution):
    _, _, headers = team
    canteen = make_institution(name="有食堂的养老院", features={"kitchen": True})
    photo = evidence_photo_id()
    answers = with_changes(
        answers_for(canteen.id, ("food",)),
        {"FD-03": {"result": "fail", "value": 100, "photo_ids": [photo]}},
    )
    body = draft_body(canteen.id, ("food",))
    text = document(
        client, headers, submit(client, headers, canteen.id, answers, body=body), "notice"
    )
    assert "留样每份不少于125g（实测100g）" in text


# ---------------------------------------------------------------- 5. times


def test_a_start_in_the_future_beyond_the_skew_is_refused(client, team, home):
    _, _, headers = team
    url = f"{API}/inspections/{uuid.uuid4()}"
    ahead = draft_body(home.id)
    ahead["started_at"] = (utcnow() + timedelta(hours=1)).isoformat()
    refused = client.put(url, json=ahead, headers=headers)
    assert refused.status_code == 422 and "started_at" in refused.json["errors"]
    assert client.get(url, headers=headers).status_code == 404  # nothing written
    ahead["started_at"] = (utcnow() + timedelta(minutes=2)).isoformat()  # clock skew
    assert client.put(url, json=ahead, headers=headers).status_code == 201


def test_a_submit_before_the_start_is_refused(client, team, home):
    _, _, headers = team
    url = f"{API}/inspections/{uuid.uuid4()}"
    body = draft_body(home.id)
    body["started_at"] = (utcnow() - timedelta(minutes=30)).isoformat()
    assert client.put(url, json=body, headers=headers).status_code == 201
    assert (
        client.put(f"{url}/answers", json=answers_for(home.id), headers=headers).status_code == 200
    )
    with time_machine.travel(utcnow() - timedelta(days=1)):
        early = client.post(f"{url}/submit", headers=headers)
    assert early.status_code == 422 and "started_at" in early.json["errors"]
    assert client.get(url, headers=headers).json["status"] == "draft"


def test_the_record_prints_the_time_on_site_not_a_later_submit(client, team, home):
    _, _, headers = team
    url_id = str(uuid.uuid4())
    url = f"{API}/inspections/{url_id}"
    body = draft_body(home.id)
    body["started_at"] = datetime(2026, 11, 20, 1, 30, tzinfo=UTC).isoformat()  # 09:30 local
    with time_machine.travel(datetime(2026, 11, 20, 3, 0, tzinfo=UTC), tick=False):
        assert client.put(url, json=body, headers=headers).status_code == 201
        saved = client.put(f"{url}/answers", json=answers_for(home.id), headers=headers)
        assert saved.status_code == 200
    with time_machine.travel(datetime(2026, 11, 26, 2, 0, tzinfo=UTC), tick=False):
        assert client.post(f"{url}/submit", headers=headers).status_code == 200
    text = document(client, headers, url_id, "record")
    assert "2026年11月20日09:30至11:00" in text
    assert "提交时间2026年11月26日10:00" in text


def test_a_same_day_visit_prints_from_start_to_submit(client, team, home):
    _, _, headers = team
    body = draft_body(home.id)
    body["started_at"] = datetime(2026, 11, 20, 1, 30, tzinfo=UTC).isoformat()
    with time_machine.travel(datetime(2026, 11, 20, 3, 0, tzinfo=UTC), tick=False):
        inspection_id = submit(client, headers, home.id, answers_for(home.id), body=body)
    text = document(client, headers, inspection_id, "record")
    assert "2026年11月20日09:30至11:00" in text
    assert "提交时间" not in text
