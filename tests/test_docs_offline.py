"""``/docs`` works on a network without internet: Swagger UI's files come from the app."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from api import docs_assets

CONTENT_TYPES = {
    ".css": ("text/css",),
    ".js": ("text/javascript", "application/javascript"),
}


def referenced_urls(html: str) -> list[str]:
    """What the page loads over the network (``data:`` URLs, such as the empty favicon that
    spares a request, load nothing)."""
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    return [url for url in urls if not url.startswith("data:")]


def test_docs_page_references_no_external_host(client):
    response = client.get("/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    urls = referenced_urls(html)
    assert urls, "the page should load Swagger UI's stylesheet and scripts"
    for url in urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{url} is on another host"
    assert "://" not in html and "cdn." not in html


def test_every_asset_of_the_docs_page_is_served(client):
    html = client.get("/docs").get_data(as_text=True)
    urls = referenced_urls(html)
    kinds = {urlsplit(url).path.rsplit(".", 1)[-1] for url in urls}
    assert kinds == {"css", "js"}
    for url in urls:
        path = urlsplit(urljoin("http://localhost/docs", url)).path
        response = client.get(path)
        assert response.status_code == 200, path
        if path.rsplit("/", 1)[-1] in docs_assets.ASSETS:
            assert len(response.data) > 10_000, path  # Swagger UI's real files, not a stub
        expected = CONTENT_TYPES["." + path.rsplit(".", 1)[-1]]
        assert response.mimetype in expected, (path, response.content_type)
        response.close()


def test_only_swagger_ui_files_are_served(client):
    assert client.get("/docs/assets/index.html").status_code == 404
    assert client.get("/docs/assets/../__init__.py").status_code == 404
    response = client.get("/docs/assets/swagger-ui.css.map")
    assert response.status_code == 200
    response.close()
