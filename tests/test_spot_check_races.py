"""Spot-check changes that race, against a real threaded server on either database: every
change of a plan, a draw or a selection is a claim. Of two conflicting changes exactly one
wins and the other answers 409; the same change repeated answers 200 with the state as it
stands; a published plan never changes afterwards."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import select

from inspect_app.accounts.tokens import token_digest
from inspect_app.extensions import db
from inspect_app.models import AuthToken, Institution, SpotCheckPlan, SpotCheckSelection, User
from tests.conftest import valid_credit_code
from tests.test_races import at_once, live  # noqa: F401  (the real server fixture)
from tests.test_spot_checks import LOTTERY, later, sources

pytestmark = pytest.mark.slow

# Ten at once: enough for every interleaving to show, few enough that SQLite's writers,
# one at a time, stay within its busy timeout on a loaded two-core machine.
RACERS = 10


def _token(user: User) -> dict:
    token = secrets.token_urlsafe(32)
    db.session.add(
        AuthToken(
            token_hash=token_digest(token),
            user_id=user.id,
            expires_at=datetime.now(UTC) + timedelta(days=400),
        )
    )
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def district(live):  # noqa: F811
    """The bureau's token, four certified inspectors and four more operating homes."""
    with live["app"].app_context():
        bureau = User(username="chief", password_hash="x", display_name="局", role="bureau")
        db.session.add(bureau)
        for n, department in enumerate(["civil_affairs", "civil_affairs", "fire", "fire"]):
            db.session.add(
                User(
                    username=f"cert{n}",
                    password_hash="x",
                    display_name=f"检查员{n}",
                    role="inspector",
                    department=department,
                    enforcement_cert_no=f"沪31011700{n:02d}",
                )
            )
        for n in range(4):
            db.session.add(
                Institution(
                    name=f"抽查养老院{n}",
                    credit_code=valid_credit_code(880001 + n),
                    street="泗泾镇",
                    address="松江区测试路2号",
                    beds=30,
                    ownership="private",
                    features={},
                )
            )
        db.session.flush()
        headers = _token(bureau)
        db.session.commit()
    return {**live, "bureau": headers}


def _plan(district, **overrides) -> int:
    body = {
        "name": "赛跑抽查",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "checklists": ["fire"],
        "sample_ratio": 0.4,
        "team_size": 2,
        "departments": ["civil_affairs", "fire"],
        "random_sources": sources(),
        **overrides,
    }
    response = requests.post(
        f"{district['url']}/spot-checks", json=body, headers=district["bureau"], timeout=30
    )
    assert response.status_code == 201, response.text
    plan_id = response.json()["id"]
    announced = requests.post(
        f"{district['url']}/spot-checks/{plan_id}/announce", headers=district["bureau"]
    )
    assert announced.status_code == 200, announced.text
    return plan_id


def _post(district, url: str, body: dict | None = None) -> requests.Response:
    return requests.post(
        f"{district['url']}{url}", json=body, headers=district["bureau"], timeout=60
    )


def _selections(district, plan_id: int) -> list[int]:
    with district["app"].app_context():
        plan = db.session.get(SpotCheckPlan, plan_id)
        return [s.institution_id for s in plan.current_draw.selections]


def test_draws_with_two_values_at_once_make_one_draw_and_identical_ones_its_answer(district):
    plan_id = _plan(district)
    turn = iter(range(100))
    values = [LOTTERY, "01 02 03 04 05 06 + 07"]
    with later():
        responses = at_once(
            lambda: _post(
                district,
                f"/spot-checks/{plan_id}/draw",
                {"public_value": values[next(turn) % 2]},
            ),
            RACERS,
        )
    assert {r.status_code for r in responses} == {200, 409}, [r.text for r in responses][:3]
    winners = {r.json()["public_value"] for r in responses if r.status_code == 200}
    assert len(winners) == 1  # every copy of the winning request answers the one draw
    assert len({r.json()["seed"] for r in responses if r.status_code == 200}) == 1
    assert sum(r.status_code == 200 for r in responses) == RACERS // 2
    with district["app"].app_context():
        assert len(db.session.get(SpotCheckPlan, plan_id).draws) == 1


def test_twenty_identical_redraws_at_once_make_one_redraw(district):
    plan_id = _plan(district)
    body = {"replaces": 1, "reason": "inspector_unavailable", "public_value": "11 12 13"}
    with later():
        assert _post(district, f"/spot-checks/{plan_id}/draw", {"public_value": LOTTERY}).ok
        responses = at_once(lambda: _post(district, f"/spot-checks/{plan_id}/redraw", body), RACERS)
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses][:3]
    assert {r.json()["number"] for r in responses} == {2}
    with district["app"].app_context():
        assert [d.number for d in db.session.get(SpotCheckPlan, plan_id).draws] == [1, 2]


def test_a_redraw_racing_result_writes_never_leaves_a_result_on_a_discarded_draw(district):
    plan_id = _plan(district)
    base = f"/spot-checks/{plan_id}"
    with later():
        assert _post(district, f"{base}/draw", {"public_value": LOTTERY}).ok
    institution = _selections(district, plan_id)[0]
    turn = iter(range(100))
    body = {"replaces": 1, "reason": "pool_error", "public_value": "21 22 23"}

    def call():
        if next(turn) % 2:
            return _post(district, f"{base}/redraw", body)
        return requests.put(
            f"{district['url']}{base}/selections/{institution}/result",
            json={"result": "unreachable"},
            headers=district["bureau"],
            timeout=60,
        )

    with later():
        responses = at_once(call, RACERS)
    assert {r.status_code for r in responses} <= {200, 404, 409}, [r.text for r in responses]
    with district["app"].app_context():
        plan = db.session.get(SpotCheckPlan, plan_id)
        first = plan.draws[0]
        if first.superseded_at is not None:  # the redraw won: no result came before it
            assert not any(s.result for s in first.selections)
            assert all(r.status_code == 200 for r in responses if r.request.method == "POST")
        else:  # a result won: every redraw was refused
            assert any(s.result for s in first.selections)
            assert all(r.status_code == 409 for r in responses if r.request.method == "POST")


def test_publishing_races_result_changes_and_nothing_is_written_after_it(district):
    plan_id = _plan(district)
    base = f"{district['url']}/spot-checks/{plan_id}"
    with later():
        assert requests.post(
            f"{base}/draw", json={"public_value": LOTTERY}, headers=district["bureau"]
        ).ok
    institutions = _selections(district, plan_id)
    for institution in institutions:
        assert requests.put(
            f"{base}/selections/{institution}/result",
            json={"result": "unreachable"},
            headers=district["bureau"],
        ).ok
    turn = iter(range(100))

    def call():
        if next(turn) % 2:
            return requests.post(f"{base}/publish", headers=district["bureau"], timeout=60)
        return requests.put(
            f"{base}/selections/{institutions[0]}/result",
            json={"result": "refused"},
            headers=district["bureau"],
            timeout=60,
        )

    responses = at_once(call, RACERS)
    assert {r.status_code for r in responses} <= {200, 409}, [r.text for r in responses]
    publishes = [r for r in responses if r.request.method == "POST"]
    assert all(r.status_code == 200 for r in publishes)
    assert len({r.json()["published_at"] for r in publishes}) == 1
    with district["app"].app_context():
        plan = db.session.get(SpotCheckPlan, plan_id)
        assert plan.status == "published"
        results = db.session.scalars(
            select(SpotCheckSelection).where(SpotCheckSelection.draw_id == plan.current_draw.id)
        ).all()
        assert all(s.result_at <= plan.published_at for s in results)
        changed = next(s for s in results if s.institution_id == institutions[0])
    # a result change answered 200 only if it was made before publication (or repeats it)
    if changed.result == "unreachable":
        assert all(r.status_code == 409 for r in responses if r.request.method == "PUT")
    # a published plan never changes again
    assert (
        requests.put(
            f"{base}/selections/{institutions[1]}/result",
            json={"result": "refused"},
            headers=district["bureau"],
        ).status_code
        == 409
    )
    other = {"public_value": "1 2 3"}
    assert requests.post(f"{base}/draw", json=other, headers=district["bureau"]).status_code == 409
    redraw = {"replaces": 1, "reason": "pool_error", "public_value": "4 5 6"}
    assert (
        requests.post(f"{base}/redraw", json=redraw, headers=district["bureau"]).status_code == 409
    )
