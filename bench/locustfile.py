"""The load run's people (``make load``; scripts/load starts the server and sums up).

A district's working day, each simulated person thinking 1–5 s between steps:

- inspectors (6 in 10): open the web client, revalidate their checklists with ETags
  (304), pick an institution and a certified partner, start an inspection, save answers in
  a few batches, photograph a failed item (one in three photos over tus, resumable, in two
  chunks), and submit;
- institution managers (3 in 10): read their open hazards, acknowledge one or send its
  rectification with a photo;
- the bureau (1 in 10): the clearance board, the open major hazards, a street's list and
  now and then a street's ledger export.

Logins are the demo district's (``flask demo-data``; the password from DEMO_PASSWORD).
Request names are the operations (one line each in the summary), never raw ids.
"""

from __future__ import annotations

import base64
import io
import itertools
import os
import random
import uuid
from typing import Any

from locust import HttpUser, between, task
from locust.exception import RescheduleTask
from PIL import Image

PASSWORD = os.environ["DEMO_PASSWORD"]
API = "/api/v1"
INSPECTORS = ["insp_civil1", "insp_fire1", "insp_market1", "insp_health1"]
# Each simulated manager is another institution's (two at one home would race, rightly 409).
MANAGERS = (f"mgr{n:03d}" for n in itertools.cycle(range(1, 61)))
CHECKLIST_SETS = [["fire"], ["fire", "gas"], ["fire", "food"], ["fire", "service"]]


def _jpeg(seed: int) -> bytes:
    """A small phone-like JPEG, different bytes for each seed (no upload is a repeat)."""
    rng = random.Random(seed)
    image = Image.new("RGB", (640, 480), (rng.randrange(256), rng.randrange(256), 90))
    for _ in range(20):
        x, y = rng.randrange(600), rng.randrange(440)
        image.paste(
            (rng.randrange(256), rng.randrange(256), rng.randrange(256)), (x, y, x + 40, y + 40)
        )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _passing(item: dict) -> object:
    kind = item["answer_type"]
    if kind == "number":
        bounds = item.get("pass_range") or {}
        return bounds.get("min", bounds.get("max", 1))
    if kind == "choice":
        return next(c["value"] for c in item["choices"] if c.get("passes") is not False)
    return "正常" if kind == "text" else True


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    username = ""

    def on_start(self) -> None:
        answer = self.client.post(
            f"{API}/auth/login",
            json={"username": self.username, "password": PASSWORD},
            name="POST /auth/login",
        )
        answer.raise_for_status()
        self.client.headers["Authorization"] = f"Bearer {answer.json()['token']}"

    def web_client(self) -> None:
        for path in ("/app/", "/app/app.js", "/app/app.css"):
            self.client.get(path, name="GET /app/ (static)", headers={"Authorization": ""})

    def photo(self, resumable: bool) -> str:
        data = _jpeg(random.getrandbits(32))
        if not resumable:
            answer = self.client.post(
                f"{API}/photos", files={"file": ("site.jpg", data, "image/jpeg")},
                name="POST /photos",
            )  # fmt: skip
            answer.raise_for_status()
            return answer.json()["id"]
        tus = {"Tus-Resumable": "1.0.0"}
        name = base64.b64encode(b"site.jpg").decode()
        made = self.client.post(
            f"{API}/uploads",
            headers={**tus, "Upload-Length": str(len(data)), "Upload-Metadata": f"filename {name}"},
            name="POST /uploads (tus)",
        )
        made.raise_for_status()
        where = made.headers["Location"]
        half = len(data) // 2
        photo_id = ""
        for offset, chunk in ((0, data[:half]), (half, data[half:])):
            sent = self.client.patch(
                where,
                data=chunk,
                headers={
                    **tus,
                    "Upload-Offset": str(offset),
                    "Content-Type": "application/offset+octet-stream",
                },
                name="PATCH /uploads/[id] (tus)",
            )
            sent.raise_for_status()
            photo_id = sent.headers.get("Photo-Id", "")
        return photo_id


class Inspector(Person):
    weight = 6

    def on_start(self) -> None:
        self.username = random.choice(INSPECTORS)
        super().on_start()
        self.etags: dict[str, str] = {}
        self.checklists: dict[str, dict] = {}
        me = self.client.get(f"{API}/me", name="GET /me").json()
        officers = self.client.get(f"{API}/officers", name="GET /officers").json()
        self.partners = [o["id"] for o in officers if o["certified"] and o["id"] != me["id"]]
        self.institutions = [
            i["id"] for i in self.client.get(f"{API}/institutions", name="GET /institutions").json()
        ]

    def checklist(self, key: str) -> dict:
        """The checklist, revalidated with its ETag (304) once the phone holds it."""
        headers = {"If-None-Match": self.etags[key]} if key in self.etags else {}
        answer = self.client.get(
            f"{API}/checklists/{key}", headers=headers, name="GET /checklists/[key]"
        )
        if answer.status_code == 200:
            self.etags[key] = answer.headers["ETag"]
            self.checklists[key] = answer.json()
        return self.checklists[key]

    def answers(self, url: str, batch: list[dict]) -> Any:
        """Save a batch; a refusal is an error with its message (what was wrong)."""
        with self.client.put(
            url, json=batch, name="PUT /inspections/[id]/answers", catch_response=True
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} {answer.text[:300]}")
                raise RescheduleTask()
            return answer

    @task
    def inspect(self) -> None:
        self.web_client()
        self.client.get(f"{API}/checklists", name="GET /checklists")
        keys = random.choice(CHECKLIST_SETS)
        items = {
            key: [i for s in self.checklist(key)["sections"] for i in s["items"]] for key in keys
        }
        self.wait()
        base = f"{API}/inspections/{uuid.uuid4()}"
        started = self.client.put(
            base,
            json={
                "institution_id": random.choice(self.institutions),
                "checklists": keys,
                "kind": "routine",
                "started_at": "2026-11-30T09:30:00+08:00",
                "assignee_ids": [random.choice(self.partners)],
                "present_person_name": "周敏",
                "present_person_position": "院长",
            },
            name="PUT /inspections/[id]",
        )
        started.raise_for_status()
        # The first fire item (fire applies everywhere): the answer names the applicable
        # items still missing, of every checklist, which the inspector then goes through.
        fire = items["fire"][0]
        first = [{"checklist": "fire", "item_code": fire["code"], "result": "pass",
                  "value": _passing(fire)}]  # fmt: skip
        saved = self.answers(f"{base}/answers", first)
        missing = [m.split(":", 1) for m in saved.json()["missing"]]
        by_code = {(k, i["code"]): i for k in keys for i in items[k]}
        failing = ("fire", "F-02") if random.random() < 0.4 else None
        photo_ids: list[str] = []
        if failing and list(failing) in missing:
            self.wait()
            photo_ids = [self.photo(resumable=random.random() < 1 / 3)]
        for start in range(0, len(missing), 12):
            self.wait()
            batch = []
            for key, code in missing[start : start + 12]:
                if (key, code) == failing:
                    batch.append(
                        {"checklist": key, "item_code": code, "result": "fail", "value": False,
                         "note": "防火门被木楔顶开", "photo_ids": photo_ids}
                    )  # fmt: skip
                else:
                    batch.append(
                        {"checklist": key, "item_code": code, "result": "pass",
                         "value": _passing(by_code[(key, code)])}
                    )  # fmt: skip
            self.answers(f"{base}/answers", batch)
        self.wait()
        self.client.post(f"{base}/submit", name="POST /inspections/[id]/submit").raise_for_status()
        self.client.get(f"{API}/me/tasks", name="GET /me/tasks")


class Manager(Person):
    weight = 3

    def on_start(self) -> None:
        self.username = next(MANAGERS)
        super().on_start()

    @task
    def rectify(self) -> None:
        self.web_client()
        hazards = self.client.get(f"{API}/hazards", name="GET /hazards (manager)").json()
        live = [h for h in hazards if h["status"] in ("open", "rectifying")]
        if not live:
            return
        self.wait()
        hazard = random.choice(live)
        url = f"{API}/hazards/{hazard['id']}"
        seen = self.client.get(url, name="GET /hazards/[id]")
        etag = {"If-Match": seen.headers["ETag"]} if "ETag" in seen.headers else {}
        self.wait()
        if hazard["status"] == "open":
            self.client.post(
                f"{url}/acknowledge", json={"plan": "立即安排整改，三日内完成。"},
                headers=etag, name="POST /hazards/[id]/acknowledge",
            )  # fmt: skip
            return
        photo = self.photo(resumable=random.random() < 1 / 3)
        self.wait()
        self.client.post(
            f"{url}/rectification", json={"description": "已整改完毕。", "photo_ids": [photo]},
            headers=etag, name="POST /hazards/[id]/rectification",
        )  # fmt: skip


class Bureau(Person):
    weight = 1
    username = "bureau"

    @task(4)
    def board(self) -> None:
        self.web_client()
        self.client.get(f"{API}/clearance", name="GET /clearance")
        self.wait()
        self.client.get(f"{API}/hazards?status=open&severity=major", name="GET /hazards (bureau)")
        self.wait()
        self.client.get(f"{API}/hazards?overdue=true", name="GET /hazards (bureau)")

    @task(1)
    def export(self) -> None:
        institutions = self.client.get(f"{API}/institutions", name="GET /institutions").json()
        street = random.choice(institutions)["street"]
        self.client.get(
            f"{API}/hazards/export.csv", params={"street": street},
            name="GET /hazards/export.csv",
        )  # fmt: skip
