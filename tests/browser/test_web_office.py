"""The manager's, the bureau's and the auditor's screens, and the inspector's 复查, in
headless Chromium at a phone's size and at a desk's: a manager rectifies with a photo and
the inspector approves; the board changes; the bureau runs a spot-check plan from creation
to publication and downloads last month's report; the auditor sees every draw verified.
Every screen is photographed and checked with axe-core."""

from __future__ import annotations

import io
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import PHONE, jpeg, log_in
from tests.conftest import PASSWORD
from tests.helpers import on_site_recheck, submit_with_failures

pytestmark = pytest.mark.browser

API = "/api/v1"
SHANGHAI = ZoneInfo("Asia/Shanghai")
DESKTOP = {
    **PHONE,
    "viewport": {"width": 1280, "height": 860},
    "is_mobile": False,
    "has_touch": False,
}
DESKTOP["device_scale_factor"] = 1


@pytest.fixture(params=["phone", "desktop"])
def viewport(request) -> str:
    return request.param


@pytest.fixture
def open_page(browser, viewport):
    """``open_page()``: a new browser context (its own storage) at this test's viewport."""
    contexts = []
    errors: list[str] = []

    def make():
        context = browser.new_context(**(PHONE if viewport == "phone" else DESKTOP))
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, errors


def enter(page, live_url: str, username: str, heading: str) -> None:
    page.goto(live_url + "/")
    expect(page).to_have_url(re.compile(r"/app/"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def figure(page, label: str) -> str:
    return page.locator(f'[data-figure="{label}"]').inner_text()


def test_a_manager_rectifies_with_a_photo_and_the_inspector_approves(
    open_page, viewport, live_url, visit, screens, client, token_for
):
    inspector_h = token_for(visit["inspector"])
    institution = visit["institution"]
    # An older visit's hazard, its deadline long past (overdue), and today's, found now.
    with time_machine.travel(datetime.now(UTC) - timedelta(days=60), tick=False):
        (late,) = submit_with_failures(client, inspector_h, institution.id, ["F-03"])
    (hazard_id,) = submit_with_failures(client, inspector_h, institution.id, ["F-02"])

    manager = open_page()
    enter(manager, live_url, "mgr001", "本机构隐患")
    rows = manager.locator("#live-h + ul > li")
    expect(rows).to_have_count(2)
    # Soonest deadline first: the overdue one, marked so (words, not colour alone).
    expect(rows.nth(0)).to_contain_text("已逾期")
    expect(rows.nth(1)).not_to_contain_text("已逾期")
    expect(manager.get_by_text("1 项已逾期")).to_be_visible()
    screens(manager, f"30-manager-hazards-{viewport}")

    title = client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json["title"]
    manager.get_by_role("link", name=re.compile(re.escape(title))).click()
    expect(manager.get_by_role("heading", name="隐患详情")).to_be_visible()
    expect(manager.get_by_role("heading", name=re.compile("全过程记录"))).to_be_visible()
    expect(manager.locator(".timeline > li")).to_have_count(1)
    expect(manager.locator(".thumbs img").first).to_be_visible()  # the finding's photo
    screens(manager, f"31-manager-hazard-{viewport}")

    manager.get_by_role("textbox", name="整改计划").fill("更换闭门器，每日巡查防火门")
    manager.get_by_role("button", name="签收整改").click()
    expect(manager.locator(".facts")).to_contain_text("整改中")
    expect(manager.get_by_role("button", name="签收整改")).to_have_count(0)

    # Nothing is sent without a photo.
    manager.get_by_role("textbox", name="整改情况说明").fill("已更换闭门器，防火门常闭")
    expect(manager.get_by_role("button", name="提交整改")).to_be_disabled()
    manager.get_by_label("整改后照片（至少一张）").set_input_files(
        files=[{"name": "door.jpg", "mimeType": "image/jpeg", "buffer": jpeg((30, 120, 60))}]
    )
    manager.get_by_role("button", name="提交整改").click()
    expect(manager.get_by_text("整改已提交，等待复查")).to_be_visible()
    expect(manager.locator(".timeline > li")).to_have_count(3)
    # the finding's photo and the rectification's
    expect(manager.locator(".timeline .thumbs img")).to_have_count(2)
    screens(manager, f"32-manager-rectified-{viewport}")

    sent = client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json
    assert sent["status"] == "pending_review"
    assert [e["type"] for e in sent["events"]] == [
        "found",
        "acknowledged",
        "rectification_submitted",
    ]
    assert sent["events"][1]["note"] == "更换闭门器，每日巡查防火门"
    assert len(sent["events"][2]["photo_ids"]) == 1

    manager.get_by_role("link", name="通知").click()
    expect(manager.get_by_role("heading", name="通知")).to_be_visible()
    expect(manager.get_by_text(re.compile("未读 \\d+ 条"))).to_be_visible()
    screens(manager, f"33-manager-notifications-{viewport}")

    # Every document served on the home, by its name and number: each visit's record and
    # its notice (or, for a department that issues none, the referral letter). Read
    # before the page asks: on SQLite the test's own writes (the token) share the live
    # server's connection, and one made while the page's request runs breaks it (a 500).
    manager_h = token_for(visit["manager"])
    served = [
        document
        for row in client.get(f"{API}/inspections?status=submitted", headers=manager_h).json
        for document in client.get(f"{API}/inspections/{row['id']}", headers=manager_h).json[
            "documents"
        ]
    ]
    assert len(served) >= 4
    manager.get_by_role("link", name="文书").click()
    expect(manager.get_by_role("heading", name="收到的文书")).to_be_visible()
    expect(manager.locator("main ul.list button")).to_have_count(len(served))
    for document in served:
        expect(
            manager.get_by_role("button", name=re.compile(re.escape(document["number"])))
        ).to_be_visible()
    expect(manager.get_by_role("button", name=re.compile("现场检查记录"))).to_have_count(2)
    screens(manager, f"34-manager-documents-{viewport}")

    # The inspector of the finding department approves the general hazard.
    inspector = open_page()
    log_in(inspector, live_url, "insp_fire1")
    inspector.get_by_role("link", name=re.compile(re.escape(title))).click()
    expect(inspector.get_by_role("heading", name="复查隐患")).to_be_visible()
    expect(inspector).to_have_title(re.compile("复查隐患"))
    expect(inspector.locator(".timeline .thumbs img")).to_have_count(2)
    screens(inspector, f"35-inspector-review-{viewport}")
    inspector.get_by_role("button", name="复查通过，销号").click()
    expect(inspector.get_by_text("当前状态不需要复查")).to_be_visible()
    expect(inspector.locator(".facts")).to_contain_text("已销号")
    assert client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json["status"] == "cleared"
    assert client.get(f"{API}/hazards/{late}", headers=inspector_h).json["overdue"] is True


@pytest.fixture
def bureau_user(make_user):
    return make_user("bureau", username="bureau", display_name="区民政局王科长")


def test_the_board_changes_and_the_bureau_decides_and_reports(
    open_page, viewport, live_url, visit, bureau_user, screens, client, token_for
):
    inspector_h = token_for(visit["inspector"])
    institution = visit["institution"]
    page = open_page()
    enter(page, live_url, "bureau", "动态清零")
    expect(page.get_by_role("img", name=re.compile("本月每日末在办重大隐患"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("近十二个月发现与销号"))).to_be_visible()
    assert figure(page, "在办重大隐患") == "0"
    expect(page.get_by_text("已实现动态清零")).to_be_visible()
    screens(page, f"40-bureau-board-empty-{viewport}")

    # A visit finds a major hazard (F-01) and a general one: the board changes.
    hazard_ids = submit_with_failures(client, inspector_h, institution.id, ["F-01", "F-02"])
    page.reload()
    expect(page.locator('[data-figure="在办重大隐患"]')).to_have_text("1")
    assert figure(page, "在办一般隐患") == "1"
    assert figure(page, "本月发现") == "2"
    expect(page.get_by_text("尚未清零")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("十二个月共发现 2 项"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("泗泾镇"))).to_contain_text("1")
    screens(page, f"41-bureau-board-{viewport}")

    # The major hazard is the bureau's to review: the manager rectifies through the API,
    # a re-inspection (复查) finds it rectified, and the bureau approves naming it.
    major = next(
        h
        for h in (client.get(f"{API}/hazards/{i}", headers=inspector_h).json for i in hazard_ids)
        if h["severity"] == "major"
    )
    manager_h = token_for(visit["manager"])
    photo = client.post(
        f"{API}/photos",
        data={"file": (io.BytesIO(jpeg((20, 90, 200))), "fixed.jpg")},
        headers=manager_h,
    )
    assert photo.status_code == 201, photo.json
    done = client.post(
        f"{API}/hazards/{major['id']}/rectification",
        json={"description": "疏散通道已清理", "photo_ids": [photo.json["id"]]},
        headers=manager_h,
    )
    assert done.status_code == 200, done.json
    on_site_recheck(client, major["id"])  # majors close on site: a 复查 found it rectified

    page.get_by_role("link", name="待办").click()
    expect(page.get_by_role("heading", name=re.compile("重大隐患待复查（1）"))).to_be_visible()
    screens(page, f"42-bureau-awaiting-{viewport}")
    page.get_by_role("link", name=re.compile(re.escape(major["title"]))).first.click()
    expect(page.get_by_role("heading", name="复查整改结果")).to_be_visible()
    expect(page.get_by_role("heading", name="区民政局决定")).to_be_visible()
    expect(page.get_by_text(re.compile("现场复查：.*已整改"))).to_be_visible()
    screens(page, f"43-bureau-hazard-{viewport}")
    page.get_by_role("button", name="复查通过，销号").click()
    expect(page.locator(".facts")).to_contain_text("已销号")
    page.get_by_role("link", name="动态清零").click()
    expect(page.locator('[data-figure="在办重大隐患"]')).to_have_text("0")
    assert figure(page, "本月销号") == "1"

    # Last month's report, made and downloaded; then the ledger.
    page.get_by_role("link", name="报告").click()
    expect(page.get_by_role("heading", name="月度隐患报告")).to_be_visible()
    now = datetime.now(SHANGHAI)
    last = (now.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    expect(page.get_by_label("月份")).to_have_value(last)
    page.get_by_role("button", name="生成报告").click()
    # Making the PDF takes a few seconds on a busy machine.
    expect(page.get_by_role("status")).to_contain_text(
        f"{last} 全区 月度报告已生成", timeout=30_000
    )
    screens(page, f"44-bureau-reports-{viewport}")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 PDF").click()
    pdf = download.value
    assert pdf.suggested_filename == f"月度隐患报告-{last}.pdf"
    reader = PdfReader(pdf.path())
    assert len(reader.pages) >= 1
    assert "月度" in reader.pages[0].extract_text()

    page.get_by_label("等级").select_option("major")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 Excel").click()
    assert download.value.suggested_filename == "隐患台账.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    general = next(i for i in hazard_ids if i != major["id"])
    general_title = client.get(f"{API}/hazards/{general}", headers=inspector_h).json["title"]
    titles = " ".join(cells)
    assert major["title"] in titles  # the major hazards only, as filtered
    assert general_title not in titles


def expand(row) -> None:
    """Open a user's row (it stays open across the list's reloads)."""
    if row.locator("details").get_attribute("open") is None:
        row.locator("summary").click()


def test_the_bureau_manages_users(
    open_page, viewport, live_url, visit, bureau_user, screens, client, token_for
):
    page = open_page()
    enter(page, live_url, "bureau", "动态清零")
    page.get_by_role("link", name="用户").click()
    expect(page.get_by_role("heading", name="用户管理")).to_be_visible()
    page.get_by_text("新建用户").click()
    page.get_by_label("用户名").fill("insp_health7")
    page.get_by_label("姓名").fill("赵卫健")
    page.get_by_label("初始密码（至少 12 个字符）").fill("初始密码-Lantern-5521")
    page.get_by_label("角色", exact=True).first.select_option("inspector")
    page.get_by_label("部门").select_option("health")
    page.get_by_role("button", name="创建用户").click()
    expect(page.get_by_text("已创建：赵卫健（insp_health7）")).to_be_visible()
    screens(page, f"50-bureau-users-{viewport}")

    row = page.locator("li", has_text="insp_health7")
    expand(row)
    row.get_by_label("执法证号").fill("沪3101-7788")
    row.get_by_role("button", name="保存执法证号").click()
    expect(page.get_by_text("执法证号已保存")).to_be_visible()
    row = page.locator("li", has_text="insp_health7")
    expand(row)
    row.get_by_label("登记回避的机构").select_option(label="泗泾镇第一敬老院")
    row.get_by_label("回避理由").fill("近亲属在该院工作")
    row.get_by_role("button", name="登记回避").click()
    expect(page.get_by_text("回避关系已登记")).to_be_visible()
    row = page.locator("li", has_text="insp_health7")
    expand(row)
    row.get_by_label("重置密码（临时密码）").fill("临时密码-Harbour-3391")
    row.get_by_role("button", name="重置密码").click()
    expect(page.get_by_text("密码已重置")).to_be_visible()
    screens(page, f"51-bureau-user-edited-{viewport}")

    login = client.post(
        f"{API}/auth/login", json={"username": "insp_health7", "password": "临时密码-Harbour-3391"}
    )
    assert login.status_code == 200, login.json
    assert login.json["user"]["password_change_required"] is True
    users = client.get(f"{API}/users?role=inspector", headers=token_for(bureau_user)).json
    (made,) = [u for u in users if u["username"] == "insp_health7"]
    assert made["enforcement_cert_no"] == "沪3101-7788" and made["department"] == "health"


@pytest.fixture
def district(make_institution, make_user):
    """Four operating homes on two streets, four certified inspectors of two departments."""
    for n in range(4):
        make_institution(street="岳阳街道" if n % 2 else "泗泾镇", name=f"抽查养老院{n + 1}")
    for n, department in enumerate(["civil_affairs", "civil_affairs", "fire", "fire"]):
        make_user(
            "inspector",
            department=department,
            enforcement_cert_no=f"沪3101{n:04d}",
            display_name=f"检查员{n + 1}",
        )


def test_the_bureau_runs_a_spot_check_plan_from_creation_to_publication(
    open_page, viewport, live_url, district, bureau_user, screens, client
):
    page = open_page()
    enter(page, live_url, "bureau", "动态清零")
    page.get_by_role("link", name="双随机").click()
    expect(page.get_by_role("heading", name="双随机抽查计划")).to_be_visible()
    page.get_by_role("link", name="新建抽查计划").click()
    expect(page.get_by_role("heading", name="新建抽查计划")).to_be_visible()
    page.get_by_label("计划名称").fill("2026年10月养老机构双随机抽查")
    page.get_by_label("检查开始日期").fill("2026-10-01")
    page.get_by_label("检查结束日期").fill("2026-10-31")
    page.get_by_label("抽查比例（%，各风险等级相同）").fill("100")
    page.get_by_role("checkbox", name="民政").check()
    page.get_by_role("checkbox", name="消防").last.check()
    # The named value turns public a few seconds after the announcement.
    public_after = datetime.now(SHANGHAI) + timedelta(seconds=8)
    page.get_by_label("随机数 1 名称").fill("演示随机数（几秒后公开）")
    page.locator("#source-0-at").fill(public_after.strftime("%Y-%m-%dT%H:%M:%S"))
    # A second named value, for a redraw (重抽).
    page.get_by_role("button", name="再加一个（重抽时使用）").click()
    page.get_by_label("随机数 2 名称").fill("演示随机数二（重抽时使用）")
    page.locator("#source-1-at").fill(public_after.strftime("%Y-%m-%dT%H:%M:%S"))
    screens(page, f"60-bureau-plan-new-{viewport}")
    page.get_by_role("button", name="保存计划（草稿）").click()
    expect(page.get_by_role("heading", name="2026年10月养老机构双随机抽查")).to_be_visible()
    expect(page.locator("[data-status]")).to_have_text("草稿")
    screens(page, f"61-bureau-plan-draft-{viewport}")

    page.get_by_role("button", name="公告计划").click()
    expect(page.locator("[data-status]")).to_have_text("已公告")
    screens(page, f"62-bureau-plan-announced-{viewport}")
    wait = (public_after - datetime.now(SHANGHAI)).total_seconds() + 1
    time.sleep(max(0.0, wait))
    page.get_by_label("公开的随机数（原样录入）").fill("03 07 12 19 25 31 + 09")
    page.get_by_role("button", name="抽取").click()
    expect(page.locator("[data-status]")).to_have_text("已抽取")
    teams = page.locator("#teams-h ~ ul.list > li")
    expect(teams).to_have_count(4)
    expect(teams.first).to_contain_text("检查组：检查员")
    expect(page.locator("#teams-h")).to_contain_text("第 1 次抽取")
    # 重抽: the next named value replaces the draw, for a reason from the list.
    page.get_by_text("重新抽取（须说明理由）").click()
    expect(page.get_by_text("演示随机数二（重抽时使用）", exact=True)).to_be_visible()
    page.get_by_label("理由", exact=True).select_option("inspector_unavailable")
    page.get_by_label("公开的随机数", exact=True).fill("05 11 16 22 28 33 + 02")
    page.get_by_label("说明（仅内部可见）").fill("抽中的检查员病假")
    page.get_by_role("button", name="重新抽取", exact=True).click()
    expect(page.locator("#teams-h")).to_contain_text("第 2 次抽取")
    expect(teams).to_have_count(4)
    page.get_by_role("button", name="重新运行并验证").click()
    expect(page.get_by_text("✓ 每次抽取均可复现")).to_be_visible()
    screens(page, f"63-bureau-plan-drawn-{viewport}")

    for n in range(4):
        select = page.locator("#teams-h ~ ul.list > li").nth(n).get_by_label("检查结果")
        select.select_option("unreachable")
        expect(
            page.locator("#teams-h ~ ul.list > li").nth(n).get_by_label("检查结果")
        ).to_have_value("unreachable")
    page.get_by_role("button", name="公开抽查结果").click()
    expect(page.locator("[data-status]")).to_have_text("已公开")
    link = page.get_by_role("link", name="公开的抽查结果页面")
    expect(link).to_be_visible()
    screens(page, f"64-bureau-plan-published-{viewport}")
    with page.expect_popup() as popup:
        link.click()
    public = popup.value
    expect(public.get_by_text("2026年10月养老机构双随机抽查").first).to_be_visible()
    plan_id = int(re.search(r"/public/spot-checks/(\d+)", public.url).group(1))
    published = client.get(f"{API}/public/spot-checks/{plan_id}")
    assert published.status_code == 200, published.json
    assert published.json["name"] == "2026年10月养老机构双随机抽查"


def test_the_auditor_sees_every_draw_verified(
    open_page, viewport, live_url, published_plan, make_user, screens
):
    make_user("auditor", username="audit1", display_name="审计员钱")
    page = open_page()
    enter(page, live_url, "audit1", "双随机抽查计划")
    screens(page, f"70-auditor-plans-{viewport}")
    page.locator(".list a").first.click()
    expect(page.get_by_role("heading", name="抽取审计")).to_be_visible()
    expect(page.get_by_text("✓ 1 次抽取均已在本页重新验证")).to_be_visible()
    expect(page.get_by_text("✓ 输入哈希一致")).to_be_visible()
    expect(page.get_by_text("✓ 种子一致")).to_be_visible()
    expect(page.get_by_text("✓ 抽取结果一致")).to_be_visible()
    # Each team's officers by id and department (from the frozen pool), each home's result.
    expect(page.get_by_text(re.compile(r"检查组：检查员 \d+（(民政|消防)）")).first).to_be_visible()
    expect(page.get_by_text(re.compile("结果：无法联系")).first).to_be_visible()
    inputs = page.locator("details", has_text="本次抽取的全部输入")
    inputs.get_by_text("本次抽取的全部输入").click()
    expect(inputs.locator("pre.json")).to_be_visible()
    expect(inputs.locator("pre.json")).to_contain_text("institutions")
    screens(page, f"71-auditor-audit-{viewport}")


def test_a_street_officer_sees_only_the_street(
    open_page, viewport, live_url, visit, make_institution, make_user, screens, client, token_for
):
    inspector_h = token_for(visit["inspector"])
    theirs = make_institution(name="岳阳街道颐养院", street="岳阳街道")
    submit_with_failures(client, inspector_h, visit["institution"].id, ["F-02"])
    submit_with_failures(client, inspector_h, theirs.id, ["F-01", "F-03"])
    make_user(
        "street",
        username="street_sj",
        display_name="泗泾镇民政科",
        department="civil_affairs",
        street="泗泾镇",
        enforcement_cert_no="沪3101-5501",
    )
    page = open_page()
    log_in(page, live_url, "street_sj")
    screens(page, f"80-street-tasks-{viewport}")
    page.get_by_role("link", name="泗泾镇动态清零").click()
    expect(page.get_by_role("heading", name="泗泾镇动态清零")).to_be_visible()
    expect(page.locator('[data-figure="在办一般隐患"]')).to_have_text("1")
    assert figure(page, "在办重大隐患") == "0"  # the other street's major hazard is not here
    expect(page.get_by_label("街镇")).to_have_count(0)  # no other street to choose
    homes = page.locator("#homes-h + ul")
    expect(homes).to_contain_text("泗泾镇第一敬老院")
    expect(homes).not_to_contain_text("岳阳街道颐养院")
    expect(page.get_by_role("img", name=re.compile("十二个月共发现 1 项"))).to_be_visible()
    page.get_by_role("button", name="生成报告").click()
    expect(page.get_by_role("status").last).to_contain_text("泗泾镇 月度报告已生成", timeout=30_000)
    screens(page, f"81-street-board-{viewport}")

    # The inspector's screens, scoped: only the street's homes to inspect.
    page.get_by_role("link", name="今日任务").click()
    page.get_by_role("link", name="开始新的检查").click()
    page.get_by_label("机构名称").fill("院")
    expect(page.get_by_role("button", name=re.compile("泗泾镇第一敬老院"))).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile("岳阳街道颐养院"))).to_have_count(0)


def test_a_rectification_made_offline_is_kept_and_sent_when_the_network_returns(
    phone, live_url, visit, screens, client, token_for
):
    inspector_h = token_for(visit["inspector"])
    (hazard_id,) = submit_with_failures(client, inspector_h, visit["institution"].id, ["F-02"])
    title = client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json["title"]
    enter(phone, live_url, "mgr001", "本机构隐患")
    phone.get_by_role("link", name=re.compile(re.escape(title))).click()
    expect(phone.get_by_role("heading", name="提交整改结果")).to_be_visible()

    phone.context.set_offline(True)
    phone.get_by_role("textbox", name="整改情况说明").fill("已更换闭门器")
    phone.get_by_label("整改后照片（至少一张）").set_input_files(
        files=[{"name": "door.jpg", "mimeType": "image/jpeg", "buffer": jpeg((200, 120, 60))}]
    )
    phone.get_by_role("button", name="提交整改").click()
    expect(phone.get_by_role("heading", name="整改结果待发送")).to_be_visible()
    expect(phone.get_by_text(re.compile("已保存在手机，2 项待发送"))).to_be_visible()
    assert client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json["status"] == "open"
    screens(phone, "36-manager-rectification-queued-phone")

    phone.context.set_offline(False)  # the queue goes on by itself when the network returns
    expect(phone.get_by_text("整改已提交，等待复查")).to_be_visible(timeout=20_000)
    sent = client.get(f"{API}/hazards/{hazard_id}", headers=inspector_h).json
    assert sent["status"] == "pending_review"
    assert len(sent["events"][-1]["photo_ids"]) == 1
