"""The HTML pages under their strict Content-Security-Policy, in Chromium (Debian's,
driven by Playwright; tests/browser/conftest.py): Swagger UI on /docs starts from its
script file and shows the operations, the public spot-check page takes its stylesheet
from a file, and the browser reports no violation of the policy; an inline style added
to a page is refused (the policy holds)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(browser):
    """A desktop page (the docs are read at a desk); console errors and page errors kept."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems  # type: ignore[attr-defined]
    yield page
    context.close()


def csp_violations(page) -> list[str]:
    return [text for text in page.problems if "Content Security Policy" in text]


def test_swagger_ui_works_under_the_strict_policy(live_url, browser_page):
    page = browser_page
    answer = page.goto(f"{live_url}/docs")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=60_000)  # the operations, from the document
    assert page.locator(".opblock").count() > 50
    assert "Eldercare Safety Inspection API" in page.locator(".info .title").inner_text()
    page.locator(".opblock-summary").first.click()  # an operation opens
    page.wait_for_selector(".opblock-body", timeout=10_000)
    assert csp_violations(page) == []
    assert page.problems == []


def test_the_public_page_is_styled_from_its_file_under_the_policy(
    live_url, browser_page, published_plan
):
    page = browser_page
    answer = page.goto(f"{live_url}/public/spot-checks/{published_plan}")
    assert answer.status == 200
    assert "style-src 'self'" in answer.headers["content-security-policy"]
    assert page.locator("h1").inner_text() == "2026年第四季度养老机构双随机抽查"
    # the stylesheet file applied: body{max-width:48rem}
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "768px"
    assert page.locator("tbody tr").count() == 2
    assert csp_violations(page) == []
    assert page.problems == []


def test_the_policy_refuses_an_inline_style(live_url, browser_page, published_plan):
    """The control: Chromium enforces the header, so the checks above could fail."""
    page = browser_page
    page.goto(f"{live_url}/public/spot-checks/{published_plan}")
    page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'body { max-width: 10px }'; document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "768px"
    assert csp_violations(page), page.problems
