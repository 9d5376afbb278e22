"""The published OpenAPI document is valid and names every operation for client generators."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}


def test_the_document_is_valid_openapi(client):
    validate(client.get("/api/openapi.json").json)


def test_every_operation_has_a_unique_camel_case_operation_id(client):
    document = client.get("/api/openapi.json").json
    ids = [
        operation.get("operationId")
        for path in document["paths"].values()
        for method, operation in path.items()
        if method in METHODS
    ]
    assert all(ids) and len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z][A-Za-z]+", i) for i in ids), ids
    assert {"listChecklists", "submitInspection", "listHazards", "uploadPhoto"} <= set(ids)


def test_pagination_header_is_documented_as_the_string_it_is(client, bureau_h):
    document = client.get("/api/openapi.json").json
    header = document["paths"]["/api/v1/hazards"]["get"]["responses"]["200"]["headers"]
    assert header["X-Pagination"]["schema"] == {"type": "string"}
    assert isinstance(client.get("/api/v1/hazards", headers=bureau_h).headers["X-Pagination"], str)
