"""The inspector without a signal (docs/web.md, "The send queue"): a whole inspection with
the network cut, or the server stopped; a reply cut off after the server saved it; a full
quota; a token ended while offline; service-worker updates that keep everything.

Each test waits for the service worker to be activated and controlling the page before
the network goes. What arrived is read from the database, never from the browser (whose
own requests are ``cache: "no-store"``)."""

from __future__ import annotations

import re
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect
from sqlalchemy import func, select
from werkzeug.serving import BaseWSGIServer, make_server

from inspect_app.extensions import db
from inspect_app.hazards.models import Hazard
from inspect_app.inspections.models import Answer, Inspection
from inspect_app.photos.models import Photo
from tests.browser.conftest import jpeg, log_in, start_inspection
from tests.browser.test_web_inspection import answer_current_item, next_item
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FAILED = {"F-02": 2, "F-08": 1}  # the items that fail, and the photos each gets


@dataclass
class Origin:
    """The app on a local port that a test can stop (connections refused) and start again
    on the same port, as a server going away, not only a browser set offline."""

    app: Any
    port: int = 0
    server: BaseWSGIServer | None = None
    thread: threading.Thread | None = field(default=None)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=False)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        assert self.server and self.thread
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
        self.server = None


@pytest.fixture
def origin(app) -> Iterator[Origin]:
    served = Origin(app)
    served.start()
    yield served
    if served.server:
        served.stop()


def wait_for_service_worker(page: Page) -> None:
    """The service worker activated and controlling this page (else an offline reload fails)."""
    page.wait_for_function(
        """async () => {
            const reg = await navigator.serviceWorker.ready;
            return reg.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
        }"""
    )


def synced(page: Page) -> None:
    expect(page.get_by_role("status").first).to_have_text("已保存并同步")


def the_inspection() -> Inspection:
    db.session.expire_all()
    (inspection,) = db.session.scalars(select(Inspection)).all()
    return inspection


def count(model: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def arrived_once(inspection_id: str) -> None:
    """The database holds the inspection once, submitted, every answer once, each failed
    answer with its photos, one photo row per photo, one hazard per failure."""
    inspection = the_inspection()
    assert str(inspection.id) == inspection_id
    assert inspection.status == "submitted"
    answers = db.session.scalars(select(Answer).where(Answer.inspection_id == inspection.id)).all()
    codes = [a.item_code for a in answers]
    assert len(codes) == len(set(codes)) == 17
    assert {a.item_code: len(a.photo_ids or []) for a in answers if a.result == "fail"} == FAILED
    # One row per distinct photo (F-02's first and F-08's are the same bytes: one photo).
    cited = {str(i) for a in answers for i in a.photo_ids or []}
    assert {str(p.id) for p in db.session.scalars(select(Photo))} == cited
    assert len(cited) == 2
    assert count(Hazard) == len(FAILED)


def fill_every_item(page: Page, reload_after: str | None = None) -> None:
    """Answer every item from the first: pass, or fail with a note and photos."""
    page.get_by_role("link", name="开始逐项检查").click()
    while True:
        expect(page.locator("#prompt")).to_be_visible()
        code = answer_current_item(page, FAILED.get(code_on_screen(page)))
        if code == reload_after:
            page.reload()  # offline: the service worker serves the shell, IndexedDB the rest
            expect(page.locator(".item .meta")).to_contain_text(code)
            expect(page.get_by_role("radio", name="不合格", exact=True)).to_be_checked()
            expect(page.locator(".thumbs img")).to_have_count(FAILED[code])
            expect(page.locator(".thumbs .tag").first).to_have_text("待上传")
        if not next_item(page):
            return


def code_on_screen(page: Page) -> str:
    return page.locator(".item .meta").inner_text().split(" · ")[1].strip()


@pytest.mark.parametrize("cut", ["browser offline", "server stopped"])
def test_a_whole_inspection_without_a_signal_arrives_once(
    phone, origin, visit, screens, cut
) -> None:
    checklist_replies: list[int] = []
    phone.on(
        "response",
        lambda r: r.url.endswith("/checklists/fire") and checklist_replies.append(r.status),
    )
    log_in(phone, origin.url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", "李执法")
    wait_for_service_worker(phone)
    synced(phone)
    inspection_id = phone.url.split("/i/")[1].split("/")[0]
    # The checklist was kept with its ETag at login, then revalidated: 304, not sent again.
    assert checklist_replies[:2] == [200, 304]

    # The network goes before the first answer.
    if cut == "browser offline":
        phone.context.set_offline(True)
    else:
        origin.stop()
    fill_every_item(phone, reload_after="F-02")
    expect(phone.get_by_role("status").first).to_contain_text("待发送")
    expect(phone.get_by_role("status").first).to_contain_text("含照片 3 张")
    screens(phone, "30-offline-item-waiting")
    phone.get_by_role("link", name="检查并提交").click()
    phone.get_by_role("button", name="提交检查").click()
    expect(phone.get_by_role("heading", name="已提交到手机")).to_be_visible()
    expect(phone.get_by_role("status").first).to_contain_text("无网络")
    screens(phone, "31-offline-submitted-waiting")
    # Nothing has reached the server but the inspection made before the cut.
    assert the_inspection().status == "draft"
    assert count(Answer) == 0 and count(Photo) == 0

    # The network returns: the browser says "online" by itself; a server back up is
    # noticed on the backoff's timer, or at once with "立即发送".
    if cut == "browser offline":
        phone.context.set_offline(False)
    else:
        origin.start()
        phone.get_by_role("button", name="立即发送").click()
    expect(phone.get_by_role("heading", name="发现的隐患（2）")).to_be_visible(timeout=30_000)
    arrived_once(inspection_id)
    phone.get_by_role("link", name="回到今日任务").click()
    expect(phone.get_by_text("没有待发送的内容")).to_be_visible()


def test_replies_cut_off_after_the_server_saved_count_as_sent(phone, origin, visit) -> None:
    """The server saves, the reply never reaches the phone (the connection drops): the
    retry is answered as a success and the database holds one row of each."""
    log_in(phone, origin.url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", "李执法")
    wait_for_service_worker(phone)
    synced(phone)
    inspection_id = phone.url.split("/i/")[1].split("/")[0]
    cut: dict[str, int] = {}

    def deliver_then_drop(kind: str) -> Callable[[Route], None]:
        def handler(route: Route) -> None:
            if cut.get(kind) or (kind == "upload" and route.request.method != "PATCH"):
                route.continue_()
                return
            cut[kind] = route.fetch().status  # the server has it now
            route.abort("connectionreset")

        return handler

    phone.route("**/api/v1/inspections/*/answers", deliver_then_drop("answers"))
    phone.route("**/api/v1/uploads/*", deliver_then_drop("upload"))
    phone.route("**/api/v1/inspections/*/submit", deliver_then_drop("submit"))
    fill_every_item(phone)
    phone.get_by_role("link", name="检查并提交").click()
    phone.get_by_role("button", name="提交检查").click()
    expect(phone.get_by_role("heading", name="已提交到手机")).to_be_visible()
    phone.get_by_role("button", name="立即发送").click()
    expect(phone.get_by_role("heading", name="发现的隐患（2）")).to_be_visible(timeout=30_000)
    assert cut == {"answers": 200, "upload": 204, "submit": 200}
    arrived_once(inspection_id)


def test_a_token_ended_offline_waits_for_a_login_and_logging_out_warns(
    phone, origin, visit
) -> None:
    from inspect_app.models import AuthToken

    log_in(phone, origin.url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", "李执法")
    wait_for_service_worker(phone)
    synced(phone)
    phone.context.set_offline(True)
    phone.get_by_role("link", name="开始逐项检查").click()
    phone.get_by_role("radio", name="合格", exact=True).check()
    expect(phone.get_by_role("status").first).to_contain_text("1 项待发送")
    # While offline, the session ends on the server (expired, or logged out elsewhere).
    db.session.query(AuthToken).delete()
    db.session.commit()
    phone.context.set_offline(False)
    dialog = phone.get_by_role("dialog")
    expect(dialog).to_contain_text("登录已过期")
    assert count(Answer) == 0  # the queue waits; the answer stays queued
    dialog.get_by_label("密码").fill(PASSWORD)
    dialog.get_by_role("button", name="登录").click()
    expect(dialog).to_be_hidden()
    synced(phone)
    assert count(Answer) == 1

    # Logging out with something unsent asks first; declining keeps the session.
    phone.context.set_offline(True)
    next_item(phone)
    phone.get_by_role("radio", name="合格", exact=True).check()
    expect(phone.get_by_role("status").first).to_contain_text("1 项待发送")
    phone.goto(origin.url + "/app/#/")
    asked: list[str] = []

    def decline(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    phone.once("dialog", decline)
    phone.get_by_role("button", name="退出").click()
    for _ in range(100):  # the question comes once the queue has been counted
        if asked:
            break
        phone.wait_for_timeout(100)
    assert asked and "1 项内容未发送" in asked[0]
    expect(phone.get_by_role("heading", name="今日任务")).to_be_visible()
    expect(phone.locator(".outbox")).to_contain_text("1 项待发送")


def test_a_full_quota_is_said_and_nothing_typed_is_lost(phone, origin, visit, screens) -> None:
    # Room for the shell, the session and a checklist, not for a real photo. (Chromium
    # applies the override to storage opened after it: it is set before the first visit.)
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin.url, "quotaSize": 1_500_000})
    log_in(phone, origin.url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", "李执法")
    wait_for_service_worker(phone)
    synced(phone)
    phone.get_by_role("link", name="开始逐项检查").click()
    expect(phone.locator("#prompt")).to_be_visible()
    phone.get_by_role("radio", name="不合格", exact=True).check()
    phone.get_by_label("备注").fill("灭火器压力不足")
    phone.locator("input[type=file]").set_input_files(
        files=[{"name": "big.jpg", "mimeType": "image/jpeg", "buffer": noisy_jpeg()}]
    )
    banner = phone.get_by_role("alert").filter(has_text="手机存储空间已满")
    expect(banner).to_be_visible()
    expect(phone.get_by_label("备注")).to_have_value("灭火器压力不足")  # still on screen
    expect(phone.locator(".thumbs img")).to_have_count(0)  # the photo was not kept: retake
    expect(phone.get_by_text("请刷新页面后再试")).to_have_count(0)  # never told to reload
    screens(phone, "32-storage-full")
    phone.get_by_label("备注").fill("灭火器压力不足，已告知院长")  # small enough to keep
    expect(banner).to_be_visible()  # the warning stays: the photo is still to be retaken

    cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin.url})  # space freed
    banner.get_by_role("button", name="重新保存").click()
    expect(banner).to_be_hidden()
    synced(phone)
    phone.reload()
    expect(phone.get_by_label("备注")).to_have_value("灭火器压力不足，已告知院长")
    expect(phone.get_by_role("radio", name="不合格", exact=True)).to_be_checked()
    phone.locator("input[type=file]").set_input_files(
        files=[{"name": "big.jpg", "mimeType": "image/jpeg", "buffer": noisy_jpeg()}]
    )
    expect(phone.locator(".thumbs .tag")).to_have_text("已上传", timeout=15_000)
    synced(phone)
    db.session.expire_all()
    (answer,) = db.session.scalars(select(Answer)).all()
    assert (answer.result, answer.note) == ("fail", "灭火器压力不足，已告知院长")
    assert len(answer.photo_ids) == 1


def noisy_jpeg() -> bytes:
    """A JPEG of random pixels: large, as a real photo is (about 2.5 MB)."""
    import io
    import random

    from PIL import Image

    rng = random.Random(22)
    image = Image.frombytes("RGB", (1200, 900), rng.randbytes(1200 * 900 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


# --- updates ------------------------------------------------------------------------


@pytest.fixture
def dist(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the built client served in place of web/dist, to publish a new version."""
    import api.web_client

    copy = tmp_path / "dist"
    shutil.copytree(api.web_client.FOLDER, copy)
    monkeypatch.setattr(api.web_client, "FOLDER", copy)
    return copy


def publish(dist: Path, marker: str, missing: str | None = None) -> None:
    """A new version: app.css changed (its revision with it) and, with ``missing``, a file
    in the precache list that the server answers 404."""
    css = dist / "app.css"
    css.write_text(css.read_text(encoding="utf-8") + f"\n/* {marker} */\n", encoding="utf-8")
    sw = dist / "sw.js"
    text = sw.read_text(encoding="utf-8")
    text, found = re.subn(
        r'\{url:"app\.css",revision:"[0-9a-f]+"\}', f'{{url:"app.css",revision:"{marker}"}}', text
    )
    assert found == 1, "the precache list's form changed"
    if missing:
        text = text.replace(
            '{url:"app.css"', f'{{url:"{missing}",revision:"{marker}"}},{{url:"app.css"', 1
        )
    sw.write_text(text, encoding="utf-8")


UPDATE = """async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    try { await reg.update(); } catch (e) { /* an install that fails may reject */ }
    const worker = reg.installing || reg.waiting;
    if (!worker) return reg.active.state;
    if (worker.state === 'redundant' || worker.state === 'activated') return worker.state;
    return await new Promise(resolve => worker.addEventListener('statechange', () => {
        if (worker.state === 'redundant' || worker.state === 'activated') resolve(worker.state);
    }));
}"""

SHELL_CSS = "async () => (await (await fetch('app.css')).text()).slice(-40)"


def test_a_new_service_worker_keeps_every_unsent_record_and_checklist(
    phone, dist, origin, visit
) -> None:
    log_in(phone, origin.url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", "李执法")
    wait_for_service_worker(phone)
    synced(phone)
    inspection_id = phone.url.split("/i/")[1].split("/")[0]
    # The API is unreachable (the shell still is): records wait in the queue.
    phone.route("**/api/v1/**", lambda route: route.abort("internetdisconnected"))
    fill_every_item(phone)
    phone.get_by_role("link", name="检查并提交").click()
    phone.get_by_role("button", name="提交检查").click()
    expect(phone.get_by_role("heading", name="已提交到手机")).to_be_visible()
    waiting = phone.evaluate(OUTBOX)
    assert waiting["outbox"] == 17 + 3 + 1 and waiting["checklists"] >= 2

    publish(dist, "version-2")
    assert phone.evaluate(UPDATE) == "activated"
    assert "version-2" in phone.evaluate(SHELL_CSS)  # the new version serves the shell
    assert phone.evaluate(OUTBOX) == waiting  # every unsent record and checklist kept

    # Offline, the new version opens with everything kept; back online, all of it arrives.
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.get_by_role("heading", name="已提交到手机")).to_be_visible()
    phone.unroute("**/api/v1/**")
    phone.context.set_offline(False)
    expect(phone.get_by_role("heading", name="发现的隐患（2）")).to_be_visible(timeout=30_000)
    arrived_once(inspection_id)


OUTBOX = """async () => {
    const open = indexedDB.open('eldercare-inspect');
    const db = await new Promise((ok, ko) => {
        open.onsuccess = () => ok(open.result);
        open.onerror = ko;
    });
    const countOf = name => new Promise(ok => {
        const req = db.transaction(name).objectStore(name).count();
        req.onsuccess = () => ok(req.result);
    });
    const out = {outbox: await countOf('outbox'), checklists: await countOf('checklists'),
                 photos: await countOf('photos'), drafts: await countOf('drafts')};
    db.close();
    return out;
}"""


def test_a_new_version_with_a_file_missing_leaves_the_old_one_working(
    phone, dist, origin, visit
) -> None:
    log_in(phone, origin.url, "insp_fire1")
    wait_for_service_worker(phone)
    before = phone.evaluate(SHELL_CSS)
    publish(dist, "broken-version", missing="missing.js")
    assert phone.evaluate(UPDATE) == "redundant"  # its install failed on the 404
    assert phone.evaluate(SHELL_CSS) == before  # the old version still serves the shell
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.get_by_role("heading", name="今日任务")).to_be_visible()
    assert (
        phone.evaluate("async () => (await navigator.serviceWorker.getRegistration()).active.state")
        == "activated"
    )


def test_a_refusal_retrying_cannot_fix_is_shown_with_what_to_do_and_the_data_kept(
    phone, origin, visit, screens
) -> None:
    """The inspection was submitted from another phone meanwhile: the server refuses the
    next answer (409). The queue stops that inspection's sending, says what to do, and
    keeps the answer on the phone."""
    log_in(phone, origin.url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", "李执法")
    synced(phone)
    phone.get_by_role("link", name="开始逐项检查").click()
    with phone.expect_response("**/answers") as sent:
        phone.get_by_role("radio", name="合格", exact=True).check()
    assert sent.value.status == 200
    synced(phone)
    inspection = the_inspection()
    inspection.status = "submitted"
    db.session.commit()

    next_item(phone)
    phone.get_by_role("radio", name="合格", exact=True).check()
    refused = phone.get_by_role("alert").filter(has_text="状态已变化")
    expect(refused).to_contain_text("请联系区民政局核对")
    expect(refused).to_contain_text("数据仍保存在手机上")
    expect(phone.get_by_role("status").first).to_contain_text("1 项被服务器退回")
    screens(phone, "33-refused")
    phone.reload()
    expect(phone.get_by_role("radio", name="合格", exact=True)).to_be_checked()
    expect(phone.get_by_role("status").first).to_contain_text("1 项被服务器退回")
    # Today's tasks list it too, with the phone's storage in use.
    phone.goto(origin.url + "/app/#/")
    expect(phone.locator(".outbox")).to_contain_text("1 项被退回，见下方说明")
    expect(phone.get_by_text(re.compile("本机已用存储"))).to_be_visible()
    screens(phone, "34-tasks-outbox")
    db.session.expire_all()
    assert count(Answer) == 1


def test_storage_unavailable_is_said_clearly(phone, origin, visit, screens) -> None:
    """A browser that refuses IndexedDB (as some private browsing does): said over every
    screen, before anything is typed; logging in still works for this page."""
    phone.add_init_script(
        """Object.defineProperty(window, 'indexedDB', {get() { return {
            open() { throw new DOMException('private browsing', 'InvalidStateError'); },
        }; }});"""
    )
    phone.goto(origin.url + "/app/")
    banner = phone.get_by_role("alert").filter(has_text="此浏览器不能在手机上保存数据")
    expect(banner).to_contain_text("无痕")
    screens(phone, "35-storage-unavailable")
    phone.get_by_label("用户名").fill("insp_fire1")
    phone.get_by_label("密码").fill(PASSWORD)
    phone.get_by_role("button", name="登录").click()
    expect(phone.get_by_role("heading", name="今日任务")).to_be_visible()
    expect(banner).to_be_visible()


def test_an_inspection_started_without_a_signal(phone, origin, visit) -> None:
    """The lists an inspection starts from (institutions, officers, checklists) are kept
    from the last time online: a new inspection is started, set up and answered offline,
    and reaches the server once the network returns."""
    log_in(phone, origin.url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", None)  # online once: the lists are kept
    wait_for_service_worker(phone)
    synced(phone)
    phone.goto(origin.url + "/app/#/")
    phone.context.set_offline(True)
    start_inspection(phone, "泗泾镇第一敬老院", "李执法")
    phone.get_by_role("link", name="开始逐项检查").click()
    phone.get_by_role("radio", name="合格", exact=True).check()
    expect(phone.get_by_role("status").first).to_contain_text("待发送")
    new_id = phone.url.split("/i/")[1].split("/")[0]
    phone.context.set_offline(False)
    synced(phone)
    db.session.expire_all()
    started = db.session.get(Inspection, uuid.UUID(new_id))
    assert started is not None and started.present_person_name == "王秀英"
    assert [a.item_code for a in started.answers] == ["F-01"]


def test_photos_taken_in_quick_succession_all_arrive(phone, origin, visit) -> None:
    log_in(phone, origin.url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", None)
    wait_for_service_worker(phone)
    synced(phone)
    phone.context.set_offline(True)
    phone.get_by_role("link", name="开始逐项检查").click()
    next_item(phone)  # F-02
    phone.get_by_role("radio", name="不合格", exact=True).check()
    camera = phone.locator("input[type=file]")
    for n in range(4):  # one after the other, without waiting for the previous one
        camera.set_input_files(
            files=[
                {"name": f"p{n}.jpg", "mimeType": "image/jpeg", "buffer": jpeg((60 * n, 20, 90))}
            ],
            no_wait_after=True,
        )
    expect(phone.locator(".thumbs img")).to_have_count(4)
    phone.context.set_offline(False)
    expect(phone.locator(".thumbs .tag", has_text="已上传")).to_have_count(4, timeout=20_000)
    synced(phone)
    db.session.expire_all()
    (answer,) = db.session.scalars(select(Answer)).all()
    assert answer.item_code == "F-02" and len(set(answer.photo_ids)) == 4
    assert count(Photo) == 4
