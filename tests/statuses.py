"""The statuses the OpenAPI document declares for each operation, and what to tell a
developer whose view answered one it does not declare.

``tests/conftest.py`` checks every answer the test app gives against these (a test that
makes a view answer an undeclared status errors at teardown with the message below);
``tests/test_contract_truth.py`` probes every operation and forbids ``default``."""

from __future__ import annotations

import re
from collections.abc import Callable
from http import HTTPStatus

METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


def openapi_path(rule: str) -> str:
    """Flask's ``/x/<uuid:x_id>`` as OpenAPI's ``/x/{x_id}``."""
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule)


def declared_statuses(document: dict) -> dict[tuple[str, str], frozenset[str]]:
    """Each operation's declared response keys (``"200"``, ``"404"``, ``"default"``), by
    (OpenAPI path, upper-case method)."""
    return {
        (path, method.upper()): frozenset(str(code) for code in operation.get("responses", {}))
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def how_to_declare(status: int) -> str:
    try:
        name = HTTPStatus(status).name
    except ValueError:
        return f'@blp.alt_response({status}, schema="Error", description="...")'
    return f'@blp.answers({status})  (or @blp.alt_response({status}, response="{name}"))'


def undeclared(
    method: str, path: str, status: int, endpoint: str | None, view: Callable | None
) -> str:
    """The message for one operation that answered a status its document does not list."""
    where = ""
    if view is not None:
        owner = getattr(view, "view_class", None)
        name = f" ({owner.__name__}.{method.lower()})" if owner is not None else ""
        where = f"{name} in {(owner or view).__module__.replace('.', '/')}.py"
    return (
        f"{method} {path} answered {status}, which the OpenAPI document does not declare for "
        f"it. Declare it on the view {endpoint}{where}: {how_to_declare(status)}. "
        "(What is answered before the view, 401, 403, 404 on a path parameter, 400, 413, "
        "422, is declared for every operation by api/statuses.py.)"
    )
