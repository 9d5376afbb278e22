"""A day of phone traffic, replayed as phones on bad networks send it, leaves the same
database as a clean replay (docs/api.md: every write is safe to repeat).

The day: two inspectors' phones each start an inspection (a phone-made id), photograph
what failed, save answers in batches and submit; the manager of the first home
acknowledges the hazard raised, photographs the repair and sends the rectification; the
inspector reviews it and clears the hazard. It is recorded as requests in steps: the
requests of one step do not depend on each other, a step waits for the steps before it
on the same phone and for the steps of other phones it needs (a hazard exists only once
submitted). Ids the server makes (photos, hazards) are taken from the answers as the phone
would.

The clean replay sends each request once, phone after phone. The rough one sends every
request twice, the copies of a step in random order, the phones interleaved at random.
Both run on the same fresh world; they must end equal: the rows by their natural keys
(phone-made ids, checklist and item codes, photo hashes), the counts of every table, the
states, the stored files' SHA-256 (read back through the API), and the hash chains verify.
Server-made ids, times and document numbers may differ.
"""

from __future__ import annotations

import hashlib
import io
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image
from sqlalchemy import func, select

from inspect_app.checklists import versions as checklist_versions
from inspect_app.extensions import db
from inspect_app.models import Answer, Hazard, HazardEvent, Inspection, Photo, User
from tests.helpers import passing_value

Body = Callable[[dict], Any]  # results so far -> the JSON body (ids the server made)


@dataclass
class Call:
    method: str
    path: Callable[[dict], str]
    body: Body | None = None
    photo: bytes | None = None
    keep: Callable[[dict, Any], None] | None = None  # store what a 2xx answer made


@dataclass
class Step:
    phone: str
    calls: list[Call]
    after: list[tuple[str, int]] = field(default_factory=list)  # other phones' steps


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (320, 240), colour)
    image.paste((255 - colour[0], 30, 30), (40, 40, 120, 120))
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _answers(codes_and_items: list[tuple[str, dict]], fails: dict[str, str]) -> Body:
    """A batch of answers; items in ``fails`` fail with the photo the results name."""

    def body(results: dict) -> list[dict]:
        batch = []
        for code, item in codes_and_items:
            if code in fails:
                batch.append(
                    {
                        "checklist": "fire",
                        "item_code": code,
                        "result": "fail",
                        "value": None,
                        "note": "现场发现问题",
                        "photo_ids": [results[fails[code]]],
                    }
                )
            else:
                batch.append(
                    {
                        "checklist": "fire",
                        "item_code": code,
                        "result": "pass",
                        "value": passing_value(item),
                    }
                )
        return batch

    return body


def _keep(name: str, pick: Callable[[Any], Any]) -> Callable[[dict, Any], None]:
    def keep(results: dict, answer: Any) -> None:
        results[name] = pick(answer)

    return keep


def the_day(institutions: list[int], partner: dict[str, int]) -> list[Step]:
    items = list(
        checklist_versions.items_by_code(checklist_versions.latest_version("fire")).items()
    )
    half = len(items) // 2
    inspection = {"insp1": str(uuid.uuid4()), "insp2": str(uuid.uuid4())}
    steps: list[Step] = []
    for n, phone in enumerate(("insp1", "insp2")):
        base = f"/api/v1/inspections/{inspection[phone]}"
        draft = {
            "institution_id": institutions[n],
            "checklists": ["fire"],
            "kind": "routine",
            "started_at": "2026-11-20T09:30:00+08:00",
            "assignee_ids": [partner[phone]],
            "present_person_name": "周院长",
            "present_person_position": "院长",
        }
        fails = {"F-02": f"{phone}-door", "F-03": f"{phone}-exit"} if phone == "insp1" else {}
        steps.append(Step(phone, [Call("PUT", lambda r, b=base: b, lambda r, d=draft: d)]))
        if fails:  # the first phone photographs its two failed items
            photos = [
                Call(
                    "POST",
                    lambda r: "/api/v1/photos",
                    photo=_jpeg((200, 10 * k, n * 90)),
                    keep=_keep(name, lambda a: a["id"]),
                )
                for k, name in enumerate(fails.values())
            ]
            steps.append(Step(phone, photos))
        steps.append(
            Step(
                phone,
                [
                    Call("PUT", lambda r, b=base: f"{b}/answers", _answers(items[:half], fails)),
                    Call("PUT", lambda r, b=base: f"{b}/answers", _answers(items[half:], fails)),
                ],
            )
        )
        steps.append(
            Step(
                phone,
                [
                    Call(
                        "POST",
                        lambda r, b=base: f"{b}/submit",
                        keep=_keep(f"{phone}-hazards", lambda a: a["hazard_ids"]),
                    )
                ],
            )
        )

    def hazard(r: dict) -> str:
        return f"/api/v1/hazards/{r['insp1-hazards'][0]}"

    steps += [
        Step("mgr", [Call("GET", lambda r: "/api/v1/hazards?status=open")], after=[("insp1", 3)]),
        Step(
            "mgr",
            [
                Call(
                    "POST",
                    lambda r: f"{hazard(r)}/acknowledge",
                    lambda r: {"plan": "三日内更换闭门器。"},
                ),
                Call(
                    "POST",
                    lambda r: "/api/v1/photos",
                    photo=_jpeg((20, 160, 60)),
                    keep=_keep("repair", lambda a: a["id"]),
                ),
            ],
        ),
        Step(
            "mgr",
            [
                Call(
                    "POST",
                    lambda r: f"{hazard(r)}/rectification",
                    lambda r: {"description": "已更换闭门器。", "photo_ids": [r["repair"]]},
                )
            ],
        ),
        Step(
            "insp1",
            [
                Call(
                    "POST",
                    lambda r: f"{hazard(r)}/review",
                    lambda r: {"decision": "approve", "note": "复查合格"},
                )
            ],
            after=[("mgr", 2)],
        ),
    ]
    return steps


def replay(client, headers: dict[str, dict], steps: list[Step], rng: random.Random | None):
    """Send the day: once each in order (``rng`` None), or twice each, shuffled within a
    step and the phones interleaved at random."""
    results: dict = {}
    by_phone: dict[str, list[Step]] = {}
    for step in steps:
        by_phone.setdefault(step.phone, []).append(step)
    done: dict[str, int] = {phone: 0 for phone in by_phone}  # steps finished per phone
    pending: dict[str, list[Call]] = {}

    def ready(phone: str) -> bool:
        if done[phone] == len(by_phone[phone]):
            return False
        step = by_phone[phone][done[phone]]
        return all(done[other] > index for other, index in step.after)

    while any(done[p] < len(by_phone[p]) for p in by_phone):
        phones = [p for p in by_phone if ready(p)]
        assert phones, "the day's steps wait on each other"
        phone = rng.choice(phones) if rng else phones[0]
        if phone not in pending:
            calls = list(by_phone[phone][done[phone]].calls)
            if rng:
                calls = calls * 2
                rng.shuffle(calls)
            pending[phone] = calls
        call = pending[phone].pop(0)
        answer = _send(client, headers[phone], call, results)
        results["sent"] = results.get("sent", 0) + 1
        assert answer.status_code < 500, (call.method, answer.status_code, answer.get_data())
        if answer.status_code < 300 and call.keep:
            call.keep(results, answer.json)
        if not pending[phone]:
            del pending[phone]
            done[phone] += 1
    return results


def _send(client, headers: dict, call: Call, results: dict):
    path = call.path(results)
    if call.photo is not None:
        data = {"file": (io.BytesIO(call.photo), "photo.jpg", "image/jpeg")}
        return client.post(path, data=data, headers=headers, content_type="multipart/form-data")
    body = call.body(results) if call.body else None
    return client.open(path, method=call.method, json=body, headers=headers)


def state(client, bureau_h: dict) -> dict:
    """The database by natural keys, the tables' counts, the stored files' hashes."""
    sha = {str(p.id): p.sha256 for p in db.session.scalars(select(Photo))}
    users = {u.id: u.username for u in db.session.scalars(select(User))}

    def photos(ids) -> list[str]:
        return sorted(sha[str(i)] for i in ids or [])

    out: dict[str, Any] = {
        "inspections": {
            str(i.id): (i.status, i.institution_id, i.kind, len(i.hazard_ids or []))
            for i in db.session.scalars(select(Inspection))
        },
        "answers": {
            (str(a.inspection_id), a.checklist_key, a.item_code): (
                a.result,
                a.value,
                a.note,
                a.fixed_on_site,
                a.due_days,
                photos(a.photo_ids),
            )
            for a in db.session.scalars(select(Answer))
        },
        "hazards": {
            (str(h.inspection_id), h.checklist_key, h.item_code): (
                h.status,
                h.severity,
                h.event_count,
                [(e.seq, e.type, users.get(e.actor_id), photos(e.photo_ids)) for e in h.events],
            )
            for h in db.session.scalars(select(Hazard))
        },
        "photos": sorted(
            (p.sha256, users[p.uploaded_by_id]) for p in db.session.scalars(select(Photo))
        ),
        "counts": {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        },
    }
    stored = {}
    for photo_id, digest in sha.items():
        original = client.get(f"/api/v1/photos/{photo_id}/original", headers=bureau_h)
        assert original.status_code == 200
        stored[digest] = hashlib.sha256(original.get_data()).hexdigest()
        original.close()
    assert all(digest == read for digest, read in stored.items())
    out["stored files"] = stored
    verified = client.get("/api/v1/audit/verify", headers=bureau_h)
    assert verified.status_code == 200 and verified.json["ok"], verified.json
    out["events checked"] = verified.json["events_checked"]
    assert db.session.scalar(select(func.count()).select_from(HazardEvent)) > 0
    return out


def test_a_day_replayed_duplicated_and_reordered_ends_as_a_clean_replay(
    app, client, _shared_app, make_institution, make_user, token_for, tmp_path
):
    def world() -> tuple[dict[str, dict], dict, tuple]:
        """The same people and homes each time (the database restored, its ids anew)."""
        homes = [make_institution(), make_institution()]
        insp1 = make_user(
            "inspector",
            username="replay.fire",
            department="fire",
            enforcement_cert_no="沪执回放001",
        )
        insp2 = make_user(
            "inspector", department="civil_affairs", enforcement_cert_no="沪执回放002"
        )
        manager = make_user("manager", username="replay.manager", institution_id=homes[0].id)
        bureau = make_user("bureau", username="replay.bureau")
        headers = {
            "insp1": token_for(insp1),
            "insp2": token_for(insp2),
            "mgr": token_for(manager),
        }
        ids = ([h.id for h in homes], {"insp1": insp2.id, "insp2": insp1.id})
        return headers, token_for(bureau), ids

    headers, bureau_h, ids = world()
    steps = the_day(*ids)  # recorded once: the phones' own ids are the same in every replay
    sent = replay(client, headers, steps, rng=None)["sent"]
    clean = state(client, bureau_h)
    assert {h[0] for h in clean["hazards"].values()} == {"cleared", "open"}
    assert {i[0] for i in clean["inspections"].values()} == {"submitted"}

    for seed in (1, 2):
        _shared_app.restore_database()
        app.config["STORAGE_URL"] = str(tmp_path / f"photos-{seed}")
        app.extensions.pop("photo_storage", None)
        headers, bureau_h, same = world()
        assert same == ids
        assert replay(client, headers, steps, rng=random.Random(seed))["sent"] == 2 * sent
        assert state(client, bureau_h) == clean
