"""`flask demo-data`: a believable Songjiang district, loaded through the services."""

from __future__ import annotations

import json
import re
import shutil
import stat
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from stdnum.cn import uscc

from inspect_app.clock import deadline_after, utcnow
from inspect_app.demo import district as demo
from inspect_app.extensions import db
from inspect_app.hazards import chain, deadlines
from inspect_app.models import (
    ChecklistVersion,
    Hazard,
    HazardDocument,
    HazardEvent,
    Inspection,
    Institution,
    Measure,
    User,
)

API = "/api/v1"
SONGJIANG_STREETS = {
    "岳阳街道", "永丰街道", "方松街道", "中山街道", "广富林街道", "九里亭街道", "泗泾镇",
    "佘山镇", "车墩镇", "新桥镇", "洞泾镇", "九亭镇", "泖港镇", "石湖荡镇", "新浜镇",
    "叶榭镇", "小昆山镇",
}  # fmt: skip


@pytest.fixture
def instance_dir(app):
    """The test app's own instance folder (under tmp_path), where the logins file goes."""
    return Path(app.instance_path)


@pytest.fixture(scope="module")
def _demo_district(tmp_path_factory) -> dict:
    """The demo district, loaded once per module (per xdist worker) by the first test that
    asks: its command output, a snapshot of the database, and its files."""
    return {"folder": tmp_path_factory.mktemp("demo")}


@pytest.fixture
def loaded(_shared_app, _demo_district, app, runner, instance_dir) -> str:
    """``flask demo-data`` run on this test's fresh database; the command really runs once,
    later tests get the database and the files (instance folder, photos) it left."""
    kept = _demo_district
    photos = Path(app.config["STORAGE_URL"])
    if "output" not in kept:
        result = runner.invoke(args=["demo-data"])
        assert result.exit_code == 0, result.output
        kept["database"] = _shared_app.snapshot()
        shutil.copytree(instance_dir, kept["folder"] / "instance", symlinks=True)
        if photos.exists():
            shutil.copytree(photos, kept["folder"] / "photos", symlinks=True)
        kept["output"] = result.output
        return result.output
    _shared_app.restore_database(kept["database"])
    shutil.copytree(kept["folder"] / "instance", instance_dir, symlinks=True, dirs_exist_ok=True)
    if (kept["folder"] / "photos").exists():
        shutil.copytree(kept["folder"] / "photos", photos, symlinks=True, dirs_exist_ok=True)
    return kept["output"]


def password_in(output: str) -> str:
    match = re.search(r"password: (\S+)", output)
    assert match, output
    return match.group(1)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def login(client, username: str, password: str) -> dict:
    response = client.post(f"{API}/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def test_printed_logins_work_and_are_kept_in_a_private_file(client, loaded, instance_dir):
    password = password_in(loaded)
    for username in ("bureau", "insp_civil1", "insp_fire1", "insp_market1", "insp_health1"):
        assert f": {username} (" in loaded
    assert loaded.count("manager: mgr") == 2
    # The first manager printed has hazards to rectify.
    first = re.search(r"manager: (mgr\d+) ", loaded).group(1)
    assert "有待整改隐患" in loaded.split(f"manager: {first} ")[1].splitlines()[0]
    institution_id = db.session.scalar(select(User.institution_id).where(User.username == first))
    to_rectify = db.session.scalars(
        select(Hazard.id).where(
            Hazard.institution_id == institution_id, Hazard.status.in_(("open", "rectifying"))
        )
    ).all()
    assert to_rectify
    assert "松江区社会福利院" in loaded

    headers = login(client, "bureau", password)
    response = client.get(f"{API}/institutions", headers=headers)
    assert response.status_code == 200
    assert json.loads(response.headers["X-Pagination"])["total"] == 60
    manager = login(client, "mgr001", password)
    response = client.get(f"{API}/institutions", headers=manager)
    assert json.loads(response.headers["X-Pagination"])["total"] == 1

    path = instance_dir / demo.LOGINS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert password_in(text) == password
    assert all(u in text for u in db.session.scalars(select(User.username)))


def test_a_street_officer_per_street_printed_and_scoped(client, loaded):
    """Each street's civil affairs office has a certified officer, printed with the other
    logins, who sees only its street's homes."""
    password = password_in(loaded)
    officers = db.session.scalars(select(User).where(User.role == "street")).all()
    assert {o.street for o in officers} == SONGJIANG_STREETS
    assert all(o.enforcement_cert_no and o.department == "civil_affairs" for o in officers)
    for officer in officers:
        assert f"{officer.username} {officer.street}" in loaded
    officer = officers[6]
    listed = client.get(f"{API}/institutions", headers=login(client, officer.username, password))
    assert listed.status_code == 200 and listed.json
    assert {i["street"] for i in listed.json} == {officer.street}


def test_institutions_are_believable_and_valid(loaded):
    institutions = db.session.scalars(select(Institution)).all()
    assert len(institutions) == 60
    assert all(uscc.is_valid(i.credit_code) for i in institutions)
    assert len({i.credit_code for i in institutions}) == 60
    assert len({i.name for i in institutions}) == 60
    assert {i.street for i in institutions} == SONGJIANG_STREETS
    assert all(20 <= i.beds <= 600 for i in institutions)
    assert {i.ownership for i in institutions} == {"public", "private", "public_private"}
    assert all(
        i.credit_code.startswith("12310117") for i in institutions if i.ownership == "public"
    )
    assert all(30.85 < i.lat < 31.2 and 121.0 < i.lon < 121.45 for i in institutions)
    assert all(i.street in i.address and i.address.startswith("上海市松江区") for i in institutions)
    kitchens = sum(i.has_feature("kitchen") for i in institutions)
    assert kitchens > 45
    assert all(i.has_feature("kitchen") for i in institutions if i.has_feature("gas"))


def test_each_institution_has_exactly_one_manager_and_inspectors_cover_all_departments(loaded):
    managers = db.session.scalars(select(User).where(User.role == "manager")).all()
    per_institution = Counter(m.institution_id for m in managers)
    assert set(per_institution.values()) == {1}
    assert set(per_institution) == set(db.session.scalars(select(Institution.id)))
    assert {m.username for m in managers} == {f"mgr{n:03d}" for n in range(1, 61)}

    inspectors = db.session.scalars(select(User).where(User.role == "inspector")).all()
    departments = Counter(i.department for i in inspectors)
    assert set(departments) == {"civil_affairs", "fire", "market_regulation", "health"}
    assert all(3 <= n <= 4 for n in departments.values())
    assert db.session.scalar(select(User).where(User.username == "bureau")).role == "bureau"
    # One hash shared by every demo user (argon2 is slow on purpose).
    assert len(set(db.session.scalars(select(User.password_hash)))) == 1


def test_inspection_history_raises_hazards_through_submit(app, loaded):
    inspections = db.session.scalars(select(Inspection)).all()
    assert len([i for i in inspections if i.kind == "routine"]) == 25
    assert {i.status for i in inspections} == {"submitted"}
    # Besides the routine visits, the re-inspections (复查) that the majors cleared rest on.
    assert {i.kind for i in inspections} == {"routine", "follow_up"}
    follow_ups = [i for i in inspections if i.kind == "follow_up"]
    assert all(i.rechecks and not i.hazard_ids for i in follow_ups)
    approved_majors = db.session.scalars(
        select(Hazard).where(Hazard.severity == "major", Hazard.status == "cleared")
    ).all()
    assert approved_majors
    for hazard in approved_majors:
        approval = [e for e in hazard.events if e.type == "review_approved"][-1]
        assert str(approval.data["inspection_id"]) in {str(i.id) for i in follow_ups}
    assert all(i.started_at < i.submitted_at <= utcnow() for i in inspections)
    assert min(i.started_at for i in inspections) < utcnow() - timedelta(days=30)

    hazards = db.session.scalars(select(Hazard)).all()
    assert hazards
    assert len(hazards) == sum(len(i.hazard_ids) for i in inspections)
    assert min(i.started_at for i in inspections) < utcnow() - timedelta(days=180)
    # Two certified officers on every visit, and the person present named.
    assert all(len(i.assignee_ids) == 2 for i in inspections)
    assert all(i.present_person_name and i.present_person_position for i in inspections)
    for hazard in hazards:
        events = db.session.scalars(
            select(HazardEvent).where(HazardEvent.hazard_id == hazard.id).order_by(HazardEvent.seq)
        ).all()
        assert events[0].type == "found"
        assert events[0].hash == chain.chain_hash(chain.GENESIS_HASH, events[0])
        assert (hazard.events_head, hazard.event_count) == (events[-1].hash, len(events))
        assert [e.at for e in events] == sorted(e.at for e in events)
        if "deadline_extended" not in {e.type for e in events}:
            assert hazard.due_at == deadline_after(hazard.found_at, hazard.due_days)
            # The item's own days (v2 checklists shorten some) or the severity's default.
            assert 0 <= hazard.due_days <= deadlines.due_days(hazard.severity)


def test_demo_hazards_tell_the_whole_story(app, client, loaded):
    """Acknowledged, rectified, rejected, cleared on time and late, overdue, fixed on site,
    voided, extended, referred: all of it recorded through the services, and the record
    verifies."""
    hazards = db.session.scalars(select(Hazard)).all()
    statuses = {h.status for h in hazards}
    assert statuses == {"open", "rectifying", "pending_review", "cleared", "voided"}
    kinds = set(db.session.scalars(select(HazardEvent.type)))
    assert kinds >= {
        "acknowledged",
        "rectification_submitted",
        "review_rejected",
        "review_approved",
        "overdue",
        "fixed_on_site",
        "voided",
        "deadline_extended",
        "referred",
        "extension_requested",
        "extension_refused",
        "void_proposed",
        "measure_taken",
    }
    # Extensions decided and the void served with their documents; measures taken.
    kinds_of_documents = set(db.session.scalars(select(HazardDocument.kind)))
    assert kinds_of_documents == {"extend", "correct", "refer"}
    assert set(db.session.scalars(select(Measure.kind))) == {"supervised", "interviewed"}
    voided = [h for h in hazards if h.status == "voided"]
    assert voided
    for hazard in voided:
        # Proposed by one officer, approved by another; the deadline may pass between
        # the two (an ``overdue`` event in the middle), the void is the last word.
        *before, last = hazard.events
        proposed = [e for e in before if e.type == "void_proposed"][-1]
        assert last.type == "voided", [e.type for e in hazard.events]
        assert proposed.actor_id is not None
        assert last.actor_id not in (None, proposed.actor_id)
    cleared = [h for h in hazards if h.status == "cleared" and not h.fixed_on_site]
    assert any(h.cleared_at <= h.due_at for h in cleared)
    assert any(h.cleared_at > h.due_at for h in cleared)
    assert any(h.fixed_on_site and h.status == "cleared" for h in hazards)
    assert any(h.referred_to for h in hazards)
    assert any(h.overdue for h in hazards)
    from inspect_app.hazards import audit
    from inspect_app.principal import SYSTEM

    assert audit.verify_chains(SYSTEM).ok


def test_second_run_is_refused_or_with_if_empty_adds_nothing_but_shows_logins(
    runner, loaded, instance_dir
):
    before = [count(m) for m in (Institution, User, Inspection, Hazard)]
    refused = runner.invoke(args=["demo-data"])
    assert refused.exit_code != 0
    assert "empty database" in refused.output

    skipped = runner.invoke(args=["demo-data", "--if-empty"])
    assert skipped.exit_code == 0, skipped.output
    assert password_in(skipped.output) == password_in(loaded)

    (instance_dir / demo.LOGINS_FILE).unlink()
    no_file = runner.invoke(args=["demo-data", "--if-empty"])
    assert no_file.exit_code == 0
    assert str(instance_dir / demo.LOGINS_FILE) in no_file.output
    assert [count(m) for m in (Institution, User, Inspection, Hazard)] == before


def fingerprint(rows) -> list[tuple]:
    return [
        (r.name, r.credit_code, r.street, r.address, r.beds, r.ownership, r.features, r.lat, r.lon)
        for r in rows
    ]


def test_same_seed_gives_same_institutions(loaded):
    stored = db.session.scalars(select(Institution).order_by(Institution.id)).all()
    assert fingerprint(stored) == fingerprint(demo.plan_district(2026).institutions)
    assert demo.plan_district(2026) == demo.plan_district(2026)
    assert fingerprint(demo.plan_district(7).institutions) != fingerprint(stored)


def test_seed_option_and_checklists_loaded_when_missing(runner, instance_dir):
    db.session.execute(delete(ChecklistVersion))
    db.session.commit()
    result = runner.invoke(args=["demo-data", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert count(ChecklistVersion) == 6
    stored = db.session.scalars(select(Institution).order_by(Institution.id)).all()
    assert fingerprint(stored) == fingerprint(demo.plan_district(7).institutions)
    routine = select(Inspection).where(Inspection.kind == "routine")
    assert len(db.session.scalars(routine).all()) == 25
