"""An inspector's whole visit in the web client, in headless Chromium at a phone's size."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import jpeg, log_in, start_inspection
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_inspector_logs_in_and_sees_todays_tasks(phone, live_url, visit, screens):
    phone.goto(live_url + "/")
    expect(phone.get_by_role("button", name="登录")).to_be_visible()
    screens(phone, "01-login")
    phone.get_by_label("用户名").fill("insp_fire1")
    phone.get_by_label("密码").fill("wrong password, surely")
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_role("alert")).to_contain_text("请")
    screens(phone, "02-login-error")
    log_in(phone, live_url, "insp_fire1")
    expect(phone.get_by_text("张消防，您好")).to_be_visible()
    screens(phone, "03-tasks")


FAILED = {"F-02": 2, "F-08": 1}  # the items that fail, and the photos each gets


def answer_current_item(page, fail_photos: int | None) -> str:
    """Answer the item on screen: pass, or fail with a note and photos. Its code."""
    code = page.locator(".item .meta").inner_text().split(" · ")[1].strip()
    if fail_photos is None:
        page.get_by_role("radio", name="合格", exact=True).check()
        return code
    page.get_by_role("radio", name="不合格", exact=True).check()
    page.get_by_label("备注").fill(f"{code} 现场发现问题")
    for n in range(fail_photos):
        page.locator("input[type=file]").set_input_files(
            files=[
                {
                    "name": f"{code}-{n}.jpg",
                    "mimeType": "image/jpeg",
                    "buffer": jpeg((40 * n, 90, 150)),
                }
            ]
        )
        expect(page.locator(".thumbs img")).to_have_count(n + 1)
    return code


def next_item(page: Page) -> bool:
    """Go on to the next item, if there is one, and wait until it is drawn. The link only
    changes the hash: for a moment the screen still shows the item just answered, and a
    test reading or answering it then would answer the wrong item. It first waits for an
    item to be drawn at all (a click on 开始逐项检查 just before has only changed the hash)."""
    expect(page.locator(".item .meta")).to_be_visible()
    following = page.get_by_role("link", name="下一项")
    if following.count() == 0:
        return False
    position = int((following.get_attribute("href") or "").rsplit("/", 1)[1]) + 1  # 第 n 项
    following.click()
    expect(page.locator(".item .meta")).to_contain_text(f"第 {position}/")
    return True


def test_inspector_fills_a_checklist_with_two_failures_and_three_photos_and_submits(
    phone, live_url, visit, screens, client, token_for
):
    log_in(phone, live_url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", "李执法", screens)
    screens(phone, "05-setup")
    phone.get_by_role("link", name="开始逐项检查").click()
    answered = []
    while True:
        expect(phone.locator("#prompt")).to_be_visible()
        code = phone.locator(".item .meta").inner_text().split(" · ")[1].strip()
        answered.append(answer_current_item(phone, FAILED.get(code)))
        if code == "F-02":
            screens(phone, "07-item-failed-with-photos")
        if code == "F-03":
            screens(phone, "06-item")
        if not next_item(phone):
            break
    assert set(FAILED) <= set(answered)
    phone.get_by_role("link", name="检查并提交").click()
    expect(phone.get_by_role("button", name="提交检查")).to_be_enabled()
    expect(phone.get_by_text("不合格 2 项")).to_be_visible()
    screens(phone, "08-review")
    phone.get_by_role("button", name="提交检查").click()
    expect(phone.get_by_role("heading", name="发现的隐患（2）")).to_be_visible()
    expect(phone.locator("#main .list li")).to_have_count(2)
    screens(phone, "09-submitted")
    # The record opens on the phone, fetched with the token (a PDF, not an error page).
    with phone.expect_popup() as opened, phone.expect_response("**/record.pdf") as fetched:
        phone.get_by_role("button", name=re.compile("现场检查记录 PDF")).click()
    assert fetched.value.status == 200
    assert fetched.value.headers["content-type"] == "application/pdf"
    assert opened.value.url.startswith("blob:")
    opened.value.close()

    # The manager sees the two hazards through the API, each with the inspector's photos.
    manager_h = token_for(visit["manager"])
    hazards = client.get("/api/v1/hazards?status=open", headers=manager_h).json
    assert sorted(h["item_code"] for h in hazards) == sorted(FAILED)
    inspection_id = hazards[0]["inspection_id"]
    detail = client.get(
        f"/api/v1/inspections/{inspection_id}", headers=token_for(visit["inspector"])
    ).json
    photos = {
        a["item_code"]: len(a["photo_ids"]) for a in detail["answers"] if a["result"] == "fail"
    }
    assert photos == FAILED
    assert detail["status"] == "submitted"
    assert set(detail["assignee_ids"]) == {visit["inspector"].id, visit["second"].id}
    assert (detail["present_person_name"], detail["present_person_position"]) == ("王秀英", "院长")
    assert detail["features_confirmed"] == {
        "kitchen": True,
        "gas": True,
        "lpg": False,
        "medical": False,
        "meals_delivered": False,
    }
    # A fire inspector's findings: the record, and the bureau's referral letter (移送函) to
    # the fire department, which issues its own orders (docs/api.md).
    assert {d["kind"] for d in detail["documents"]} == {"record", "referral"}


def test_a_reload_after_a_photo_loses_nothing(phone, live_url, visit, screens, client, token_for):
    log_in(phone, live_url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", None)
    phone.get_by_role("link", name="开始逐项检查").click()
    phone.get_by_role("link", name="下一项").click()  # F-02, a yes/no item
    expect(phone.locator(".item .meta")).to_contain_text("F-02")
    phone.get_by_role("radio", name="否").check()
    phone.get_by_role("radio", name="不合格", exact=True).check()
    phone.get_by_label("备注").fill("防火门被木楔顶开")
    # The photo is kept on the phone at once; the reload comes before any upload could.
    phone.route("**/api/v1/uploads**", lambda route: route.abort())
    phone.locator("input[type=file]").set_input_files(
        files=[{"name": "door.jpg", "mimeType": "image/jpeg", "buffer": jpeg((180, 40, 40))}]
    )
    expect(phone.locator(".thumbs img")).to_have_count(1)
    phone.unroute("**/api/v1/uploads**")

    phone.reload()  # as a phone does after the camera app returns

    expect(phone.locator(".item .meta")).to_contain_text("F-02")
    expect(phone.get_by_role("radio", name="不合格", exact=True)).to_be_checked()
    expect(phone.get_by_role("radio", name="否")).to_be_checked()
    expect(phone.get_by_label("备注")).to_have_value("防火门被木楔顶开")
    expect(phone.locator(".thumbs img")).to_have_count(1)
    expect(phone.get_by_role("status")).to_have_text("已保存并同步")
    screens(phone, "10-after-reload")
    # And the server has the answer with its photo, uploaded after the reload.
    inspector_h = token_for(visit["inspector"])
    drafts = client.get("/api/v1/inspections?status=draft", headers=inspector_h).json
    detail = client.get(f"/api/v1/inspections/{drafts[0]['id']}", headers=inspector_h).json
    (answer,) = [a for a in detail["answers"] if a["item_code"] == "F-02"]
    assert answer["result"] == "fail" and answer["value"] is False
    assert answer["note"] == "防火门被木楔顶开" and len(answer["photo_ids"]) == 1
    # Review before submit: what is missing, each a link to its item; nothing sent yet.
    phone.get_by_role("link", name=re.compile("尚缺")).click()
    expect(phone.get_by_role("heading", name=re.compile("尚未作答"))).to_be_visible()
    expect(phone.get_by_role("heading", name="还需第二名持证检查人员")).to_be_visible()
    expect(phone.get_by_role("heading", name="还需填写在场人员")).to_be_visible()
    expect(phone.get_by_role("button", name=re.compile("还有 \\d+ 处待处理"))).to_be_disabled()
    screens(phone, "11-review-missing")


def test_an_expired_session_asks_to_log_in_again_and_loses_nothing(
    phone, live_url, visit, screens, client, token_for
):
    from inspect_app.extensions import db
    from inspect_app.models import AuthToken

    log_in(phone, live_url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", None)
    phone.get_by_role("link", name="开始逐项检查").click()
    expect(phone.get_by_role("status")).to_have_text("已保存并同步")
    # Every token of the inspector stops working (expired, or logged out elsewhere).
    db.session.query(AuthToken).delete()
    db.session.commit()

    phone.get_by_role("radio", name="畅通", exact=False).first.check()
    dialog = phone.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("登录已过期")
    screens(phone, "12-session-expired")
    dialog.get_by_label("密码").fill(PASSWORD)
    dialog.get_by_role("button", name="登录").click()
    expect(dialog).to_be_hidden()
    expect(phone.get_by_role("status")).to_have_text("已保存并同步")
    expect(phone.get_by_role("radio", name="合格", exact=True)).to_be_checked()

    inspector_h = token_for(visit["inspector"])
    drafts = client.get("/api/v1/inspections?status=draft", headers=inspector_h).json
    detail = client.get(f"/api/v1/inspections/{drafts[0]['id']}", headers=inspector_h).json
    assert [(a["item_code"], a["result"]) for a in detail["answers"]] == [("F-01", "pass")]


def test_an_assigned_inspection_opens_from_todays_tasks_with_its_answers(
    phone, live_url, visit, screens, client, token_for
):
    """A spot check's inspection, made on the server and assigned to this inspector, with
    an answer already given there: it opens on the phone with that answer."""
    from inspect_app.extensions import db
    from inspect_app.models import InspectionAssignee
    from tests.conftest import new_id
    from tests.helpers import draft_body

    inspection_id = new_id()
    second_h = token_for(visit["second"])
    body = draft_body(visit["institution"].id, kind="spot_check")
    assert (
        client.put(f"/api/v1/inspections/{inspection_id}", json=body, headers=second_h).status_code
        == 201
    )
    answer = [{"checklist": "fire", "item_code": "F-01", "result": "pass", "value": "clear"}]
    assert (
        client.put(
            f"/api/v1/inspections/{inspection_id}/answers", json=answer, headers=second_h
        ).status_code
        == 200
    )
    # The maker is on it already; this inspector joins, as a draw's team of two would.
    db.session.add(
        InspectionAssignee(inspection_id=uuid.UUID(inspection_id), user_id=visit["inspector"].id)
    )
    db.session.commit()

    log_in(phone, live_url, "insp_fire1")
    assigned = phone.get_by_role("link", name=re.compile("泗泾镇第一敬老院"))
    expect(assigned).to_contain_text("双随机抽查")
    screens(phone, "03b-tasks-assigned")
    assigned.click()
    expect(phone.get_by_role("heading", name="现场核实机构情况")).to_be_visible()
    # The spot check's team is on it: the officer who made it stays named.
    expect(phone.get_by_role("checkbox", name=re.compile("李执法"))).to_be_checked()
    phone.get_by_role("link", name="开始逐项检查").click()
    expect(phone.locator(".item .meta")).to_contain_text("F-01")
    expect(phone.get_by_role("radio", name="合格", exact=True)).to_be_checked()
    expect(phone.get_by_text("已答 1/17")).to_be_visible()
    next_item(phone)
    with phone.expect_response("**/answers") as sent:
        phone.get_by_role("radio", name="合格", exact=True).check()
    assert sent.value.status == 200
    expect(phone.get_by_role("status")).to_have_text("已保存并同步")

    detail = client.get(f"/api/v1/inspections/{inspection_id}", headers=second_h).json
    assert [(a["item_code"], a["result"]) for a in detail["answers"]] == [
        ("F-01", "pass"),
        ("F-02", "pass"),
    ]


@pytest.mark.viewport(360, 640)
def test_the_narrowest_phone_fits_every_control(phone, live_url, visit, screens):
    log_in(phone, live_url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", "李执法")
    phone.get_by_role("link", name="开始逐项检查").click()
    phone.get_by_role("radio", name=re.compile("链锁")).check()  # F-01: a major case
    expect(phone.get_by_role("radio", name="不合格", exact=True)).to_be_checked()
    expect(phone.get_by_text("将作为重大隐患上报；须拍照")).to_be_visible()
    expect(phone.get_by_text("不合格须拍照留证")).to_be_visible()
    screens(phone, "13-item-360px-major")
    # Every button and choice is a big enough target (44 px at least, WCAG 2.5.5).
    small = phone.evaluate(
        """() => [...document.querySelectorAll('button, a.button, .choice span, .result span')]
            .filter(e => e.getBoundingClientRect().height < 44).map(e => e.textContent)"""
    )
    assert small == []


def test_an_item_can_be_answered_with_the_keyboard_alone(phone, live_url, visit):
    log_in(phone, live_url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", None)
    phone.get_by_role("link", name="开始逐项检查").click()
    expect(phone.locator("#prompt")).to_be_visible()
    first_choice = phone.get_by_role("radio", name="畅通，未锁闭")
    for _ in range(20):  # Tab through the screen to the first choice of F-01
        phone.keyboard.press("Tab")
        if first_choice.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the item's first choice")
    # The focused choice shows a ring (its label, as the radio itself is transparent).
    ring = first_choice.evaluate("e => getComputedStyle(e.nextElementSibling).outlineStyle")
    assert ring == "solid"
    with phone.expect_response("**/answers"):
        phone.keyboard.press("Space")
    expect(first_choice).to_be_checked()
    expect(phone.get_by_role("radio", name="合格", exact=True)).to_be_checked()  # implied
