"""Helpers shared by test modules: answering whole checklists through the API."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta

from PIL import Image

from inspect_app.checklists import applicability
from inspect_app.checklists import versions as checklist_versions
from inspect_app.extensions import db
from inspect_app.models import Institution
from inspect_app.principal import Principal


def draft_body(institution_id: int, checklists=("fire",), kind="routine") -> dict:
    """A draft ready to submit: the caller with a second certified officer (the partner),
    and the institution's person present."""
    return {
        "institution_id": institution_id,
        "checklists": list(checklists),
        "kind": kind,
        # A start in the past, also for tests that travel to an earlier day.
        "started_at": min(
            datetime(2026, 11, 20, 9, 30, tzinfo=UTC), datetime.now(UTC) - timedelta(hours=1)
        ).isoformat(),
        "location": {"lat": 31.03, "lon": 121.22, "accuracy_m": 8.0},
        "assignee_ids": [partner_officer_id()],
        "present_person_name": "周院长",
        "present_person_position": "院长",
    }


PARTNER_USERNAME = "partner.officer"


def partner_officer_id() -> int:
    """A second officer holding an enforcement certificate, made once per database."""
    from sqlalchemy import select

    from inspect_app.accounts import passwords
    from inspect_app.models import User

    user = db.session.scalar(select(User).where(User.username == PARTNER_USERNAME))
    if user is None:
        user = User(
            username=PARTNER_USERNAME,
            display_name="陈同行",
            role="inspector",
            department="civil_affairs",
            enforcement_cert_no="沪执测PARTNER",
            password_hash=passwords.hash_password("partner officer password"),
        )
        db.session.add(user)
        db.session.commit()
    return user.id


def passing_value(item: dict):
    if item["answer_type"] == "number":
        return item.get("pass_range", {}).get("min", 1)
    if item["answer_type"] == "choice":
        return item["choices"][0]["value"]
    if item["answer_type"] == "text":
        return "ok"
    return True


def evidence_photo_id() -> str:
    """A real photo (a small JPEG), uploaded once per database by the first inspector or
    bureau user: the same bytes again dedupe to the same photo."""
    import io

    from PIL import Image
    from sqlalchemy import select

    from inspect_app.models import User
    from inspect_app.photos import ingest

    user = db.session.scalar(
        select(User).where(User.role.in_(("inspector", "bureau"))).order_by(User.id).limit(1)
    )
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (90, 90, 90)).save(buffer, "JPEG", quality=80)
    buffer.seek(0)
    photo = ingest.ingest(Principal.of(user), buffer).photo
    db.session.commit()
    return str(photo.id)


def answers_for(institution_id: int, keys=("fire",), fail=()) -> list[dict]:
    """An answer for every applicable item; codes in ``fail`` fail, the rest pass."""
    features = db.session.get(Institution, institution_id).features
    answers = []
    for key in keys:
        version = checklist_versions.latest_version(key)
        for code, item in checklist_versions.items_by_code(version).items():
            if not applicability.applies(item, features):
                continue
            failed = code in fail
            answers.append(
                {
                    "checklist": key,
                    "item_code": code,
                    "result": "fail" if failed else "pass",
                    "value": None if failed else passing_value(item),
                    "note": "现场发现问题" if failed else None,
                    # A failed item that requires a photo gets a real one (the submit checks).
                    "photo_ids": (
                        [evidence_photo_id()]
                        if failed and item.get("photo_required_on_fail")
                        else []
                    ),
                }
            )
    return answers


def submit_with_failures(client, headers, institution_id, fail, keys=("fire",)) -> list[str]:
    """Create, answer and submit an inspection; return the hazard ids it raised."""
    import uuid

    inspection_id = str(uuid.uuid4())
    url = f"/api/v1/inspections/{inspection_id}"
    assert (
        client.put(url, json=draft_body(institution_id, keys), headers=headers).status_code == 201
    )
    answers = answers_for(institution_id, keys, fail=set(fail))
    assert client.put(f"{url}/answers", json=answers, headers=headers).status_code == 200
    response = client.post(f"{url}/submit", headers=headers)
    assert response.status_code == 200, response.json
    return response.json["hazard_ids"]


def assert_envelope(response, code: int) -> dict:
    """The one error envelope: ``{code, status, message[, errors]}`` as JSON."""
    assert response.status_code == code, response.get_data(as_text=True)
    assert response.is_json
    body = response.json
    assert body["code"] == code
    assert isinstance(body["status"], str) and body["status"]
    assert isinstance(body["message"], str) and body["message"]
    return body


def rendered_page(pdf: bytes, page: int, folder) -> Image.Image:
    """One page of a PDF rendered by poppler's ``pdftoppm`` at 40 dpi, in grayscale."""
    source = folder / f"rendered-{page}.pdf"
    source.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", *pages, str(source), str(folder / f"rendered-{page}")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    with Image.open(folder / f"rendered-{page}.png") as image:
        return image.convert("L")


RECHECKER_USERNAME = "recheck.officer"


def on_site_recheck(client, hazard_id: str, result: str = "rectified") -> str:
    """A re-inspection (复查) of one hazard through the API, by a certified civil affairs
    officer made once per database and the partner officer, with a real photo: returns
    the submitted follow_up inspection's id, which approving a major hazard names."""
    import secrets
    import uuid
    from datetime import timedelta

    from sqlalchemy import select

    from inspect_app.accounts import passwords
    from inspect_app.accounts.tokens import token_digest
    from inspect_app.clock import utcnow
    from inspect_app.models import AuthToken, Hazard, User

    officer = db.session.scalar(select(User).where(User.username == RECHECKER_USERNAME))
    if officer is None:
        officer = User(
            username=RECHECKER_USERNAME,
            display_name="复查员",
            role="inspector",
            department="civil_affairs",
            enforcement_cert_no="沪执测RECHECK",
            password_hash=passwords.hash_password("recheck officer password"),
        )
        db.session.add(officer)
        db.session.commit()
    token = secrets.token_urlsafe(32)
    db.session.add(
        AuthToken(
            token_hash=token_digest(token),
            user_id=officer.id,
            expires_at=utcnow() + timedelta(days=400),
        )
    )
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    hazard = db.session.get(Hazard, uuid.UUID(str(hazard_id)))
    inspection_id = str(uuid.uuid4())
    url = f"/api/v1/inspections/{inspection_id}"
    body = {
        **draft_body(hazard.institution_id, checklists=(), kind="follow_up"),
        "rechecks": [
            {"hazard_id": str(hazard_id), "result": result, "photo_ids": [evidence_photo_id()]}
        ],
    }
    created = client.put(url, json=body, headers=headers)
    assert created.status_code == 201, created.json
    submitted = client.post(f"{url}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.json
    return inspection_id
