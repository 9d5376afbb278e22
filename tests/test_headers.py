"""Headers on every answer: security headers, a strict CSP on HTML pages with no inline
script or style, CORS only for configured origins, and caching by file name for the
static folders (the web client at /app/, here a fixture folder)."""

from __future__ import annotations

import re

import pytest

from api.headers import cache_control_for
from api.static_files import folder_blueprint
from inspect_app import create_app
from tests.conftest import PASSWORD

API = "/api/v1"
STRICT = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
}


def csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def assert_no_inline_code(html: str) -> None:
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    assert not re.search(r"\sstyle\s*=", html), "an inline style attribute"
    assert not re.search(r"\son[a-z]+\s*=", html), "an inline event handler"


def fresh_app(tmp_path, **config):
    """An app built with settings that ``create_app`` reads once (CORS, proxies, folders)."""
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "STORAGE_URL": str(tmp_path / "photos"),
            **config,
        },
        instance_path=str(tmp_path / "instance"),
    )


@pytest.mark.parametrize(
    "path", [f"{API}/healthz", f"{API}/hazards", "/nowhere", "/docs", "/docs/assets/swagger-ui.css"]
)
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: no HSTS
    response.close()


def test_no_answer_sets_a_cookie_and_a_sent_one_is_ignored(client, inspector):
    """Bearer tokens, never cookies: a login, an API answer and a 304 set none, and a
    cookie sent along (say, a forged Flask session) changes nothing."""
    login = client.post(
        f"{API}/auth/login", json={"username": inspector.username, "password": PASSWORD}
    )
    assert login.status_code == 200 and "Set-Cookie" not in login.headers
    bearer = {"Authorization": f"Bearer {login.get_json()['token']}"}
    client.set_cookie("session", "eyJ4IjoxfQ.forged.signature")
    first = client.get(f"{API}/checklists/fire", headers=bearer)
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    again = client.get(
        f"{API}/checklists/fire", headers={**bearer, "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and "Set-Cookie" not in again.headers
    assert client.get(f"{API}/me").status_code == 401  # a cookie is no credential


def test_hsts_over_tls_and_behind_a_trusted_tls_proxy_only(client, tmp_path):
    direct = client.get(f"{API}/healthz", base_url="https://inspect.example.cn")
    assert direct.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # X-Forwarded-Proto counts only from a proxy the app is told to trust
    forwarded = {"X-Forwarded-Proto": "https"}
    untrusted = client.get(f"{API}/healthz", headers=forwarded)
    assert "Strict-Transport-Security" not in untrusted.headers
    proxied = fresh_app(tmp_path, PROXY_FIX_X_PROTO=1).test_client()
    assert "Strict-Transport-Security" in proxied.get(f"{API}/healthz", headers=forwarded).headers


def test_the_docs_page_has_a_strict_csp_and_no_inline_code(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    policy = csp(page)
    for directive, value in STRICT.items():
        assert policy[directive] == value
    assert "unsafe" not in page.headers["Content-Security-Policy"]
    html = page.get_data(as_text=True)
    assert_no_inline_code(html)
    init = client.get("/docs/assets/swagger-init.js")
    assert init.status_code == 200 and b"SwaggerUIBundle" in init.data
    init.close()
    assert "Content-Security-Policy" not in client.get(f"{API}/healthz").headers  # JSON


def test_a_swagger_ui_from_another_server_is_allowed_by_the_docs_page_alone(app, client):
    app.config["OPENAPI_SWAGGER_UI_URL"] = "https://cdn.example.cn/swagger-ui@5/"
    page = client.get("/docs")
    assert 'src="https://cdn.example.cn/swagger-ui@5/swagger-ui-bundle.js"' in page.text
    policy = csp(page)
    assert policy["script-src"] == "'self' https://cdn.example.cn"
    assert policy["style-src"] == "'self' https://cdn.example.cn"
    assert policy["connect-src"] == "'self'"


def test_the_public_page_loads_its_stylesheet_from_a_file(client, published_plan):
    page = client.get(f"/public/spot-checks/{published_plan}")
    assert page.status_code == 200
    assert csp(page)["style-src"] == "'self'"
    html = page.get_data(as_text=True)
    assert_no_inline_code(html)
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    sheet = client.get(href)
    assert sheet.status_code == 200 and sheet.mimetype == "text/css"
    assert b"max-width:48rem" in sheet.data
    sheet.close()


# -- CORS --------------------------------------------------------------------------------


def preflight(client, origin: str):
    return client.options(
        f"{API}/hazards",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )


def test_no_cors_unless_origins_are_configured(client, inspector_h):
    answer = client.get(f"{API}/hazards", headers={**inspector_h, "Origin": "https://a.example"})
    assert answer.status_code == 200
    assert "Access-Control-Allow-Origin" not in answer.headers
    assert "Access-Control-Allow-Origin" not in preflight(client, "https://a.example").headers


def test_cors_answers_the_configured_origins_only(tmp_path):
    client = fresh_app(tmp_path, CORS_ORIGINS=["https://app.example.cn"]).test_client()
    allowed = preflight(client, "https://app.example.cn")
    assert allowed.status_code == 200  # a preflight carries no token, and needs none
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example.cn"
    assert "authorization" in allowed.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in allowed.headers  # tokens, no cookies
    refused = preflight(client, "https://evil.example")
    assert "Access-Control-Allow-Origin" not in refused.headers
    # the answer itself: readable by the allowed origin, with the headers a client needs
    answer = client.get(f"{API}/healthz", headers={"Origin": "https://app.example.cn"})
    assert answer.headers["Access-Control-Allow-Origin"] == "https://app.example.cn"
    exposed = answer.headers["Access-Control-Expose-Headers"]
    assert "ETag" in exposed and "Upload-Offset" in exposed and "X-Request-ID" in exposed
    # the API's token still guards everything but the preflight
    tokenless = client.get(f"{API}/hazards", headers={"Origin": "https://app.example.cn"})
    assert tokenless.status_code == 401


# -- caching of the web client's files ----------------------------------------------------


@pytest.fixture
def built_client(tmp_path):
    """A static folder as a bundler leaves a built client: entry points and hashed assets,
    served by ``folder_blueprint`` (as /public/assets is) on an app of its own."""
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(
        '<!doctype html><script type="module" src="assets/index-B1x_9QzA.js"></script>'
    )
    (folder / "sw.js").write_text("self.addEventListener('fetch', () => {});")
    (folder / "manifest.webmanifest").write_text('{"name": "安全检查"}')
    (folder / "assets" / "index-B1x_9QzA.js").write_text("console.log('app');")
    (folder / "assets" / "app.3f9a1c2e.css").write_text("body{margin:0}")
    (folder / "icon-192.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    app = fresh_app(tmp_path)
    app.register_blueprint(folder_blueprint("fixture_client", "/fixture", folder))
    return app.test_client()


@pytest.mark.parametrize(
    ("path", "cache_control"),
    [
        ("/fixture/", "no-cache"),
        ("/fixture/sw.js", "no-cache"),
        ("/fixture/manifest.webmanifest", "no-cache"),
        ("/fixture/assets/index-B1x_9QzA.js", "public, max-age=31536000, immutable"),
        ("/fixture/assets/app.3f9a1c2e.css", "public, max-age=31536000, immutable"),
        ("/fixture/icon-192.png", "no-cache"),  # no hash in its name: revalidated
    ],
)
def test_static_files_are_cached_by_name(built_client, path, cache_control):
    response = built_client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == cache_control
    assert "Expires" not in response.headers
    response.close()


def test_entry_points_revalidate_with_their_etag(built_client):
    first = built_client.get("/fixture/sw.js")
    etag = first.headers["ETag"]
    first.close()
    again = built_client.get("/fixture/sw.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    again.close()
    missing = built_client.get("/fixture/assets/gone.1234abcd.js")
    assert missing.status_code == 404 and missing.is_json
    assert built_client.get("/fixture/../pyproject.toml").status_code == 404


@pytest.mark.parametrize(
    "name",
    ["", "app.js", "app.css", "sw.js", "manifest.webmanifest", "icons/icon-192.png"],
)
def test_the_web_clients_files_follow_the_same_rule(client, name):
    """The web client (api/web_client.py) names its files without a hash today: all are
    revalidated; its page keeps its own strict policy."""
    response = client.get(f"/app/{name}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == cache_control_for(name or "index.html")
    assert response.headers["Cache-Control"] == "no-cache"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    response.close()
