"""Make the OpenAPI document say what every operation can answer (SPEC 6.2's conventions).

flask-smorest documents each view's own responses; what the conventions add to every
operation of a kind is written here once, after the blueprints are registered:
optional authentication on operations that serve visitors, `X-Pagination` on lists,
`412` where a version is checked, `409`, `413`, `415`, and `503` with `Retry-After`.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from ..auth.access import PUBLIC
from ..extensions import api

PAGINATION = {
    "type": "object",
    "properties": {
        name: {"type": "integer", "minimum": 0}
        for name in (
            "total",
            "total_pages",
            "first_page",
            "last_page",
            "page",
            "previous_page",
            "next_page",
        )
    },
    "required": ["total", "total_pages", "first_page", "last_page", "page"],
}
RETRY_AFTER = {"description": "Seconds to wait", "schema": {"type": "integer", "minimum": 0}}
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
CONVENTIONAL = {
    "409": "The request conflicts with the state of the data (or its Idempotency-Key is in use)",
    "412": "The record changed since the version sent in If-Match or `version`",
    "413": "The request body is too large",
    "415": "The request body is not of a type this operation takes",
    "503": "The database is unavailable, or the answer not ready in time: retry later",
}
SCHEMAS = "#/components/schemas/"
WRITES = ("post", "patch", "put", "delete")
_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def declare_conventions(app: Flask) -> None:
    """Add the conventional responses, headers and security to every API operation."""
    paths: dict[str, dict[str, Any]] = api.spec._paths  # apispec keeps no public mutator
    for rule in app.url_map.iter_rules():
        path = _CONVERTER.sub(r"{\1}", rule.rule)
        operations = paths.get(path)
        if not operations:
            continue
        view = app.view_functions[rule.endpoint]
        for method, operation in operations.items():
            if method in ("get", "post", "patch", "put", "delete"):
                _declare(operation, method, _access_of(view, method))


def _access_of(view: Any, method: str) -> str | None:
    """Return the access rule a view (or a method view's method) declared."""
    handler = getattr(getattr(view, "view_class", None), method, view)
    return getattr(handler, "access_rule", getattr(view, "access_rule", None))


def _declare(operation: dict[str, Any], method: str, rule: str | None) -> None:
    responses = operation.setdefault("responses", {})
    if rule == PUBLIC:
        # Visitors may call it without credentials; signed-in users are answered as such.
        operation["security"] = [{}, {"bearer": []}, {"session": []}]
    for status, response in responses.items():
        if status.startswith("2") and isinstance(response, dict):
            _answer_without_required(response)
    success = responses.get("200", {})
    schema = success.get("content", {}).get("application/json", {}).get("schema", {})
    if method == "get" and schema.get("type") == "array":
        success.setdefault("headers", {})["X-Pagination"] = {
            "description": "The list's totals and pages",
            "required": True,
            "content": {"application/json": {"schema": PAGINATION}},
        }
    wanted = ["503"]
    if method in WRITES:
        wanted += ["409", "415"] if method != "delete" else ["409"]
    if method == "patch":
        wanted.append("412")
    if method in ("post", "patch"):
        wanted.append("413")
    for status in wanted:
        responses.setdefault(status, _error(status))


def _answer_without_required(response: dict[str, Any]) -> None:
    """Point an answer at a copy of its schema that requires nothing.

    A field the reader may not see is absent (SPEC 3: a visitor gets a public
    initiative's public fields only), so what a create requires an answer may lack.
    """
    content = response.get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    holder = schema.get("items", {}) if schema.get("type") == "array" else schema
    ref = holder.get("$ref", "")
    if not ref.startswith(SCHEMAS):
        return
    name = ref.removeprefix(SCHEMAS)
    if name.endswith("Answer"):
        return  # an answer shared by two operations, already pointed at its copy
    components = api.spec.components
    found = components.schemas.get(name) or components.schemas_lazy.get(name)
    if found is None:
        return
    answer = f"{name}Answer"
    if answer not in components.schemas:
        components.schemas[answer] = {k: v for k, v in found.items() if k != "required"}
    holder["$ref"] = SCHEMAS + answer


def _error(status: str) -> dict[str, Any]:
    response: dict[str, Any] = {"description": CONVENTIONAL[status], "content": ERROR}
    if status == "503":
        response["headers"] = {"Retry-After": RETRY_AFTER}
    return response
