"""Caches on the read path: checklist ETags may be cached briefly; token checks never are."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from inspect_app.checklists import versions as checklist_versions
from inspect_app.clock import utcnow
from inspect_app.extensions import db
from inspect_app.models import AuthToken

API = "/api/v1"


@pytest.fixture
def caching():
    checklist_versions.configure_etag_cache(60)
    yield
    checklist_versions.configure_etag_cache(0)


def test_logout_ends_a_cached_token_at_once(client, caching, inspector_h):
    assert client.get(f"{API}/me", headers=inspector_h).status_code == 200
    assert client.post(f"{API}/auth/logout", headers=inspector_h).status_code == 204
    assert client.get(f"{API}/me", headers=inspector_h).status_code == 401


def test_a_token_revoked_elsewhere_stops_reading_at_once(client, caching, inspector_h):
    assert client.get(f"{API}/me", headers=inspector_h).status_code == 200
    # Another worker process revokes it (logout there): this process must not serve it.
    db.session.execute(update(AuthToken).values(revoked_at=utcnow()))
    db.session.commit()
    assert client.get(f"{API}/me", headers=inspector_h).status_code == 401
    assert client.get(f"{API}/checklists/fire", headers=inspector_h).status_code == 401


def test_an_expired_token_stops_reading_at_once(client, caching, inspector_h):
    assert client.get(f"{API}/me", headers=inspector_h).status_code == 200
    db.session.execute(update(AuthToken).values(expires_at=utcnow()))
    db.session.commit()
    assert client.get(f"{API}/me", headers=inspector_h).status_code == 401


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
