"""The short per-process caches on the read path: token checks and checklist ETags."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from inspect_app.accounts import tokens
from inspect_app.checklists import versions as checklist_versions
from inspect_app.db import utcnow
from inspect_app.extensions import db
from inspect_app.models import AuthToken

API = "/api/v1"


@pytest.fixture
def caching():
    tokens.configure_token_cache(60)
    checklist_versions.configure_etag_cache(60)
    yield
    tokens.configure_token_cache(0)
    checklist_versions.configure_etag_cache(0)


def test_logout_ends_a_cached_token_at_once(client, caching, inspector_h):
    assert client.get(f"{API}/me", headers=inspector_h).status_code == 200
    assert client.post(f"{API}/auth/logout", headers=inspector_h).status_code == 204
    assert client.get(f"{API}/me", headers=inspector_h).status_code == 401


def test_a_token_revoked_elsewhere_can_still_read_briefly_but_never_write(
    client, caching, inspector_h, institution
):
    assert client.get(f"{API}/me", headers=inspector_h).status_code == 200
    # Another worker process revokes it: this process's cache has not heard.
    db.session.execute(update(AuthToken).values(revoked_at=utcnow()))
    db.session.commit()
    assert client.get(f"{API}/me", headers=inspector_h).status_code == 200
    body = {
        "institution_id": institution.id,
        "category": "fire",
        "severity": "general",
        "title": "测试",
    }
    assert client.post(f"{API}/hazards", json=body, headers=inspector_h).status_code == 401


def test_publishing_clears_the_cached_etag(client, caching, bureau_h):
    first = client.get(f"{API}/checklists/fire", headers=bureau_h)
    etag = first.headers["ETag"]
    cached = client.get(f"{API}/checklists/fire", headers={**bureau_h, "If-None-Match": etag})
    assert cached.status_code == 304
    document = {
        k: v for k, v in first.json.items() if k not in ("version", "content_hash", "published_at")
    }
    document["title"]["zh"] += "（修订）"
    assert client.post(f"{API}/checklists", json=document, headers=bureau_h).status_code == 201
    after = client.get(f"{API}/checklists/fire", headers={**bureau_h, "If-None-Match": etag})
    assert after.status_code == 200 and after.json["version"] == 2
