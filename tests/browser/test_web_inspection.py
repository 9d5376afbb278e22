"""An inspector's whole visit in the web client, in headless Chromium at a phone's size."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def visit(make_institution, make_user):
    """An institution, its manager, and two certified fire inspectors."""
    institution = make_institution(
        name="泗泾镇第一敬老院",
        street="泗泾镇",
        features={"kitchen": True, "gas": True, "medical": False},
    )
    inspector = make_user(
        "inspector",
        username="insp_fire1",
        display_name="张消防",
        department="fire",
        enforcement_cert_no="31010001",
    )
    second = make_user(
        "inspector", display_name="李执法", department="fire", enforcement_cert_no="31010002"
    )
    manager = make_user("manager", username="mgr001", institution_id=institution.id)
    return {
        "institution": institution,
        "inspector": inspector,
        "second": second,
        "manager": manager,
    }


def log_in(page, live_url: str, username: str) -> None:
    page.goto(live_url + "/")
    expect(page).to_have_url(re.compile(r"/app/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="今日任务")).to_be_visible()


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
