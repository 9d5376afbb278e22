"""A password the bureau reset, changed by the inspector in the web client before work."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TEMPORARY = "临时密码-Reset-4821"
CHOSEN = "我的新密码-Harbour-9317"


def login(client, password: str):
    return client.post("/api/v1/auth/login", json={"username": "insp_fire1", "password": password})


def log_in_with(page, live_url: str, username: str, password: str) -> None:
    page.goto(live_url + "/")
    expect(page).to_have_url(re.compile(r"/app/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_after_a_bureau_reset_the_inspector_changes_the_password_then_works(
    phone, live_url, visit, screens, client, bureau_h
):
    inspector = visit["inspector"]
    reset = client.post(
        f"/api/v1/users/{inspector.id}/password", json={"new_password": TEMPORARY}, headers=bureau_h
    )
    assert reset.status_code == 200, reset.json
    assert reset.json["password_change_required"] is True

    log_in_with(phone, live_url, "insp_fire1", TEMPORARY)
    expect(phone.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(phone.get_by_text("区民政局已为您重置密码")).to_be_visible()
    expect(phone).to_have_title(re.compile("修改密码"))
    screens(phone, "20-password-required")

    # Two different new passwords: told on the phone, nothing sent.
    phone.get_by_label("原密码").fill(TEMPORARY)
    phone.get_by_label("新密码", exact=False).first.fill(CHOSEN)
    phone.get_by_label("再次输入新密码").fill(CHOSEN + "x")
    phone.get_by_role("button", name="修改密码").click()
    expect(phone.get_by_text("两次输入的新密码不一致")).to_be_visible()
    expect(phone.get_by_label("再次输入新密码")).to_have_attribute("aria-invalid", "true")

    # A new password the API refuses (too short): its 422 under the field, in Chinese.
    # Both fields typed in the same moment (as a password manager fills them): neither
    # input is lost.
    phone.evaluate(
        """() => {
          for (const id of ["pw-new_password", "pw-again"]) {
            const input = document.getElementById(id);
            input.value = "short";
            input.dispatchEvent(new Event("input", { bubbles: true }));
          }
        }"""
    )
    expect(phone.locator("#pw-new_password")).to_have_value("short")
    expect(phone.locator("#pw-again")).to_have_value("short")
    phone.get_by_role("button", name="修改密码").click()
    expect(phone.locator("#pw-new_password-error")).to_contain_text("密码至少 12 个字符")
    expect(phone.locator("#pw-new_password-error")).not_to_contain_text("Use at least")
    screens(phone, "21-password-refused")

    # Reloading does not get around it: GET /me still says a change is required.
    phone.reload()
    expect(phone.get_by_role("heading", name="修改密码")).to_be_visible()

    phone.get_by_label("原密码").fill(TEMPORARY)
    phone.locator("#pw-new_password").fill(CHOSEN)
    phone.get_by_label("再次输入新密码").fill(CHOSEN)
    phone.get_by_role("button", name="修改密码").click()
    expect(phone.get_by_role("heading", name="密码已修改")).to_be_visible()
    screens(phone, "22-password-changed")
    phone.get_by_role("button", name="继续").click()
    expect(phone.get_by_role("heading", name="今日任务")).to_be_visible()
    expect(phone.get_by_text("张消防，您好")).to_be_visible()
    expect(phone.get_by_role("heading", name="分派给我的检查")).to_be_visible()
    expect(phone.get_by_role("alert")).to_have_count(0)  # the tasks loaded, no 403

    # The temporary and the original passwords no longer work; the new one does.
    for old in (TEMPORARY, PASSWORD):
        assert login(client, old).status_code == 401
    accepted = login(client, CHOSEN)
    assert accepted.status_code == 200
    assert accepted.json["user"]["password_change_required"] is False

    # In the browser too: out, and the temporary password is refused.
    phone.get_by_role("button", name="退出").click()
    log_in_with(phone, live_url, "insp_fire1", TEMPORARY)
    expect(phone.get_by_role("alert")).to_contain_text("用户名或密码不对")


def test_any_inspector_changes_the_password_from_the_menu(phone, live_url, visit, screens, client):
    log_in_with(phone, live_url, "insp_fire1", PASSWORD)
    expect(phone.get_by_role("heading", name="今日任务")).to_be_visible()
    phone.get_by_role("link", name="修改密码").click()
    expect(phone.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(phone.get_by_role("link", name="返回")).to_be_visible()
    screens(phone, "23-password-from-menu")

    phone.get_by_label("原密码").fill("not the password at all")
    phone.locator("#pw-new_password").fill(CHOSEN)
    phone.get_by_label("再次输入新密码").fill(CHOSEN)
    phone.get_by_role("button", name="修改密码").click()
    expect(phone.locator("#pw-old_password-error")).to_have_text("原密码不正确")
    expect(phone.get_by_label("原密码")).to_be_focused()

    phone.get_by_label("原密码").fill(PASSWORD)
    phone.get_by_role("button", name="修改密码").click()
    expect(phone.get_by_role("heading", name="密码已修改")).to_be_visible()
    phone.get_by_role("button", name="继续").click()
    expect(phone.get_by_role("heading", name="今日任务")).to_be_visible()
    assert login(client, PASSWORD).status_code == 401


def test_a_reset_while_logged_in_asks_for_the_change_after_logging_in_again(
    phone, live_url, visit, screens, client, bureau_h
):
    log_in_with(phone, live_url, "insp_fire1", PASSWORD)
    expect(phone.get_by_role("heading", name="今日任务")).to_be_visible()
    inspector = visit["inspector"]
    reset = client.post(
        f"/api/v1/users/{inspector.id}/password", json={"new_password": TEMPORARY}, headers=bureau_h
    )
    assert reset.status_code == 200
    # The reset ended the phone's session: the app asks again over the screen (GET /me).
    phone.reload()
    dialog = phone.get_by_role("dialog")
    expect(dialog).to_contain_text("登录已过期")
    dialog.get_by_label("密码").fill(TEMPORARY)
    dialog.get_by_role("button", name="登录").click()
    expect(phone.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(phone.get_by_text("区民政局已为您重置密码")).to_be_visible()
    screens(phone, "24-password-after-relogin")
    phone.get_by_label("原密码").fill(TEMPORARY)
    phone.locator("#pw-new_password").fill(CHOSEN)
    phone.get_by_label("再次输入新密码").fill(CHOSEN)
    phone.get_by_role("button", name="修改密码").click()
    phone.get_by_role("button", name="继续").click()
    expect(phone.get_by_role("heading", name="今日任务")).to_be_visible()
    expect(phone.get_by_role("heading", name="分派给我的检查")).to_be_visible()
    assert login(client, CHOSEN).status_code == 200
