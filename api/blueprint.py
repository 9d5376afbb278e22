"""The API's Blueprint: flask-smorest's, with a JSON reader that never lets a body cause a 500.

The stock reader lets a deeply nested body (RecursionError) or an integer of thousands of
digits (ValueError) escape as a 500, and accepts ``NaN``, ``Infinity`` and ``1e999``, which
no strict JSON parser emits back and PostgreSQL refuses. Here each is a 400 like any other
body that is not JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import flask
import flask_smorest
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import RequestEntityTooLarge

# What a view hands flask-smorest: the object its response schema dumps (a model, a dict,
# a page of rows) or a Response, optionally with a status and headers.
ViewResult = Any


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def strict_json_loads(data: bytes | str) -> Any:
    """RFC 8259 JSON: finite numbers only; anything unreadable raises JSONDecodeError."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError, UnicodeDecodeError) as error:
        raise json.JSONDecodeError(
            f"unreadable JSON: {type(error).__name__}", "<body>", 0
        ) from None


class StrictJSONParser(FlaskParser):
    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req):
            return core.missing
        data = req.get_data(cache=True)
        limit = req.max_content_length
        if req.content_length is None and limit is not None and len(data) >= limit:
            # A chunked body has no length to refuse up front; werkzeug stops reading at
            # the limit, and what it read would otherwise look like broken JSON (400).
            raise RequestEntityTooLarge()
        return strict_json_loads(data)


def operation_id(method: str, name: str) -> str:
    """A stable, generator-friendly id: ``list_hazards`` -> ``listHazards``; a MethodView's
    method is named after its class: ``Institution.patch`` -> ``patchInstitution``."""
    if name[:1].isupper():
        return method.lower() + name
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint with the strict JSON reader and an ``operationId`` for
    every operation (clients generated from the document get readable names)."""

    ARGUMENTS_PARSER = StrictJSONParser()

    def _store_endpoint_docs(
        self, endpoint: str, obj: Any, parameters: Any, tags: Any, **options: Any
    ) -> None:
        super()._store_endpoint_docs(endpoint, obj, parameters, tags, **options)
        for method, doc in self._docs[endpoint].items():
            if method != "parameters":
                manual = doc.setdefault("manual_doc", {})
                manual.setdefault("operationId", operation_id(method, obj.__name__))

    def answers(self, *statuses: int) -> Callable[[Callable], Callable]:
        """Declares error statuses the view answers itself (a 409 on a conflict, 412 on a
        stale ``If-Match``...), each with the error envelope: ``@blp.answers(404, 409)``.
        Those answered before any view runs need no declaring: ``api/statuses.py``."""

        def decorate(view: Callable) -> Callable:
            for status in reversed(statuses):
                view = self.alt_response(status, response=HTTPStatus(status).name)(view)
            return view

        return decorate

    def _document_pagination_metadata(self, spec: Any, resp_doc: dict[str, Any]) -> None:
        """X-Pagination is a JSON text in a header: document it as the string it is."""
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "分页信息（JSON 文本）/ Pagination as JSON text: total, total_pages, "
            "first_page, last_page, page, previous_page, next_page",
            "schema": {"type": "string"},
        }
