"""Property-based tests over every operation of the published OpenAPI document.

Each operation gets generated requests (valid and invalid); the checks require no 5xx,
responses that match their documented schemas, and invalid data refused. New endpoints
join automatically.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


def test_openapi_document_is_served(client):
    document = client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.")
    assert "/api/v1/inspections/{inspection_id}" in document["paths"]
    assert client.get("/docs").status_code == 200


# 15 generated requests per operation and role: with 58 operations and 4 callers that is
# some 3,000 requests per run, which keeps `make test` under 90 s on two cores.
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_every_operation_honours_its_schema_as_bureau(case, bureau_h, institution):
    case.call_and_validate(headers=bureau_h)


@schema.parametrize()
@FUZZ
def test_every_operation_honours_its_schema_as_inspector(case, inspector_h, institution):
    case.call_and_validate(headers=inspector_h)


@schema.parametrize()
@FUZZ
def test_every_operation_honours_its_schema_as_manager(case, manager_h):
    case.call_and_validate(headers=manager_h)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_honours_its_schema_without_token(case):
    case.call_and_validate()
