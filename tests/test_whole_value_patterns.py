"""Every pattern-checked value must match as a whole: a trailing newline is refused.

``^...$`` with ``re.match`` lets ``"2026-11\\n"`` through (``$`` matches before a final
newline). Each field the OpenAPI document gives a pattern is sent here with a trailing
newline (and the checklist file loader gets the same), and the last test makes sure no
pattern-checked field is left out of this list.
"""

from __future__ import annotations

import copy

import pytest

from inspect_app.checklists import content

API = "/api/v1"
NO_NUL = "^[^\\u0000]*$"  # the pattern on every string (api/__init__.py), not a format


def _checklist(client, headers, key="fire") -> dict:
    document = client.get(f"{API}/checklists/{key}", headers=headers).json
    return {k: document[k] for k in ("key", "category", "title", "description", "sections")}


def _post_checklist_with(client, bureau_h, change) -> int:
    document = copy.deepcopy(_checklist(client, bureau_h))
    change(document)
    return client.post(f"{API}/checklists", json=document, headers=bureau_h).status_code


# (where in the document, how to send it with a trailing newline)
def _key(document):
    document["key"] = "management\n"


def _code(document):
    document["sections"][0]["items"][0]["code"] += "\n"


def test_a_checklist_key_or_item_code_with_a_newline_is_refused(client, bureau_h):
    assert _post_checklist_with(client, bureau_h, _key) == 422
    assert _post_checklist_with(client, bureau_h, _code) == 422
    keys = [c["key"] for c in client.get(f"{API}/checklists", headers=bureau_h).json]
    assert all("\n" not in key for key in keys)


def test_the_checklist_file_schema_matches_whole_values(client, bureau_h):
    for change in (_key, _code):
        document = copy.deepcopy(_checklist(client, bureau_h))
        change(document)
        faults = content.find_faults(document)
        assert faults, f"{change.__name__}: the file schema let a trailing newline through"


def test_a_report_month_with_a_newline_is_refused(client, bureau_h):
    made = client.post(f"{API}/reports/monthly", json={"month": "2026-10\n"}, headers=bureau_h)
    assert made.status_code == 422
    pdf = client.get(f"{API}/reports/monthly/2026-10%0A.pdf", headers=bureau_h)
    assert pdf.status_code in (404, 422)
    from inspect_app.errors import InvalidInput
    from inspect_app.reports.monthly_figures import parse_month

    with pytest.raises(InvalidInput):
        parse_month("2026-10\n")


def test_a_clearance_month_with_a_newline_is_refused(client, bureau_h):
    assert client.get(f"{API}/clearance?month=2026-10%0A", headers=bureau_h).status_code == 422
    assert client.get(f"{API}/clearance?month=2026-10", headers=bureau_h).status_code == 200


# Every (operation, field) of the OpenAPI document that carries a pattern, and the test
# above that sends it with a trailing newline.
COVERED = {
    ("POST /api/v1/checklists", "key"): _key,
    ("POST /api/v1/checklists", "code"): _code,
    ("POST /api/v1/reports/monthly", "month"): test_a_report_month_with_a_newline_is_refused,
    ("GET /api/v1/reports/monthly/{month}.pdf", "month"): (
        test_a_report_month_with_a_newline_is_refused
    ),
    ("GET /api/v1/clearance", "month"): test_a_clearance_month_with_a_newline_is_refused,
}


def _a_date(schema: dict) -> bool:
    """Dates and times: their pattern states the years (2000-2099); the ISO parser reads
    the whole value (a trailing newline is 422: tests/test_contract_truth.py)."""
    return schema.get("format") in ("date", "date-time")


def _patterned(spec: dict, schema: dict, seen: set[str]):
    """(field name, pattern) of every string property with a pattern, at any depth."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        seen = seen | {name}
        schema = spec["components"]["schemas"][name]
    for combined in ("oneOf", "anyOf", "allOf"):
        for sub in schema.get(combined, []):
            yield from _patterned(spec, sub, seen)
    if "items" in schema:
        yield from _patterned(spec, schema["items"], seen)
    for name, sub in schema.get("properties", {}).items():
        if sub.get("pattern", NO_NUL) != NO_NUL and not _a_date(sub):
            yield name, sub["pattern"]
        yield from _patterned(spec, sub, seen)


def test_every_patterned_field_of_the_document_is_sent_with_a_newline(client):
    spec = client.get("/api/openapi.json").json
    found = set()
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            where = f"{method.upper()} {path}"
            for parameter in [*methods.get("parameters", []), *operation.get("parameters", [])]:
                schema = parameter.get("schema", {})
                if schema.get("pattern", NO_NUL) != NO_NUL and not _a_date(schema):
                    found.add((where, parameter["name"]))
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                found |= {(where, name) for name, _ in _patterned(spec, body["schema"], set())}
    assert found == set(COVERED), "a pattern-checked field is not tested with a newline"
