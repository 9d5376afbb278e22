"""The statuses every operation declares without its view saying so: those answered before
the view runs, by the authentication, the query check, the body reader and the routing.

What a view answers itself (a conflict, a precondition, a 404 without a path parameter)
it declares with ``@blp.answers(...)`` (``api/blueprint.py``). No operation has a
``default`` response: ``tests/test_contract_truth.py`` holds every operation to this."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from apispec import BasePlugin

from api.auth import PUBLIC_ENDPOINTS, WHILE_PASSWORD_CHANGE_REQUIRED


def before_the_view(
    operation: dict[str, Any], endpoint: str, has_path_parameters: bool
) -> list[int]:
    """The statuses an operation answers before its view runs."""
    statuses = [422]  # an unknown query parameter (api/__init__.py), on every operation
    if endpoint not in PUBLIC_ENDPOINTS:
        statuses.append(401)  # no token, or a dead one (api/auth.py)
        if endpoint not in WHILE_PASSWORD_CHANGE_REQUIRED:
            statuses.append(403)  # a token whose password the bureau reset
    if has_path_parameters:
        statuses.append(404)  # nothing there, or someone else's: 404 alike
    content = operation.get("requestBody", {}).get("content", {})
    if content:
        statuses.append(413)  # larger than MAX_JSON_BYTES (or the photo limit)
    if "application/json" in content:
        statuses.append(400)  # not JSON (api/blueprint.py)
    return statuses


class StatusesPlugin(BasePlugin):
    """Adds each operation's statuses from before the view to its responses."""

    def operation_helper(
        self, path: str | None = None, operations: dict | None = None, **kwargs: Any
    ) -> None:
        rule = kwargs.get("rule")
        endpoint = rule.endpoint if rule is not None else ""
        for operation in (operations or {}).values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            for status in before_the_view(operation, endpoint, "{" in (path or "")):
                if status not in responses and str(status) not in responses:
                    responses[status] = HTTPStatus(status).name
