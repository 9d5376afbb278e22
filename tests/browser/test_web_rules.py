"""The hazard rules in the web client: a manager applies for an extension before the
deadline and the bureau grants it (the 延期决定书 then listed); a void proposed by one
bureau officer and approved by another; a measure (挂牌督办) taken on a hazard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_web_office import API, enter, open_page, viewport  # noqa: F401 (fixtures)
from tests.helpers import submit_with_failures

pytestmark = pytest.mark.browser


def test_an_extension_applied_for_by_the_manager_is_granted_by_the_bureau(
    open_page,  # noqa: F811
    viewport,  # noqa: F811
    live_url,
    visit,
    make_user,
    screens,
    client,
    token_for,
):
    make_user("bureau", username="bureau", display_name="区民政局王科长")
    inspector_h = token_for(visit["inspector"])
    (hazard_id,) = submit_with_failures(client, inspector_h, visit["institution"].id, ["F-02"])
    hazard = client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json

    manager = open_page()
    enter(manager, live_url, "mgr001", "本机构隐患")
    manager.get_by_role("link", name=re.compile(re.escape(hazard["title"]))).click()
    manager.get_by_text("申请延期（期限届满前）").click()
    manager.get_by_label("申请延至").fill("2027-01-20")
    manager.get_by_label("延期理由").fill("闭门器需厂家订货，预计一月到货")
    manager.get_by_role("button", name="提交延期申请").click()
    expect(manager.get_by_text(re.compile("申请延期，等待决定"))).to_be_visible()
    screens(manager, f"37-manager-extension-applied-{viewport}")

    bureau = open_page()
    enter(bureau, live_url, "bureau", "动态清零")
    bureau.get_by_role("link", name="待办").click()
    expect(bureau.get_by_role("heading", name=re.compile("延期申请待决定（1）"))).to_be_visible()
    bureau.locator("#extensions-h + ul a").first.click()
    expect(bureau.get_by_role("heading", name="延期申请待决定")).to_be_visible()
    bureau.get_by_label("决定理由").fill("订货周期属实")
    screens(bureau, f"45-bureau-extension-{viewport}")
    bureau.get_by_role("button", name="同意延期", exact=True).click()
    expect(bureau.get_by_role("heading", name="延期申请待决定")).to_have_count(0)
    expect(bureau.get_by_role("button", name=re.compile("延期决定书"))).to_be_visible()
    decided = client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json
    assert decided["due_at"].startswith("2027-01-20")
    assert decided["extension_requested_at"] is None

    manager.reload()
    expect(manager.get_by_role("button", name=re.compile("延期决定书"))).to_be_visible()


def test_a_void_takes_two_bureau_officers_and_a_measure_is_recorded(
    open_page,  # noqa: F811
    viewport,  # noqa: F811
    live_url,
    visit,
    make_user,
    screens,
    client,
    token_for,
):
    bureau = make_user("bureau", username="bureau", display_name="区民政局王科长")
    make_user("bureau", username="bureau2", display_name="区民政局李科员")
    inspector_h = token_for(visit["inspector"])
    (hazard_id,) = submit_with_failures(client, inspector_h, visit["institution"].id, ["F-02"])

    first = open_page()
    enter(first, live_url, "bureau", "动态清零")
    first.goto(f"{live_url}/app/#/h/{hazard_id}")
    expect(first.get_by_role("heading", name="区民政局决定")).to_be_visible()
    first.get_by_label("措施", exact=True).select_option("supervised")
    first.get_by_label("说明", exact=True).fill("挂牌督办，限期整改")
    first.get_by_role("button", name="采取措施").click()
    expect(first.locator("#measures-h ~ ul")).to_contain_text("挂牌督办（本隐患）")
    # A measure on the institution as a whole (约谈 its head), from the same form.
    first.get_by_label("对象", exact=True).select_option("institution")
    first.get_by_label("措施", exact=True).select_option("interviewed")
    first.get_by_label("说明", exact=True).fill("约谈机构负责人，督促限期整改")
    first.get_by_role("button", name="采取措施").click()
    expect(first.locator("#measures-h ~ ul")).to_contain_text("约谈（机构）")
    taken = client.get(
        f"/api/v1/institutions/{visit['institution'].id}/measures", headers=token_for(bureau)
    ).json
    assert [(m["kind"], m["hazard_id"]) for m in taken] == [
        ("interviewed", None),
        ("supervised", hazard_id),
    ]

    first.get_by_label("决定", exact=True).select_option("void")
    first.get_by_label("理由", exact=True).fill("误登记：该防火门不属于本机构")
    first.get_by_role("button", name="提交决定").click()
    expect(first.get_by_text("您已提请作废，等待另一名区民政局工作人员决定")).to_be_visible()
    screens(first, f"46-bureau-void-proposed-{viewport}")

    second = open_page()
    enter(second, live_url, "bureau2", "动态清零")
    second.get_by_role("link", name="待办").click()
    expect(second.get_by_role("heading", name=re.compile("作废待批准（1）"))).to_be_visible()
    second.locator("#voids-h + ul a").first.click()
    second.get_by_label("意见").fill("核实属误登记")
    screens(second, f"47-bureau-void-decision-{viewport}")
    second.get_by_role("button", name="批准作废").click()
    expect(second.locator(".facts")).to_contain_text("已作废")
    expect(second.get_by_role("button", name=re.compile("更正通知书"))).to_be_visible()
    assert client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json["status"] == "voided"
