"""A corpus of hostile bodies sent to every write operation of the OpenAPI document.

For each operation a plausible body is built from its documented schema, then broken in
every way we know of: depth, size, number edge cases, unicode controls, and wrong types in
place of each field at each level. Every answer must be a documented status with the
JSON error envelope, never a 5xx, and a refused request writes nothing (every table's
row count unchanged)."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from inspect_app.extensions import db

WRITE_METHODS = ("post", "put", "patch", "delete")

# Values that replace one field at a time.
HOSTILE_VALUES = [
    None,
    True,
    -1,
    2**63,
    1e308,
    "",
    "x" * 20_000,
    "\u0000\u202eevil\u202c\ufeff",
    "9999-12-31T23:59:59-08:00",
    [None],
    [[[[[]]]]],
    {"$ref": "#/x"},
    # The second attack round (issue 20; tests/hostile_text.py has the whole list).
    "\x01=1+1",
    '\u200b=HYPERLINK("http://x","y")',
    "＝1+1",
    "2026-11\n",
]
# Whole bodies, sent as raw text.
HOSTILE_RAW = [
    "",
    "null",
    "1",
    "true",
    '"text"',
    "[]",
    "[" * 5000 + "]" * 5000,
    '{"a": ' * 3000 + "1" + "}" * 3000,
    "9" * 5000,
    "NaN",
    '{"x": Infinity}',
    '{"x": 1e999}',
    '{"a": 1, "a": 2}',
    "{'single': 'quotes'}",
    '{"truncated": ',
    "\ufeff{}",
    '"\\ud800"',
]


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def plausible(spec: dict, schema: dict, depth: int = 0):
    """A value of the documented shape; refused or accepted, it reaches the validation."""
    schema = _resolve(spec, schema)
    if "enum" in schema:
        return schema["enum"][0]
    for combined in ("oneOf", "anyOf", "allOf"):
        if combined in schema:
            return plausible(spec, schema[combined][0], depth + 1)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        return {
            name: plausible(spec, sub, depth + 1)
            for name, sub in schema.get("properties", {}).items()
            if not sub.get("readOnly")
        }
    if kind == "array":
        return [plausible(spec, schema.get("items", {}), depth + 1)] if depth <= 4 else []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return schema.get("minimum", 1.5)
    if kind == "boolean":
        return True
    formats = {
        "date-time": datetime(2026, 11, 20, 9, 30, tzinfo=UTC).isoformat(),
        "date": "2026-11-20",
        "uuid": str(uuid.uuid4()),
    }
    return formats.get(schema.get("format"), "测试")


def broken_variants(body):
    """The body with each field (at every level) replaced by each hostile value."""
    if isinstance(body, dict):
        for name, value in body.items():
            for hostile in HOSTILE_VALUES:
                yield {**body, name: hostile}
            for nested in broken_variants(value):
                yield {**body, name: nested}
    elif isinstance(body, list) and body:
        for nested in broken_variants(body[0]):
            yield [nested, *body[1:]]


def write_operations(spec: dict):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if method not in WRITE_METHODS:
                continue
            content = (operation.get("requestBody") or {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            # Operations without a JSON body (submit, logout, uploads) get the raw corpus.
            yield path, method, operation, schema


def fill_path(path: str, operation: dict) -> str:
    """Path parameters: fresh ids (the body is checked before the object is looked up,
    and where it is not, a 404 is a fine refusal too)."""
    filled = path
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "path":
            continue
        kind = parameter.get("schema", {}).get("type")
        value = "1" if kind == "integer" else str(uuid.uuid4())
        if parameter.get("schema", {}).get("format") != "uuid" and kind == "string":
            value = "fire"
        filled = filled.replace("{" + parameter["name"] + "}", value)
    return filled


# A refused login is recorded on purpose (throttling): the one write a refusal makes.
WRITTEN_BY_REFUSALS = {"/api/v1/auth/login": {"login_failures"}}
SHARDS = 4
MAX_VARIANTS = 150


def row_counts(skip: set[str]) -> tuple:
    """Every table's row count, in one statement."""
    counts = [
        select(func.count()).select_from(table).scalar_subquery()
        for table in db.metadata.sorted_tables
        if table.name not in skip
    ]
    return tuple(db.session.execute(select(*counts)).one())


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_write_operation_survives_the_corpus(app, client, bureau_h, shard):
    spec = client.get("/api/openapi.json").json
    operations = list(write_operations(spec))
    assert len(operations) >= 25, "the document lists the write operations"
    failures: list[str] = []
    for path, method, operation, schema in operations[shard::SHARDS]:
        skip = WRITTEN_BY_REFUSALS.get(path, set())
        url = fill_path(path, operation)
        documented = {int(code) for code in operation["responses"] if code.isdigit()}
        documented |= {400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 428, 429}
        bodies = list(HOSTILE_RAW)
        if schema is not None:
            variants = [json.dumps(b) for b in broken_variants(plausible(spec, schema))]
            # Deep documents (a whole checklist) have thousands of variants: a fixed sample.
            if len(variants) > MAX_VARIANTS:
                variants = random.Random(path + method).sample(variants, MAX_VARIANTS)
            bodies += variants
        for raw in bodies:
            before = row_counts(skip)
            response = client.open(
                url,
                method=method.upper(),
                data=raw,
                content_type="application/json",
                headers=bureau_h,
            )
            where = f"{method.upper()} {path} {raw[:80]!r}"
            if response.status_code >= 500 or response.status_code not in documented:
                failures.append(f"{where}: {response.status_code} {response.data[:200]!r}")
                continue
            if response.status_code >= 400:
                envelope = response.get_json(silent=True)
                if not (
                    isinstance(envelope, dict) and envelope.get("code") == response.status_code
                ):
                    failures.append(f"{where}: not the JSON error envelope")
                elif before != row_counts(skip):
                    failures.append(f"{where}: refused with {response.status_code} but wrote")
            db.session.rollback()
    assert not failures, "\n".join(failures[:30]) + f"\n({len(failures)} in all)"
