"""A phone team's client, generated from the published OpenAPI document with a standard
generator (openapi-python-client), runs the README's tour against a real server: the
document is complete enough to build an app on, and its names make an installable package.
"""

from __future__ import annotations

import importlib
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.serving import make_server

from inspect_app import create_app
from inspect_app.accounts.passwords import hash_password
from inspect_app.checklists import versions as checklist_versions
from inspect_app.config import PROJECT_ROOT
from inspect_app.extensions import db
from inspect_app.models import Institution, User
from tests.conftest import valid_credit_code

GENERATOR = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
PASSWORD = "tour-password-of-the-inspector"

# slow: generates and installs a client package, and serves the app on a real server.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(GENERATOR is None, reason="openapi-python-client not installed"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on its own SQLite file, served by a real threaded server."""
    folder = tmp_path_factory.mktemp("client")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'tour.sqlite3'}",
            "STORAGE_URL": str(folder / "photos"),
        },
        instance_path=str(folder / "instance"),
    )
    with app.app_context():
        db.create_all()
        checklist_versions.sync_directory(PROJECT_ROOT / "checklists")
        db.session.add_all(
            (
                Institution(
                    name="泗泾镇第一敬老院",
                    credit_code=valid_credit_code(770001),
                    street="泗泾镇",
                    address="松江区泗泾镇测试路1号",
                    beds=80,
                    ownership="public",
                    features={"kitchen": True, "gas": True, "medical": False},
                ),
                User(
                    username="insp_fire1",
                    password_hash=hash_password(PASSWORD),
                    display_name="消防检查员",
                    role="inspector",
                    department="fire",
                    enforcement_cert_no="沪消执0001",
                ),
                # The second certified officer the tour names (as in the demo).
                User(
                    username="insp_civil1",
                    password_hash=hash_password(PASSWORD),
                    display_name="民政检查员",
                    role="inspector",
                    department="civil_affairs",
                    enforcement_cert_no="沪民执0001",
                ),
            )
        )
        db.session.commit()
        spec = app.test_client().get("/api/openapi.json").json
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{httpd.server_port}", "spec": spec, "folder": folder}
    httpd.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def client_package(server):
    """Generate the client exactly as a phone team would, and import it."""
    folder: Path = server["folder"] / "generated"
    folder.mkdir()
    spec_path = folder / "openapi.json"
    spec_path.write_text(json.dumps(server["spec"], ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [GENERATOR, "generate", "--path", str(spec_path), "--meta", "none"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    packages = [path for path in folder.iterdir() if path.is_dir()]
    assert result.returncode == 0 and len(packages) == 1, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(packages[0].name)
    finally:
        sys.path.remove(str(folder))


def test_the_generated_package_has_an_installable_name(client_package):
    # PEP 508 names and Python identifiers: ASCII letters, digits and underscores.
    assert re.fullmatch(r"[a-z][a-z0-9_]*", client_package.__name__), client_package.__name__


def _passing_value(item: dict):
    """A value that passes the item, read from the checklist as the phone reads it."""
    if item["answer_type"] == "number":
        bounds = item.get("pass_range") or {}
        return bounds.get("min", bounds.get("max", 1))
    if item["answer_type"] == "choice":
        return next(c["value"] for c in item["choices"] if c.get("passes", True))
    if item["answer_type"] == "text":
        return "符合"
    return True


def test_the_readme_tour_runs_through_the_generated_client(server, client_package):
    name = client_package.__name__
    api = importlib.import_module(f"{name}.api")
    models = importlib.import_module(f"{name}.models")
    types = importlib.import_module(f"{name}.types")

    def call(module_path: str, **kwargs):
        module = importlib.import_module(f"{name}.api.{module_path}")
        return module.sync_detailed(**kwargs)

    assert api is not None
    anonymous = client_package.Client(base_url=server["url"])
    login = call(
        "auth.login",
        client=anonymous,
        body=models.Login.from_dict({"username": "insp_fire1", "password": PASSWORD}),
    )
    assert login.status_code == 200
    token = login.parsed.token
    client = client_package.AuthenticatedClient(base_url=server["url"], token=token)

    listed = call("checklists.list_checklists", client=client)
    assert listed.status_code == 200 and "fire" in {c.key for c in listed.parsed}
    fire = call("checklists.get_checklist", key="fire", client=client)
    assert fire.status_code == 200
    document = fire.parsed.to_dict()
    items = [item for section in document["sections"] for item in section["items"]]

    institutions = call(
        "institutions.list_institutions",
        client=client,
        street=models.ListInstitutionsStreet("泗泾镇"),  # the configured streets: an enum
    )
    assert institutions.status_code == 200
    institution_id = institutions.parsed[0].id

    # The second certified officer, and the home's person present.
    officers = call("users.list_officers", client=client)
    assert officers.status_code == 200
    partner = next(o.id for o in officers.parsed if o.certified and o.department == "civil_affairs")
    inspection_id = uuid.uuid4()
    draft = call(
        "inspections.put_inspection",
        inspection_id=inspection_id,
        client=client,
        body=models.InspectionWrite.from_dict(
            {
                "institution_id": institution_id,
                "checklists": ["fire"],
                "kind": "routine",
                "started_at": "2026-11-28T09:30:00+08:00",
                "assignee_ids": [partner],
                "present_person_name": "周敏",
                "present_person_position": "院长",
            }
        ),
    )
    assert draft.status_code == 201, draft.content

    early = call("inspections.submit_inspection", inspection_id=inspection_id, client=client)
    assert early.status_code == 422

    jpeg = io.BytesIO()
    Image.new("RGB", (640, 480), (150, 90, 40)).save(jpeg, "JPEG", quality=85)
    photo = call(
        "photos.upload_photo",
        client=client,
        body=models.PhotoUpload(
            file=types.File(payload=io.BytesIO(jpeg.getvalue()), file_name="fire-door.jpg")
        ),
    )
    assert photo.status_code == 201, photo.content
    photo_id = str(photo.parsed.id)

    failed_code = next(i["code"] for i in items if i["answer_type"] == "yes_no")
    answers = [
        {
            "checklist": "fire",
            "item_code": item["code"],
            "result": "fail" if item["code"] == failed_code else "pass",
            "value": False if item["code"] == failed_code else _passing_value(item),
            **(
                {"note": "防火门被木楔顶开", "photo_ids": [photo_id]}
                if item["code"] == failed_code
                else {}
            ),
        }
        for item in items
    ]
    saved = call(
        "inspections.save_answers",
        inspection_id=inspection_id,
        client=client,
        body=[models.AnswerWrite.from_dict(answer) for answer in answers],
    )
    assert saved.status_code == 200, saved.content

    submitted = call("inspections.submit_inspection", inspection_id=inspection_id, client=client)
    assert submitted.status_code == 200, submitted.content
    hazard_ids = [str(h) for h in submitted.parsed.hazard_ids]
    assert len(hazard_ids) == 1
    again = call("inspections.submit_inspection", inspection_id=inspection_id, client=client)
    assert [str(h) for h in again.parsed.hazard_ids] == hazard_ids

    hazards = call(
        "hazards.list_hazards",
        client=client,
        institution_id=institution_id,
        status=models.ListHazardsStatus("open"),
    )
    assert hazards.status_code == 200
    assert [str(h.id) for h in hazards.parsed] == hazard_ids
    clearance = call("hazards.get_clearance", client=client)
    assert clearance.status_code == 200
    assert (
        clearance.parsed.to_dict()["totals"]["open_general"]
        + clearance.parsed.to_dict()["totals"]["open_major"]
        == 1
    )
