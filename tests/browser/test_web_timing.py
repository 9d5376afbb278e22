"""Time to interactive of a checklist screen at the phone viewport, warm and cold.

Warm: the service worker serves the shell from its cache. Cold: no HTTP cache and no
service worker, every file from the server. Both with the draft and its checklist in
IndexedDB, as when an inspector reopens an inspection. The figures are written to
``test-results/timing.json``; the warm budget is one second (docs/web.md)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OUTPUT, log_in, start_inspection

pytestmark = pytest.mark.browser

INTERACTIVE = "() => document.querySelector('#prompt input, .item input') && performance.now()"


def load_ms(page, url: str) -> float:
    page.goto(url)
    return page.wait_for_function(INTERACTIVE, polling="raf").json_value()


def test_a_checklist_screen_is_interactive_within_a_second_warm(phone, live_url, visit):
    log_in(phone, live_url, "insp_fire1")
    start_inspection(phone, "泗泾镇第一敬老院", None)
    phone.get_by_role("link", name="开始逐项检查").click()
    expect(phone.locator("#prompt")).to_be_visible()
    url = phone.url
    phone.evaluate("async () => { await navigator.serviceWorker.ready; }")
    phone.reload()  # now under the service worker's control
    expect(phone.locator("#prompt")).to_be_visible()
    assert phone.evaluate("() => Boolean(navigator.serviceWorker.controller)")

    warm = [load_ms(phone, url + "?warm") for _ in range(3)]
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.setBypassServiceWorker", {"bypass": True})
    cold = [load_ms(phone, url + "?cold") for _ in range(3)]
    # Cold again over a slow phone network (150 ms, 1.6 Mbit/s down) and a 4x slower CPU.
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 200_000,
            "uploadThroughput": 93_750,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    cold_slow = load_ms(phone, url + "?slow")

    figures = {
        "warm_ms": sorted(round(ms) for ms in warm),
        "cold_ms": sorted(round(ms) for ms in cold),
        "cold_slow_4g_4x_cpu_ms": round(cold_slow),
        "viewport": "390x844",
    }
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "timing.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print("checklist screen, time to interactive:", figures)
    # The budget is 1 s warm on a phone; here the suite's other worker (and whatever else
    # shares the machine) competes for the 2 cores, so the test guards against a regression
    # at three times the budget, and the figures of an idle run go in docs/web.md.
    assert min(warm) < 3000, figures
    assert min(cold) < 6000, figures
