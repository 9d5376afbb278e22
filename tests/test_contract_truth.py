"""The contract tells the truth: booleans in a JSON body are only true or false, and a
PATCH with nothing in it is a mistake (422), not a silent 200."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.models import Hazard, HazardEvent
from tests.statuses import METHODS, declared_statuses, undeclared
from tests.test_hazards import photo_ids, raised  # noqa: F401  (fixtures)

API = "/api/v1"


@pytest.mark.parametrize("value", [0, 1, "false", "true", "yes", None])
def test_confirmed_zero_does_not_make_a_proposed_major(client, bureau_h, raised, value):  # noqa: F811
    hazard = raised["general"]
    response = client.post(
        f"{API}/hazards/{hazard}/reclassify",
        json={"severity": "major", "confirmed": value, "reason": "复核"},
        headers=bureau_h,
    )
    assert response.status_code == 422, response.json
    db.session.expire_all()
    assert db.session.get(Hazard, uuid.UUID(hazard)).severity == "general"
    assert db.session.query(HazardEvent).filter(HazardEvent.type == "reclassified").count() == 0


def test_a_query_string_boolean_still_reads_true_and_false(client, bureau_h, raised):  # noqa: F811
    assert client.get(f"{API}/hazards?overdue=false", headers=bureau_h).status_code == 200
    assert client.get(f"{API}/me/notifications?unread=true", headers=bureau_h).status_code == 200


@pytest.mark.parametrize(
    "field, value",
    [("active", 0), ("active", "false")],
)
def test_user_flags_are_strict(client, bureau_h, inspector, field, value):
    response = client.patch(f"{API}/users/{inspector.id}", json={field: value}, headers=bureau_h)
    assert response.status_code == 422


def test_institution_features_are_strict(client, bureau_h, institution):
    response = client.patch(
        f"{API}/institutions/{institution.id}", json={"features": {"gas": 1}}, headers=bureau_h
    )
    assert response.status_code == 422


def test_an_empty_patch_is_refused(client, bureau_h, institution, inspector):
    for url in (f"{API}/institutions/{institution.id}", f"{API}/users/{inspector.id}"):
        response = client.patch(url, json={}, headers=bureau_h)
        assert response.status_code == 422, url


@pytest.mark.parametrize("month", ["1999-12", "2100-01", "0999-01"])
def test_months_lie_in_the_years_the_system_knows(client, bureau_h, month):
    assert client.get(f"{API}/clearance?month={month}", headers=bureau_h).status_code == 422
    made = client.post(f"{API}/reports/monthly", json={"month": month}, headers=bureau_h)
    assert made.status_code == 422
    document = client.get("/api/openapi.json").json
    parameters = document["paths"]["/api/v1/clearance"]["get"]["parameters"]
    pattern = next(p["schema"]["pattern"] for p in parameters if p["name"] == "month")
    assert pattern.startswith("^(?:20")


def test_a_retry_of_an_extension_sent_twice_at_once_answers_the_state(
    app,
    client,
    bureau,
    bureau_h,
    raised,  # noqa: F811
    monkeypatch,
    institution,
    make_user,
    token_for,
):
    """Two identical extension decisions at once: the one that read the hazard before the
    other wrote finds its own decision there and answers it (200), instead of 409."""
    from datetime import timedelta

    from sqlalchemy.orm import Session

    from inspect_app.hazards import lifecycle
    from inspect_app.principal import Principal

    hazard_id = uuid.UUID(raised["general"])
    manager_h = token_for(make_user("manager", institution_id=institution.id))
    applied = client.post(
        f"{API}/hazards/{hazard_id}/extension-application",
        json={"due_at": "2098-12-31T00:00:00+08:00", "reason": "设备到货延迟"},
        headers=manager_h,
    )
    assert applied.status_code == 200, applied.json
    stale_session = Session(db.engine, expire_on_commit=False)
    stale = stale_session.get(Hazard, hazard_id)
    _ = list(stale.events)  # what the slower request saw when it read
    stale_session.close()
    due_at = stale.due_at + timedelta(days=10)
    body = {"decision": "grant", "due_at": due_at.isoformat(), "reason": "设备到货延迟"}
    first = client.post(
        f"{API}/hazards/{hazard_id}/extension-decision", json=body, headers=bureau_h
    )
    assert first.status_code == 200, first.json

    principal = Principal.of(bureau)
    db.session.expunge_all()
    monkeypatch.setattr(
        lifecycle, "get_visible", lambda user, _id: db.session.merge(stale, load=False)
    )
    answered, seq = lifecycle.decide_extension(
        principal, hazard_id, "grant", "设备到货延迟", due_at=due_at
    )
    assert seq is None  # nothing written
    db.session.commit()
    assert answered.due_at == due_at
    kinds = db.session.scalars(
        select(HazardEvent.type).where(HazardEvent.hazard_id == hazard_id)
    ).all()
    assert kinds.count("deadline_extended") == 1


# Every operation declares the statuses it answers: no catch-all ``default`` response.


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method.upper(), path, operation


def test_no_operation_has_a_default_response(client):
    document = client.get("/api/openapi.json").json
    found = [
        f"{method} {path} ({operation['operationId']}) has a 'default' response: declare each "
        "status its view answers instead (@blp.answers(...) or @blp.alt_response(...))"
        for method, path, operation in operations(document)
        if "default" in operation["responses"]
    ]
    assert not found, "\n".join(found)


def example_value(parameter: dict) -> str:
    """A well-formed value for a path parameter that names nothing that exists."""
    schema = parameter.get("schema", {})
    if schema.get("enum"):
        return str(schema["enum"][0])
    if schema.get("type") == "integer":
        return "987654"
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if parameter["name"] == "month":
        return "2026-10"
    return "zz"


def probes(document: dict):
    """Per operation: no token; an unknown query parameter; an empty JSON body."""
    for method, path, operation in operations(document):
        parameters = document["paths"][path].get("parameters", []) + operation.get("parameters", [])
        url = path
        for parameter in parameters:
            if parameter.get("in") == "path":
                url = url.replace("{" + parameter["name"] + "}", example_value(parameter))
        body = operation.get("requestBody", {}).get("content", {})
        json_body = {} if "application/json" in body else None
        yield method, path, url, {}, json_body
        yield method, path, url, {"zz_unknown": "1"}, json_body


def test_every_operation_declares_what_it_answers_to_plain_probes(
    app, client, bureau_h, inspector_h, manager_h
):
    """No token, each role's token, an unknown query parameter, an unknown id, an empty
    body: whatever each operation answers, its document declares (new operations join)."""
    document = client.get("/api/openapi.json").json
    declared = declared_statuses(document)
    adapter = app.url_map.bind("localhost")
    found = set()
    for method, path, url, query, body in probes(document):
        endpoint, _ = adapter.match(url, method=method)
        for headers in ({}, bureau_h, inspector_h, manager_h):
            response = client.open(
                url, method=method, headers=headers, query_string=query, json=body
            )
            if str(response.status_code) not in declared[(path, method)]:
                view = app.view_functions.get(endpoint)
                found.add(undeclared(method, path, response.status_code, endpoint, view))
    assert not found, "\n".join(sorted(found))


def test_dates_and_times_lie_in_the_years_the_document_states(client, bureau_h, inspector_h):
    """The document states the years 2000-2099 of every date and time as a pattern; a time
    written in another year is refused, even where UTC would bring it back in range."""
    document = client.get("/api/openapi.json").json
    draft = document["components"]["schemas"]["InspectionWrite"]["properties"]["started_at"]
    assert draft["format"] == "date-time" and draft["pattern"] == "^20[0-9]{2}-"
    for started_at in (
        "2100-01-01T05:00:00+08:00",
        "1999-12-31T23:00:00-08:00",
        "2026-11-20T09:30:00+08:00\n",  # the pattern is a prefix: the parser reads it all
    ):
        response = client.put(
            f"{API}/inspections/{uuid.uuid4()}",
            json={"started_at": started_at, "checklists": ["fire"], "institution_id": 1},
            headers=inspector_h,
        )
        assert response.status_code == 422, started_at
        assert "started_at" in response.json["errors"]["json"], response.json


def json_body_schema(document: dict, operation: dict) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    schema = content["schema"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def concrete(document: dict, path: str, operation: dict) -> str:
    parameters = document["paths"][path].get("parameters", []) + operation.get("parameters", [])
    for parameter in parameters:
        if parameter.get("in") == "path":
            path = path.replace("{" + parameter["name"] + "}", example_value(parameter))
    return path


def test_every_json_patch_refuses_an_empty_body(client, bureau_h):
    document = client.get("/api/openapi.json").json
    patches = [
        (path, operation)
        for method, path, operation in operations(document)
        if method == "PATCH" and json_body_schema(document, operation) is not None
    ]
    assert patches
    for path, operation in patches:
        response = client.patch(concrete(document, path, operation), json={}, headers=bureau_h)
        assert response.status_code == 422, (path, response.status_code)


def test_every_boolean_of_a_json_body_refuses_a_number(client, bureau_h):
    """``0`` is not ``false`` in any JSON body (``confirmed: 0`` once made a proposed
    major); each top-level boolean of every body is named in the 422's errors."""
    document = client.get("/api/openapi.json").json
    checked = 0
    for method, path, operation in operations(document):
        schema = json_body_schema(document, operation) or {}
        flags = [
            name
            for name, field in schema.get("properties", {}).items()
            if field.get("type") == "boolean" and not field.get("readOnly")
        ]
        for name in flags:
            response = client.open(
                concrete(document, path, operation),
                method=method,
                json={name: 0},
                headers=bureau_h,
            )
            assert response.status_code == 422, (method, path, name)
            assert name in response.json["errors"]["json"], (method, path, name)
            checked += 1
    assert checked >= 3


def test_a_path_no_rule_matches_is_404_not_405(client, bureau_h, institution):
    """``0`` fails the id converter: no rule matches, whatever the method (werkzeug said
    405 because a POST rule shares the path); a method the path does not take stays 405."""
    assert client.get(f"{API}/institutions/0/measures", headers=bureau_h).status_code == 404
    assert client.post(f"{API}/institutions/0/measures", headers=bureau_h).status_code == 404
    wrong = client.delete(f"{API}/institutions/{institution.id}", headers=bureau_h)
    assert wrong.status_code == 405 and "GET" in wrong.headers["Allow"]
