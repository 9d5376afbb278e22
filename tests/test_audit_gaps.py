"""The audit's last gap: a hazard whose events were all deleted (and its count zeroed,
its head cleared) before any checkpoint covered it. Every hazard has a ``found`` event,
so a hazard row without one, or whose count disagrees with its events, is named."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from inspect_app.extensions import db
from tests.conftest import ON_POSTGRES
from tests.test_hazards import photo_ids, raised, tamper  # noqa: F401  (fixtures)

API = "/api/v1"


def _key(hazard_id: str) -> str:
    return hazard_id if ON_POSTGRES else uuid.UUID(hazard_id).hex


def test_a_hazard_whose_events_were_all_deleted_is_named(client, raised, bureau_h, runner):  # noqa: F811
    assert client.get(f"{API}/audit/verify", headers=bureau_h).json["ok"] is True
    hazard = raised["general"]
    tamper(f"DELETE FROM hazard_events WHERE hazard_id = '{_key(hazard)}'")
    db.session.execute(
        text("UPDATE hazards SET event_count = 0, events_head = NULL WHERE id = :id"),
        {"id": _key(hazard)},
    )
    db.session.commit()
    answer = client.get(f"{API}/audit/verify", headers=bureau_h).json
    assert answer["ok"] is False
    assert answer["first_bad"]["hazard_id"] == hazard
    assert "found" in answer["first_bad"]["reason"]
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code != 0 and hazard in result.output


def test_a_hazard_whose_count_disagrees_with_its_events_is_named(client, raised, bureau_h):  # noqa: F811
    hazard = raised["major"]
    db.session.execute(
        text("UPDATE hazards SET event_count = event_count + 1 WHERE id = :id"),
        {"id": _key(hazard)},
    )
    db.session.commit()
    answer = client.get(f"{API}/audit/verify", headers=bureau_h).json
    assert answer["ok"] is False
    assert answer["first_bad"]["hazard_id"] == hazard
