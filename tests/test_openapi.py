"""Property-based tests over every operation of the published OpenAPI document.

Each operation gets generated requests (valid and invalid); the checks require no 5xx,
responses that match their documented schemas, and invalid data refused. New endpoints
join automatically.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, note, settings


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


def test_openapi_document_is_served(client):
    document = client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.")
    assert "/api/v1/inspections/{inspection_id}" in document["paths"]
    assert client.get("/docs").status_code == 200


# 15 generated requests per operation, each sent as each of the four callers: with 58
# operations that is some 3,500 requests per run. Generating a request costs more than
# answering it, so every generated request is sent as every caller rather than generated
# again for each (the same checks on every answer as when each caller had a test of its own).
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_every_operation_honours_its_schema_as_every_caller(
    case, bureau_h, inspector_h, manager_h, institution
):
    callers = {"no token": None, "bureau": bureau_h, "inspector": inspector_h, "manager": manager_h}
    for caller, headers in callers.items():
        note(f"as {caller}")
        case.call_and_validate(headers=headers)
