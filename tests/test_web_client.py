"""The web client's files as the app serves them: /app/, the manifest and icons, and /."""

from __future__ import annotations

import json
import re

import pytest

from inspect_app.config import PROJECT_ROOT

DIST = PROJECT_ROOT / "web" / "dist"


def fetch(client, path):
    """The answer, read whole and closed (a file answer holds the file open until then)."""
    response = client.get(path)
    response.get_data()
    response.close()
    return response


def test_root_redirects_a_browser_to_the_app(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/app/")
    assert client.get("/app").status_code == 301


def test_app_page_is_served_with_a_strict_policy(client):
    response = fetch(client, "/app/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    assert 'src="app.js"' in page and 'href="manifest.webmanifest"' in page
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["ETag"]


def test_manifest_names_icons_that_are_served(client):
    response = fetch(client, "/app/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["start_url"] == "/app/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        served = fetch(client, "/app/" + icon["src"])
        assert served.status_code == 200, icon
        assert served.mimetype == icon["type"]
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


@pytest.mark.parametrize("path", ["/app/nothing.js", "/app/../wsgi.py", "/app/%2e%2e/wsgi.py"])
def test_only_built_files_are_served(client, path):
    assert fetch(client, path).status_code == 404


def test_the_bundle_loads_nothing_from_another_host():
    for path in DIST.rglob("*"):
        if path.suffix in {".html", ".css", ".webmanifest"}:
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), path
            assert "url(http" not in text and "@import" not in text, path


def test_the_service_worker_precaches_every_file_of_the_build():
    worker = (DIST / "sw.js").read_text(encoding="utf-8")
    for path in DIST.rglob("*"):
        if path.is_file() and path.name != "sw.js":
            url = path.relative_to(DIST).as_posix()
            assert f'"{"./" if url == "index.html" else url}"' in worker, path


# ``import{a as b}from"./chunk.js";`` at a statement's start; ``import("./x.js")`` is not.
STATIC_IMPORT = re.compile(r'(?:^|;)import\s*(?:[^"\';(]*?from\s*)?"(\./[^"]+\.js)"')


def static_imports(name: str) -> set[str]:
    """A script of the build and every chunk it imports statically (not ``import()``)."""
    found = {name}
    text = (DIST / name).read_text(encoding="utf-8")
    folder = (DIST / name).parent.relative_to(DIST)
    for target in re.findall(STATIC_IMPORT, text):
        found |= static_imports((folder / target).as_posix().removeprefix("./"))
    return found


def gzipped(names: set[str]) -> int:
    import gzip

    return sum(len(gzip.compress((DIST / name).read_bytes(), 9)) for name in names)


def test_the_shell_stays_within_its_150_kb_budget_gzipped():
    """What a phone downloads before the first screen: the page, its script (with the
    chunks it imports) and style."""
    shell = static_imports("app.js") | {"index.html", "app.css"}
    assert any(name.startswith("chunks/") for name in shell)  # the check follows imports
    assert gzipped(shell) <= 150 * 1024, gzipped(shell)


@pytest.mark.parametrize("role", ["manager", "bureau", "auditor"])
def test_each_role_s_screens_are_a_lazy_part_within_60_kb_gzipped(role):
    """The other roles' screens are loaded by ``import()`` when that role logs in: the
    inspector's phone never fetches them. Each part, beyond the shell, stays small."""
    shell = static_imports("app.js")
    (entry,) = [p.relative_to(DIST).as_posix() for p in (DIST / "chunks").glob(f"{role}-*.js")]
    assert entry not in shell
    app = (DIST / "app.js").read_text(encoding="utf-8")
    assert f'import("./{entry}")' in app
    part = static_imports(entry) - shell
    assert 0 < gzipped(part) <= 60 * 1024, gzipped(part)
