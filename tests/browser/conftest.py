"""The web client in headless Chromium (Debian's, never a downloaded one), driven by
Playwright at a phone's viewport against the app served on a local port.

Each test gets the app with a fresh database (the ``app`` fixture) served by a
single-threaded server in a thread, and a new browser context (its own IndexedDB,
cache and service worker). Screenshots go to ``$TEST_OUTPUT`` (``test-results/``)."""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from werkzeug.serving import make_server

from inspect_app.config import PROJECT_ROOT
from tests.conftest import PASSWORD

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser")
# Root in CI needs --no-sandbox; the rest keeps Chromium off the network it has not got.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
OUTPUT = Path(os.environ.get("TEST_OUTPUT") or PROJECT_ROOT / "test-results")
AXE = PROJECT_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class OneRequestAtATime:
    """The live server's requests and the test's own ``client`` wait for each other.

    On SQLite both use the one in-memory connection (StaticPool): a request from the test
    thread while the server is in the middle of one would see that request's uncommitted
    writes, or end (roll back) its transaction half-way, and the other way round."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.wsgi_app(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()


@pytest.fixture
def live_url(app):
    """The app (this test's fresh database) on a local port, one request at a time."""
    served = app.wsgi_app
    app.wsgi_app = OneRequestAtATime(served)
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    app.wsgi_app = served


@pytest.fixture
def phone(browser, request):
    """A new browser context at the phone viewport (``@pytest.mark.viewport(w, h)`` for
    another); its page."""
    marker = request.node.get_closest_marker("viewport")
    size = {"width": marker.args[0], "height": marker.args[1]} if marker else PHONE["viewport"]
    context = browser.new_context(**{**PHONE, "viewport": size})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture
def screens(request):
    """Screenshots of this test's screens, and axe-core's check of each."""
    folder = OUTPUT / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `make web` (npm ci in web/)")
    axe_source = AXE.read_text(encoding="utf-8")

    def shoot(page, name: str) -> None:
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, 0)")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow} px wider than the screen"
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        # axe runs in the page through the DevTools protocol (no script tag: the app's
        # policy refuses inline scripts, as it should).
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
        )
        assert not violations, f"{name}: {violations}"

    return shoot


def jpeg(color: tuple[int, int, int], size=(800, 600)) -> bytes:
    """A real JPEG, as a phone's camera would hand it over."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


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


def start_inspection(page, institution_name: str, officer: str | None, screens=None) -> None:
    page.get_by_role("link", name="开始新的检查").click()
    page.get_by_label("机构名称").fill(institution_name[:3])
    expect(page.get_by_role("button", name=re.compile(institution_name))).to_have_count(1)
    if screens:
        screens(page, "04-pick-institution")
    page.get_by_role("button", name=re.compile(institution_name)).click()
    expect(page.get_by_role("heading", name="现场核实机构情况")).to_be_visible()
    # Wait for the officers and the checklists (nothing left in flight).
    expect(page.get_by_role("group", name="添加同行检查人员")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile("消防安全检查表"))).to_be_checked()
    if officer:
        page.get_by_role("checkbox", name=re.compile(officer)).check()
        expect(page.get_by_text("已有两名持证人员")).to_be_visible()
        page.get_by_role("button", name="与名录一致，确认").click()
        expect(page.get_by_text("已现场核实")).to_be_visible()
        page.get_by_label("姓名").fill("王秀英")
        page.get_by_label("职务").fill("院长")
        page.get_by_label("职务").blur()
