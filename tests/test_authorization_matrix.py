"""Who may call every operation: a table written here, checked against the live app.

Every operation of the published OpenAPI document gets one valid request from each of
six callers: no token, the bureau, an inspector, the manager of the object's own
institution (A), the manager of another institution (B) and the auditor (who reads
district-wide, spot checks above all, and changes nothing). Path parameters name real
objects of institution A, made afresh for every case. The expected status of each case
is written out below from the API contract (docs/api.md, shared with the clients) and the
README ("Roles and scoping"), not derived from the code. The cases come from the table;
``test_table_covers_every_documented_operation`` holds the table to the document, so a
new endpoint without a row fails.

How the table was read from the contract, in this order of precedence:

1. No token: 401, except the public operations (login, health, tus discovery, the
   signed audit checkpoints and their key).
2. A manager naming another institution's object in the path gets 404, whatever the
   operation and even where its role could not take it anyway:
   "Another institution's objects answer 404 to a manager: their existence does not
   leak." (README)
3. A role that may not take the action: 403 ("a wrong role answers 403").
4. Otherwise the operation's success status.

Objects that belong to a person rather than an institution (a notification under
``/me``, a tus upload) are the caller's own or do not exist for them: they belong to
institution A's manager, so every other caller gets 404.

Where the app disagrees with the contract today, the case is marked xfail (strict) in
``KNOWN_DEVIATIONS`` with the reason; fixing the app turns it into a failure (XPASS)
that asks for the mark to go.
"""

from __future__ import annotations

import contextlib
import copy
import io
import uuid
from functools import cached_property

import pytest
from PIL import Image

from inspect_app.checklists import versions as checklist_versions
from inspect_app.extensions import db
from inspect_app.models import Notification
from tests.conftest import PASSWORD, valid_credit_code
from tests.helpers import answers_for, draft_body
from tests.test_spot_checks import later, sources

API = "/api/v1"
CALLERS = ("anonymous", "bureau", "inspector", "manager", "other_manager", "auditor")
TUS = {"Tus-Resumable": "1.0.0"}
OFFSET_TYPE = "application/offset+octet-stream"

INSTITUTION = "/api/v1/institutions/{institution_id}"
INSPECTION = "/api/v1/inspections/{inspection_id}"
HAZARD = "/api/v1/hazards/{hazard_id}"
PHOTO = "/api/v1/photos/{photo_id}"
UPLOAD = "/api/v1/uploads/{upload_id}"
PLAN = "/api/v1/spot-checks/{plan_id}"
PUBLIC_PLAN = "/api/v1/public/spot-checks/{plan_id}"


def row(
    anonymous: int, bureau: int, inspector: int, manager: int, other_manager: int, auditor: int
):
    statuses = (anonymous, bureau, inspector, manager, other_manager, auditor)
    return dict(zip(CALLERS, statuses, strict=True))


# fmt: off
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    #                                                    anon bureau insp  mgr  other auditor
    # Operations and auth
    ("GET", "/api/v1/healthz"):                          row(200, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/auth/login"):                      row(200, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/auth/logout"):                     row(401, 204, 204, 204, 204, 204),
    ("GET", "/api/v1/me"):                               row(401, 200, 200, 200, 200, 200),
    # Users: the bureau administers them
    ("POST", "/api/v1/users"):                           row(401, 201, 403, 403, 403, 403),
    ("GET", "/api/v1/users"):                            row(401, 200, 403, 403, 403, 403),
    ("PATCH", "/api/v1/users/{user_id}"):                row(401, 200, 403, 403, 403, 403),
    ("POST", "/api/v1/users/{user_id}/password"):        row(401, 200, 403, 403, 403, 403),
    ("POST", "/api/v1/me/password"):                     row(401, 422, 422, 422, 422, 422),
    # Officers: inspectors name their fellow officers on a visit
    ("GET", "/api/v1/officers"):                         row(401, 200, 200, 403, 403, 403),
    # Institutions: everyone reads (a manager only its own), the bureau writes
    ("POST", "/api/v1/institutions"):                    row(401, 201, 403, 403, 403, 403),
    ("GET", "/api/v1/institutions"):                     row(401, 200, 200, 200, 200, 200),
    ("GET", INSTITUTION):                                row(401, 200, 200, 200, 404, 200),
    ("PATCH", INSTITUTION):                              row(401, 200, 403, 403, 404, 403),
    # Checklists: everyone reads, the bureau publishes
    ("GET", "/api/v1/checklists"):                       row(401, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/checklists"):                      row(401, 201, 403, 403, 403, 403),
    ("GET", "/api/v1/checklists/{key}"):                 row(401, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/checklists/{key}/versions/{number}"): row(401, 200, 200, 200, 200, 200),
    # Inspections: inspectors and the bureau record (PUT/answers/submit on A's draft);
    # a manager reads its own institution's submitted ones (GET on a submitted one)
    ("PUT", INSPECTION):                                 row(401, 200, 200, 403, 404, 403),
    ("GET", INSPECTION):                                 row(401, 200, 200, 200, 404, 200),
    ("PUT", INSPECTION + "/answers"):                    row(401, 200, 200, 403, 404, 403),
    ("POST", INSPECTION + "/submit"):                    row(401, 200, 200, 403, 404, 403),
    # Its documents: whoever reads the submitted inspection (the notice: one with hazards)
    ("GET", INSPECTION + "/record.pdf"):                 row(401, 200, 200, 200, 404, 200),
    ("GET", INSPECTION + "/notice.pdf"):                 row(401, 200, 200, 200, 404, 200),
    ("GET", INSPECTION + "/documents/{document_id}.pdf"): row(401, 200, 200, 200, 404, 200),
    ("GET", "/api/v1/inspections"):                      row(401, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/me/tasks"):                         row(401, 200, 200, 200, 200, 200),
    # Hazards: inspectors and the bureau record and review (a general hazard, pending
    # review); the manager acknowledges and rectifies (an open one)
    ("GET", "/api/v1/hazards"):                          row(401, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/hazards"):                         row(401, 201, 201, 403, 403, 403),
    ("GET", HAZARD):                                     row(401, 200, 200, 200, 404, 200),
    ("GET", "/api/v1/hazards/confirmation-overdue"):     row(401, 200, 200, 403, 403, 200),
    ("POST", HAZARD + "/acknowledge"):                   row(401, 403, 403, 200, 404, 403),
    ("POST", HAZARD + "/rectification"):                 row(401, 403, 403, 200, 404, 403),
    ("POST", HAZARD + "/review"):                        row(401, 200, 200, 403, 404, 403),
    # The officials' decisions on a general hazard the inspector's department (fire)
    # found: the bureau, and that department where the contract says so
    # The manager applies for an extension; the issuing department or the bureau decides
    ("POST", HAZARD + "/extension-application"):         row(401, 403, 403, 200, 404, 403),
    ("POST", HAZARD + "/extension-decision"):            row(401, 200, 200, 403, 404, 403),
    ("POST", HAZARD + "/reclassify"):                    row(401, 200, 403, 403, 404, 403),
    ("POST", HAZARD + "/void"):                          row(401, 200, 403, 403, 404, 403),
    ("POST", HAZARD + "/void-decision"):                 row(401, 200, 403, 403, 404, 403),
    # The bureau's measures; read by whoever sees the institution
    ("POST", HAZARD + "/measures"):                      row(401, 201, 403, 403, 404, 403),
    ("POST", INSTITUTION + "/measures"):                 row(401, 201, 403, 403, 404, 403),
    ("GET", INSTITUTION + "/measures"):                  row(401, 200, 200, 200, 404, 200),
    # A hazard's documents (extension decisions, correction notices)
    ("GET", HAZARD + "/documents"):                      row(401, 200, 200, 200, 404, 200),
    ("GET", HAZARD + "/documents/{document_id}.pdf"):    row(401, 200, 200, 200, 404, 200),
    ("POST", HAZARD + "/refer"):                         row(401, 200, 200, 403, 404, 403),
    ("GET", "/api/v1/clearance"):                        row(401, 200, 200, 403, 403, 403),
    ("GET", "/api/v1/audit/verify"):                     row(401, 200, 403, 403, 403, 403),
    # Signed audit checkpoints and their key: public, for outsiders to verify
    ("GET", "/api/v1/public/audit/key"):                 row(200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/public/audit/checkpoints"):         row(200, 200, 200, 200, 200, 200),
    # Notifications: one's own (the one named belongs to A's manager)
    ("GET", "/api/v1/me/notifications"):                 row(401, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/me/notifications/{notification_id}/read"): row(401, 404, 404, 200, 404, 404),
    ("POST", "/api/v1/me/notifications/read-all"):       row(401, 200, 200, 200, 200, 200),
    # Photos: anyone uploads; inspectors and the bureau see all, a manager those of its
    # own institution's records; originals for inspectors and the bureau only
    ("POST", "/api/v1/photos"):                          row(401, 201, 201, 201, 201, 403),
    ("GET", PHOTO):                                      row(401, 200, 200, 200, 404, 404),
    ("GET", PHOTO + "/thumbnail"):                       row(401, 200, 200, 200, 404, 404),
    ("GET", PHOTO + "/original"):                        row(401, 200, 200, 403, 404, 404),
    ("GET", PHOTO + "/info"):                            row(401, 200, 200, 200, 404, 404),
    # Resumable uploads (tus): discovery is public; an upload is its creator's (A's
    # manager's) alone
    ("OPTIONS", "/api/v1/uploads"):                      row(204, 204, 204, 204, 204, 204),
    ("POST", "/api/v1/uploads"):                         row(401, 201, 201, 201, 201, 403),
    ("HEAD", UPLOAD):                                    row(401, 404, 404, 200, 404, 404),
    ("PATCH", UPLOAD):                                   row(401, 404, 404, 204, 404, 404),
    # Spot checks: the bureau plans, draws, keeps the pools and publishes; officials read
    # plans and verify draws; the team (or the bureau) records results; managers read
    # only what is published, like everyone
    ("POST", "/api/v1/spot-checks"):                     row(401, 201, 403, 403, 403, 403),
    ("GET", "/api/v1/spot-checks"):                      row(401, 200, 200, 403, 403, 200),
    ("GET", PLAN):                                       row(401, 200, 200, 403, 403, 200),
    ("POST", PLAN + "/announce"):                        row(401, 200, 403, 403, 403, 403),
    ("POST", PLAN + "/draw"):                            row(401, 200, 403, 403, 403, 403),
    ("POST", PLAN + "/redraw"):                          row(401, 200, 403, 403, 403, 403),
    ("GET", PLAN + "/audit"):                            row(401, 200, 403, 403, 403, 200),
    ("GET", PLAN + "/verify"):                           row(401, 200, 200, 403, 403, 200),
    ("PUT", PLAN + "/selections/{institution_id}/result"): row(401, 200, 403, 403, 404, 403),
    ("POST", PLAN + "/publish"):                         row(401, 200, 403, 403, 403, 403),
    ("POST", "/api/v1/users/{user_id}/unavailability"):  row(401, 201, 403, 403, 403, 403),
    ("POST", "/api/v1/users/{user_id}/conflicts"):       row(401, 201, 403, 403, 403, 403),
    ("GET", "/api/v1/spot-check-pools/institutions"):    row(401, 200, 403, 403, 403, 403),
    ("GET", "/api/v1/spot-check-pools/inspectors"):      row(401, 200, 403, 403, 403, 403),
    ("GET", "/api/v1/jobs"):                             row(401, 200, 403, 403, 403, 403),
    ("GET", "/api/v1/jobs/queue"):                       row(401, 200, 403, 403, 403, 403),
    ("GET", "/api/v1/public/spot-checks"):               row(200, 200, 200, 200, 200, 200),
    ("GET", PUBLIC_PLAN):                                row(200, 200, 200, 200, 200, 200),
    ("GET", PUBLIC_PLAN + "/announcement"):              row(200, 200, 200, 200, 200, 200),
    ("GET", PUBLIC_PLAN + "/results.csv"):               row(200, 200, 200, 200, 200, 200),
    # Monthly reports: the bureau's alone
    ("POST", "/api/v1/reports/monthly"):                 row(401, 201, 403, 403, 403, 403),
    ("GET", "/api/v1/reports/monthly/{month}.pdf"):      row(401, 200, 403, 403, 403, 403),
    # The hazard ledger: scoped like the hazard list (a manager gets its own institution's)
    ("GET", "/api/v1/hazards/export.csv"):               row(401, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/hazards/export.xlsx"):              row(401, 200, 200, 200, 200, 200),
}
# fmt: on

KNOWN_DEVIATIONS: dict[tuple[str, str, str], str] = {}

# Write operations whose body would be validated before the token is checked.
VALIDATES_BEFORE_AUTH: dict[tuple[str, str], str] = {}  # none: api/auth.py runs first
PUBLIC_WRITES = {("POST", "/api/v1/auth/login")}


@pytest.fixture(scope="module", autouse=True)
def _parse_checklist_files_once():
    """Every case has an app of its own, which loads the four checklist files; parsing
    their YAML is half the cost of an app. Parse each file once for this module: the same
    files give the same documents."""
    parsed: dict = {}
    load_file = checklist_versions.load_file

    def load_once(path):
        if path not in parsed:
            parsed[path] = load_file(path)
        return copy.deepcopy(parsed[path])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checklist_versions, "load_file", load_once)
        yield


# -- the world every case starts from ------------------------------------------------


def jpeg(color: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class World:
    """Institution A with its manager, inspections, hazards, photos, an upload and a
    notification; institution B with its manager. Fresh for every case (it lives in the
    case's own database) and built on first use, so a case pays only for the objects its
    request names."""

    def __init__(self, client, make_institution, make_user, token_for, make_photo):
        self.client = client
        self._make_institution = make_institution
        self._make_user = make_user
        self._token_for = token_for
        self._make_photo = make_photo
        self._users: dict = {}
        self._tokens: dict = {}

    @cached_property
    def institution_a(self) -> int:
        return self._make_institution(name="甲养老院").id

    @cached_property
    def institution_b(self) -> int:
        return self._make_institution(name="乙养老院").id

    def user(self, caller: str):
        if caller not in self._users:
            self._users[caller] = {
                "bureau": lambda: self._make_user("bureau"),
                "inspector": lambda: self._make_user("inspector", department="fire"),
                "manager": lambda: self._make_user("manager", institution_id=self.institution_a),
                "other_manager": lambda: self._make_user(
                    "manager", institution_id=self.institution_b
                ),
                # someone else altogether, to log in as
                "clerk": lambda: self._make_user("inspector", department="market_regulation"),
                "auditor": lambda: self._make_user("auditor"),
                # a second bureau officer: proposes the voids the bureau caller decides
                "bureau2": lambda: self._make_user("bureau"),
            }[caller]()
        return self._users[caller]

    def headers(self, caller: str) -> dict[str, str]:
        if caller == "anonymous":
            return {}
        if caller not in self._tokens:
            self._tokens[caller] = self._token_for(self.user(caller))
        return self._tokens[caller]

    @cached_property
    def _evidence_photo_id(self) -> str:
        return self._make_photo(self.user("inspector"), color=(200, 40, 40))

    @cached_property
    def photo_id(self) -> str:
        """Evidence the inspector took at A, attached to A's records (so that A's manager
        may see it) by recording the hazards with it."""
        _ = self.hazards
        return self._evidence_photo_id

    @cached_property
    def hazards(self) -> dict[str, str]:
        """Two general hazards the inspector found at A (recorded directly, outside any
        checklist: the cheapest way to real hazards), both open, with the evidence photo."""
        hazard_ids = {}
        for name, title in (("open", "走廊堆放杂物"), ("other", "防火门被木楔顶开")):
            response = self.client.post(
                f"{API}/hazards",
                json={
                    "id": str(uuid.uuid4()),
                    "institution_id": self.institution_a,
                    "category": "fire",
                    "severity": "general",
                    "title": title,
                    "photo_ids": [self._evidence_photo_id],
                },
                headers=self.headers("inspector"),
            )
            assert response.status_code == 201, response.json
            hazard_ids[name] = response.json["id"]
        return hazard_ids

    @cached_property
    def manager_photo_id(self) -> str:
        """A photo A's manager uploaded, for rectifications."""
        return self._make_photo(self.user("manager"), color=(20, 120, 200))

    @cached_property
    def pending_hazard_id(self) -> str:
        """A general hazard of A that A's manager rectified: pending review."""
        hazard_id = self.hazards["other"]
        rectified = self.client.post(
            f"{API}/hazards/{hazard_id}/rectification",
            json={"description": "已整改", "photo_ids": [self.manager_photo_id]},
            headers=self.headers("manager"),
        )
        assert rectified.json["status"] == "pending_review", rectified.json
        return hazard_id

    @cached_property
    def applied_hazard_id(self) -> str:
        """A's open hazard for which A's manager applied for an extension."""
        hazard_id = self.hazards["open"]
        applied = self.client.post(
            f"{API}/hazards/{hazard_id}/extension-application",
            json={"due_at": "2098-12-31T00:00:00+08:00", "reason": "需采购设备"},
            headers=self.headers("manager"),
        )
        assert applied.status_code == 200, applied.json
        return hazard_id

    @cached_property
    def void_proposed_id(self) -> str:
        """A's open hazard a second bureau officer proposed to void."""
        hazard_id = self.hazards["open"]
        proposed = self.client.post(
            f"{API}/hazards/{hazard_id}/void",
            json={"reason": "误登记"},
            headers=self.headers("bureau2"),
        )
        assert proposed.status_code == 200, proposed.json
        return hazard_id

    @cached_property
    def hazard_document_id(self) -> int:
        """The extension decision (a document) on A's applied-for hazard."""
        hazard_id = self.applied_hazard_id
        decided = self.client.post(
            f"{API}/hazards/{hazard_id}/extension-decision",
            json={"decision": "grant", "reason": "同意"},
            headers=self.headers("bureau2"),
        )
        assert decided.status_code == 200, decided.json
        listed = self.client.get(
            f"{API}/hazards/{hazard_id}/documents", headers=self.headers("bureau2")
        )
        return listed.json[0]["id"]

    def _answered_draft(self, fail=(), who="inspector") -> str:
        """A draft inspection of A by the inspector, every applicable item answered."""
        draft_id = str(uuid.uuid4())
        url = f"{API}/inspections/{draft_id}"
        headers = self.headers(who)
        created = self.client.put(url, json=draft_body(self.institution_a), headers=headers)
        assert created.status_code == 201, created.json
        answers = answers_for(self.institution_a, fail=set(fail))
        answered = self.client.put(f"{url}/answers", json=answers, headers=headers)
        assert answered.json["missing"] == [], answered.json
        return draft_id

    @cached_property
    def draft_id(self) -> str:
        return self._answered_draft()

    @cached_property
    def submitted_id(self) -> str:
        """An inspection of A by the inspector, every item passed, submitted."""
        inspection_id = self._answered_draft()
        submitted = self.client.post(
            f"{API}/inspections/{inspection_id}/submit", headers=self.headers("inspector")
        )
        assert submitted.json["status"] == "submitted", submitted.json
        return inspection_id

    @cached_property
    def submitted_with_hazard_id(self) -> str:
        """An inspection of A by the bureau that failed F-02 (a hazard), submitted: the
        bureau's own finding, so ordered by its notice (the inspector's, of the fire
        department, would be referred)."""
        inspection_id = self._answered_draft(fail=("F-02",), who="bureau")
        submitted = self.client.post(
            f"{API}/inspections/{inspection_id}/submit", headers=self.headers("bureau")
        )
        assert submitted.json["hazard_ids"], submitted.json
        return inspection_id

    @cached_property
    def first_document_id(self) -> int:
        """The id of a document of that inspection (as ``documents`` lists it)."""
        listed = self.client.get(
            f"{API}/inspections/{self.submitted_with_hazard_id}", headers=self.headers("bureau")
        )
        return listed.json["documents"][0]["id"]

    @cached_property
    def upload_id(self) -> str:
        """A tus upload by A's manager: 10 bytes announced, none received yet."""
        response = self.client.post(
            f"{API}/uploads", headers={**self.headers("manager"), **TUS, "Upload-Length": "10"}
        )
        assert response.status_code == 201, response.json
        return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]

    @cached_property
    def notification_id(self) -> int:
        """A notification to A's manager about one of A's hazards."""
        notification = Notification(
            user_id=self.user("manager").id,
            kind="overdue",
            hazard_id=uuid.UUID(self.hazards["open"]),
            message="隐患已逾期 / A hazard is overdue",
        )
        db.session.add(notification)
        db.session.commit()
        return notification.id

    @cached_property
    def team(self) -> list[int]:
        """Two certified inspectors of different departments: the spot-check pool."""
        return [
            self._make_user("inspector", department=d, enforcement_cert_no=f"沪执{n:04d}").id
            for n, d in enumerate(("civil_affairs", "fire"))
        ]

    def plan(
        self,
        *,
        announced: bool = False,
        drawn: bool = False,
        completed: bool = False,
        published: bool = False,
    ) -> int:
        """A plan over every operating institution (A among them), as the bureau."""
        _ = (self.institution_a, self.team)
        headers = self.headers("bureau")
        created = self.client.post(f"{API}/spot-checks", json=plan_body(), headers=headers)
        assert created.status_code == 201, created.json
        plan_id = created.json["id"]
        if announced or drawn or completed or published:
            made = self.client.post(f"{API}/spot-checks/{plan_id}/announce", headers=headers)
            assert made.status_code == 200, made.json
        if drawn or completed or published:
            with later():
                drew = self.client.post(
                    f"{API}/spot-checks/{plan_id}/draw", json={"public_value": "1"}, headers=headers
                )
            assert drew.status_code == 200, drew.json
        if completed or published:
            for selection in drew.json["selections"]:
                url = f"{API}/spot-checks/{plan_id}/selections/{selection['institution_id']}"
                recorded = self.client.put(
                    f"{url}/result", json={"result": "unreachable"}, headers=headers
                )
                assert recorded.status_code == 200, recorded.json
        if published:
            done = self.client.post(f"{API}/spot-checks/{plan_id}/publish", headers=headers)
            assert done.status_code == 200, done.json
        return plan_id


def plan_body() -> dict:
    return {
        "name": "2026年第四季度双随机抽查",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "checklists": ["fire"],
        "sample_ratio": 1.0,
        "team_size": 2,
        "departments": ["civil_affairs", "fire"],
        "random_sources": sources(),
    }


@pytest.fixture
def world(client, make_institution, make_user, token_for, make_photo) -> World:
    return World(client, make_institution, make_user, token_for, make_photo)


# -- one valid request per operation ---------------------------------------------------


def _checklist_document() -> dict:
    """The fire checklist as published, with a new title: a new version."""
    document = copy.deepcopy(checklist_versions.get_latest("fire").content)
    document["title"]["zh"] = "养老机构消防安全检查表（修订）"
    return document


def _new_institution() -> dict:
    return {
        "name": "新登记养老院",
        "credit_code": valid_credit_code(9_999_999),
        "street": "中山街道",
        "address": "松江区新路1号",
        "beds": 80,
        "ownership": "public_private",
        "features": {"kitchen": True, "gas": False, "medical": False},
    }


# Each builder takes the world and returns (path parameters, keyword arguments for
# client.open).
REQUESTS = {
    ("GET", "/api/v1/healthz"): lambda w: ({}, {}),
    ("POST", "/api/v1/auth/login"): lambda w: (
        {},
        {"json": {"username": w.user("clerk").username, "password": PASSWORD}},
    ),
    ("POST", "/api/v1/auth/logout"): lambda w: ({}, {}),
    ("GET", "/api/v1/me"): lambda w: ({}, {}),
    ("POST", "/api/v1/users"): lambda w: (
        {},
        {
            "json": {
                "username": "new_manager",
                "password": "a long enough password",
                "display_name": "新管理员",
                "role": "manager",
                "institution_id": w.institution_a,
            }
        },
    ),
    ("GET", "/api/v1/users"): lambda w: ({}, {}),
    ("GET", "/api/v1/officers"): lambda w: ({}, {}),
    ("POST", "/api/v1/institutions"): lambda w: ({}, {"json": _new_institution()}),
    ("GET", "/api/v1/institutions"): lambda w: ({}, {}),
    ("GET", INSTITUTION): lambda w: ({"institution_id": w.institution_a}, {}),
    ("PATCH", INSTITUTION): lambda w: (
        {"institution_id": w.institution_a},
        {"json": {"beds": 150}},
    ),
    ("GET", "/api/v1/checklists"): lambda w: ({}, {}),
    ("POST", "/api/v1/checklists"): lambda w: ({}, {"json": _checklist_document()}),
    ("GET", "/api/v1/checklists/{key}"): lambda w: ({"key": "fire"}, {}),
    ("GET", "/api/v1/checklists/{key}/versions/{number}"): lambda w: (
        {"key": "fire", "number": 1},
        {},
    ),
    ("PUT", INSPECTION): lambda w: (
        {"inspection_id": w.draft_id},
        {"json": draft_body(w.institution_a)},
    ),
    ("GET", INSPECTION): lambda w: ({"inspection_id": w.submitted_id}, {}),
    ("PUT", INSPECTION + "/answers"): lambda w: (
        {"inspection_id": w.draft_id},
        {"json": [{"checklist": "fire", "item_code": "F-02", "result": "pass", "value": True}]},
    ),
    ("POST", INSPECTION + "/submit"): lambda w: ({"inspection_id": w.draft_id}, {}),
    ("GET", INSPECTION + "/record.pdf"): lambda w: ({"inspection_id": w.submitted_id}, {}),
    ("GET", INSPECTION + "/notice.pdf"): lambda w: (
        {"inspection_id": w.submitted_with_hazard_id},
        {},
    ),
    ("GET", INSPECTION + "/documents/{document_id}.pdf"): lambda w: (
        {"inspection_id": w.submitted_with_hazard_id, "document_id": w.first_document_id},
        {},
    ),
    ("GET", "/api/v1/inspections"): lambda w: ({}, {}),
    ("GET", "/api/v1/me/tasks"): lambda w: ({}, {}),
    ("GET", "/api/v1/hazards"): lambda w: ({}, {}),
    ("POST", "/api/v1/hazards"): lambda w: (
        {},
        {
            "json": {
                "id": str(uuid.uuid4()),
                "institution_id": w.institution_a,
                "category": "fire",
                "severity": "general",
                "title": "走廊堆放杂物",
            }
        },
    ),
    ("GET", HAZARD): lambda w: ({"hazard_id": w.hazards["open"]}, {}),
    ("GET", "/api/v1/hazards/confirmation-overdue"): lambda w: ({}, {}),
    ("POST", HAZARD + "/acknowledge"): lambda w: (
        {"hazard_id": w.hazards["open"]},
        {"json": {"plan": "本周内整改", "planned_finish": "2026-12-05"}},
    ),
    ("POST", HAZARD + "/rectification"): lambda w: (
        {"hazard_id": w.hazards["open"]},
        {"json": {"description": "已更换闭门器", "photo_ids": [w.manager_photo_id]}},
    ),
    ("POST", HAZARD + "/review"): lambda w: (
        {"hazard_id": w.pending_hazard_id},
        {"json": {"decision": "approve", "note": "复查合格"}},
    ),
    ("POST", HAZARD + "/extension-application"): lambda w: (
        {"hazard_id": w.hazards["open"]},
        {"json": {"due_at": "2098-12-31T00:00:00+08:00", "reason": "需采购新设备"}},
    ),
    ("POST", HAZARD + "/extension-decision"): lambda w: (
        {"hazard_id": w.applied_hazard_id},
        {"json": {"decision": "grant", "reason": "理由充分"}},
    ),
    ("POST", HAZARD + "/void-decision"): lambda w: (
        {"hazard_id": w.void_proposed_id},
        {"json": {"decision": "approve", "note": "核实属误登记"}},
    ),
    ("POST", HAZARD + "/measures"): lambda w: (
        {"hazard_id": w.hazards["open"]},
        {"json": {"kind": "supervised", "note": "挂牌督办"}},
    ),
    ("POST", INSTITUTION + "/measures"): lambda w: (
        {"institution_id": w.institution_a},
        {"json": {"kind": "interviewed", "note": "约谈负责人"}},
    ),
    ("GET", INSTITUTION + "/measures"): lambda w: ({"institution_id": w.institution_a}, {}),
    ("GET", HAZARD + "/documents"): lambda w: ({"hazard_id": w.hazards["open"]}, {}),
    ("GET", HAZARD + "/documents/{document_id}.pdf"): lambda w: (
        {"hazard_id": w.applied_hazard_id, "document_id": w.hazard_document_id},
        {},
    ),
    ("POST", HAZARD + "/reclassify"): lambda w: (
        {"hazard_id": w.hazards["open"]},
        {"json": {"severity": "major", "confirmed": False, "reason": "拟判重大"}},
    ),
    ("POST", HAZARD + "/void"): lambda w: (
        {"hazard_id": w.hazards["open"]},
        {"json": {"reason": "误登记"}},
    ),
    ("POST", HAZARD + "/refer"): lambda w: (
        {"hazard_id": w.hazards["open"]},
        {"json": {"department": "housing", "note": "建筑结构问题，移送住建部门"}},
    ),
    ("GET", "/api/v1/clearance"): lambda w: ({}, {}),
    ("GET", "/api/v1/audit/verify"): lambda w: ({}, {}),
    ("GET", "/api/v1/public/audit/key"): lambda w: ({}, {}),
    ("GET", "/api/v1/public/audit/checkpoints"): lambda w: ({}, {}),
    ("GET", "/api/v1/me/notifications"): lambda w: ({}, {}),
    ("POST", "/api/v1/me/notifications/{notification_id}/read"): lambda w: (
        {"notification_id": w.notification_id},
        {},
    ),
    ("POST", "/api/v1/me/notifications/read-all"): lambda w: ({}, {}),
    ("POST", "/api/v1/photos"): lambda w: (
        {},
        {
            "data": {"file": (io.BytesIO(jpeg((10, 200, 10))), "evidence.jpg")},
            "content_type": "multipart/form-data",
        },
    ),
    ("GET", PHOTO): lambda w: ({"photo_id": w.photo_id}, {}),
    ("GET", PHOTO + "/thumbnail"): lambda w: ({"photo_id": w.photo_id}, {}),
    ("GET", PHOTO + "/original"): lambda w: ({"photo_id": w.photo_id}, {}),
    ("GET", PHOTO + "/info"): lambda w: ({"photo_id": w.photo_id}, {}),
    ("OPTIONS", "/api/v1/uploads"): lambda w: ({}, {}),
    ("POST", "/api/v1/uploads"): lambda w: ({}, {"headers": {**TUS, "Upload-Length": "100"}}),
    ("HEAD", UPLOAD): lambda w: ({"upload_id": w.upload_id}, {"headers": TUS}),
    ("PATCH", "/api/v1/users/{user_id}"): lambda w: (
        {"user_id": w.team[0]},
        {"json": {"enforcement_cert_no": "沪执9999"}},
    ),
    ("POST", "/api/v1/users/{user_id}/password"): lambda w: (
        {"user_id": w.team[0]},
        {"json": {"new_password": "granite orchard beneath snow"}},
    ),
    # A wrong old password: refused for everyone signed in (nothing changes).
    ("POST", "/api/v1/me/password"): lambda w: (
        {},
        {"json": {"old_password": "not-the-password", "new_password": "violet lantern river"}},
    ),
    ("POST", "/api/v1/spot-checks"): lambda w: ({}, {"json": plan_body()}),
    ("GET", "/api/v1/spot-checks"): lambda w: ({}, {}),
    ("GET", PLAN): lambda w: ({"plan_id": w.plan()}, {}),
    ("POST", PLAN + "/announce"): lambda w: ({"plan_id": w.plan()}, {}),
    ("POST", PLAN + "/draw"): lambda w: (
        {"plan_id": w.plan(announced=True)},
        {"json": {"public_value": "03 07 12 19 25 31 + 09"}},
    ),
    ("POST", PLAN + "/redraw"): lambda w: (
        {"plan_id": w.plan(drawn=True)},
        {"json": {"replaces": 1, "reason": "inspector_unavailable", "public_value": "2"}},
    ),
    ("GET", PLAN + "/audit"): lambda w: ({"plan_id": w.plan(drawn=True)}, {}),
    ("GET", PLAN + "/verify"): lambda w: ({"plan_id": w.plan(drawn=True)}, {}),
    ("PUT", PLAN + "/selections/{institution_id}/result"): lambda w: (
        {"plan_id": w.plan(drawn=True), "institution_id": w.institution_a},
        {"json": {"result": "unreachable"}},
    ),
    ("POST", PLAN + "/publish"): lambda w: ({"plan_id": w.plan(completed=True)}, {}),
    ("POST", "/api/v1/users/{user_id}/unavailability"): lambda w: (
        {"user_id": w.team[0]},
        {"json": {"from": "2026-12-10", "to": "2026-12-12", "reason": "培训"}},
    ),
    ("POST", "/api/v1/users/{user_id}/conflicts"): lambda w: (
        {"user_id": w.team[0]},
        {"json": {"institution_id": w.institution_a, "reason": "近亲属在该院任职"}},
    ),
    ("GET", "/api/v1/spot-check-pools/institutions"): lambda w: ({}, {}),
    ("GET", "/api/v1/spot-check-pools/inspectors"): lambda w: (
        {},
        {"query_string": {"format": "xlsx"}},
    ),
    ("GET", "/api/v1/jobs"): lambda w: ({}, {}),
    ("GET", "/api/v1/jobs/queue"): lambda w: ({}, {}),
    ("GET", "/api/v1/public/spot-checks"): lambda w: ({}, {}),
    ("GET", PUBLIC_PLAN): lambda w: ({"plan_id": w.plan(published=True)}, {}),
    ("GET", PUBLIC_PLAN + "/results.csv"): lambda w: ({"plan_id": w.plan(published=True)}, {}),
    ("GET", PUBLIC_PLAN + "/announcement"): lambda w: ({"plan_id": w.plan(announced=True)}, {}),
    ("POST", "/api/v1/reports/monthly"): lambda w: ({}, {"json": {"month": "2026-10"}}),
    ("GET", "/api/v1/reports/monthly/{month}.pdf"): lambda w: ({"month": "2026-10"}, {}),
    ("GET", "/api/v1/hazards/export.csv"): lambda w: ({}, {"query_string": {"status": "open"}}),
    ("GET", "/api/v1/hazards/export.xlsx"): lambda w: ({}, {}),
    ("PATCH", UPLOAD): lambda w: (
        {"upload_id": w.upload_id},
        {
            "data": b"12345",
            "content_type": OFFSET_TYPE,
            "headers": {**TUS, "Upload-Offset": "0"},
        },
    ),
}


LATER = {("POST", PLAN + "/draw"), ("POST", PLAN + "/redraw")}


def send(client, method: str, template: str, headers: dict, params: dict, kwargs: dict):
    kwargs = dict(kwargs)
    kwargs["headers"] = {**kwargs.get("headers", {}), **headers}
    return client.open(template.format(**params), method=method, **kwargs)


def describe(response) -> str:
    if response.is_json:
        return str(response.json)[:400]
    return f"{response.content_type} ({len(response.get_data())} bytes)"


# -- the tests -------------------------------------------------------------------------


def documented_operations(client) -> set[tuple[str, str]]:
    document = client.get("/api/openapi.json").json
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    }


def test_table_covers_every_documented_operation(client):
    documented = documented_operations(client)
    assert sorted(documented - EXPECTED.keys()) == [], "operations without a row in EXPECTED"
    assert sorted(EXPECTED.keys() - documented) == [], "rows for operations not documented"
    assert REQUESTS.keys() == EXPECTED.keys()


def _cases():
    for (method, path), statuses in EXPECTED.items():
        for caller in CALLERS:
            reason = KNOWN_DEVIATIONS.get((method, path, caller))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(
                method,
                path,
                caller,
                statuses[caller],
                id=f"{method} {path} as {caller}",
                marks=marks,
            )


@pytest.mark.parametrize(("method", "path", "caller", "expected"), list(_cases()))
def test_who_may_call_what(client, world, method, path, caller, expected):
    params, kwargs = REQUESTS[(method, path)](world)
    # a draw waits for the public value named in the announcement: a month on, it is out
    waits = (method, path) in LATER
    with later() if waits else contextlib.nullcontext():
        response = send(client, method, path, world.headers(caller), params, kwargs)
    with response:
        assert response.status_code == expected, (
            f"{method} {path} as {caller}: expected {expected}, got {response.status_code}: "
            f"{describe(response)}"
        )


def _write_cases():
    for method, path in EXPECTED:
        if method not in ("POST", "PUT", "PATCH") or (method, path) in PUBLIC_WRITES:
            continue
        reason = VALIDATES_BEFORE_AUTH.get((method, path))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(method, path, id=f"{method} {path}", marks=marks)


# Path parameters of the right shape; nothing needs to exist: a request without a token
# must be refused before anything is looked up or validated.
SHAPED_PARAMS = {
    "institution_id": 1,
    "inspection_id": uuid.UUID(int=1),
    "hazard_id": uuid.UUID(int=2),
    "notification_id": 1,
    "upload_id": uuid.UUID(int=3),
    "plan_id": 1,
    "user_id": 1,
    "document_id": 1,
}


@pytest.mark.parametrize(("method", "path"), list(_write_cases()))
def test_unauthenticated_request_gets_401_before_body_validation(client, method, path):
    # A JSON array of a string is no valid body for any write operation: not an object,
    # not a list of answers, no multipart file, no tus offset body.
    response = client.open(
        path.format(**SHAPED_PARAMS), method=method, json=["not a valid body"], headers={}
    )
    assert response.status_code == 401, f"{method} {path}: {describe(response)}"
