"""Every route declares who may reach it, and the declaration is enforced on anonymous visitors."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask.views import MethodView
from werkzeug.routing import Rule

from registry.auth.access import (
    BUILT_IN_ACCESS,
    PLATFORM_ADMIN,
    PUBLIC,
    RULES,
    SIGNED_IN,
    access,
    declared_access,
)
from tests.factories import OrganisationFactory, editor_of
from tests.helpers import bearer_for

IGNORED_METHODS = frozenset({"HEAD", "OPTIONS"})


def _method_rule(app: Flask, rule: Rule, method: str) -> str | None:
    """Return the access rule that governs one method of a route.

    A method view may declare a rule per method, so each method is looked up on its
    class; other views declare one rule for all their methods.
    """
    view: Callable[..., Any] = app.view_functions[rule.endpoint]
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        method_function = getattr(view_class, method.lower(), None)
        return getattr(method_function, "access_rule", None)
    return declared_access(view) or BUILT_IN_ACCESS.get(rule.endpoint)


def _routes(app: Flask) -> list[tuple[Rule, str, str | None]]:
    """Return (rule, method, declared access) for every method of every route."""
    return [
        (rule, method, _method_rule(app, rule, method))
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - IGNORED_METHODS)
    ]


_VARIABLE = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def _path(rule: Rule) -> str:
    """Fill a rule's variables: 1 for numbers, the first choice of `any`, else `x`."""

    def value(match: re.Match[str]) -> str:
        converter, arguments = match.group(1), match.group(2) or ""
        if converter in ("int", "float"):
            return "1"
        if converter == "any":
            return arguments.split(",")[0].strip().strip("'\"")
        return "x"

    return _VARIABLE.sub(value, rule.rule)


def test_every_route_declares_a_known_access_rule(app: Flask) -> None:
    offenders = [
        f"{method} {rule.rule} ({rule.endpoint}): {declared!r}"
        for rule, method, declared in _routes(app)
        if declared not in RULES
    ]

    assert not offenders, "routes without a known access rule:\n" + "\n".join(offenders)


def test_declared_access_of_every_endpoint_is_a_rule_or_mixed(app: Flask) -> None:
    # "mixed": a method view whose methods each declare a rule, not all the same one;
    # the test above checks those methods one by one.
    offenders = [
        f"{endpoint}: {declared!r}"
        for endpoint, view in app.view_functions.items()
        if (declared := declared_access(view) or BUILT_IN_ACCESS.get(endpoint))
        not in (*RULES, "mixed")
    ]

    assert not offenders, "endpoints without a declared rule:\n" + "\n".join(offenders)


def test_openapi_document_route_declares_public_access(app: Flask) -> None:
    view = app.view_functions["api-docs.openapi_json"]

    assert (declared_access(view) or BUILT_IN_ACCESS.get("api-docs.openapi_json")) == PUBLIC


class _HalfDeclared(MethodView):
    """A method view that forgot to declare DELETE."""

    @access(PUBLIC)
    def get(self) -> str:
        return "read"

    def delete(self) -> str:
        return "deleted"


def test_declared_access_of_method_view_with_undeclared_method_is_not_a_rule() -> None:
    view = _HalfDeclared.as_view("half_declared")

    assert declared_access(view) is None


def test_declared_access_reads_the_rule_of_a_function_view() -> None:
    @access(PLATFORM_ADMIN)
    def view() -> str:
        return "ok"

    assert declared_access(view) == PLATFORM_ADMIN


def test_access_refuses_an_unknown_rule() -> None:
    with pytest.raises(ValueError, match="unknown access rule"):
        access("everyone")


def _guarded_routes(app: Flask) -> list[tuple[Rule, str]]:
    """Return (rule, method) of every method that needs a signed-in user."""
    return [
        (rule, method)
        for rule, method, declared in _routes(app)
        if declared in (SIGNED_IN, PLATFORM_ADMIN)
    ]


def test_guarded_api_routes_answer_401_to_anonymous_clients(
    app: Flask, client: FlaskClient
) -> None:
    routes = [(r, m) for r, m in _guarded_routes(app) if r.rule.startswith("/api/")]
    assert routes, "no guarded API route found"

    wrong = []
    for rule, method in routes:
        response = client.open(_path(rule), method=method, json={})
        body = response.get_json(silent=True) or {}
        if response.status_code != 401 or body.get("code") != 401:
            wrong.append(f"{method} {rule.rule}: {response.status_code} {body}")

    assert not wrong, "\n".join(wrong)


def test_guarded_pages_send_anonymous_get_requests_to_sign_in(
    app: Flask, client: FlaskClient
) -> None:
    routes = [
        (r, m) for r, m in _guarded_routes(app) if not r.rule.startswith("/api/") and m == "GET"
    ]
    assert routes, "no guarded page found"

    wrong = []
    for rule, _method in routes:
        path = _path(rule)
        response = client.get(path)
        location = response.headers.get("Location", "")
        if response.status_code != 302 or not location.startswith("/signin?next="):
            wrong.append(f"GET {rule.rule}: {response.status_code} {location!r}")

    assert not wrong, "\n".join(wrong)


def test_guarded_page_forms_answer_401_to_anonymous_posts(app: Flask, client: FlaskClient) -> None:
    routes = [
        (r, m) for r, m in _guarded_routes(app) if not r.rule.startswith("/api/") and m != "GET"
    ]
    assert routes, "no guarded form found"

    wrong = []
    for rule, method in routes:
        response = client.open(_path(rule), method=method, data={})
        if response.status_code != 401 or response.mimetype != "text/html":
            wrong.append(f"{method} {rule.rule}: {response.status_code} {response.mimetype}")

    assert not wrong, "\n".join(wrong)


def test_platform_admin_api_routes_answer_403_to_other_signed_in_users(
    app: Flask, client: FlaskClient
) -> None:
    org_admin = editor_of(OrganisationFactory().id, role="org_admin")
    headers = bearer_for(org_admin)
    routes = [
        (rule, method)
        for rule, method, declared in _routes(app)
        if declared == PLATFORM_ADMIN and rule.rule.startswith("/api/")
    ]
    assert routes, "no platform-admin API route found"

    wrong = []
    for rule, method in routes:
        response = client.open(_path(rule), method=method, json={}, headers=headers)
        if response.status_code != 403:
            wrong.append(f"{method} {rule.rule}: {response.status_code}")

    assert not wrong, "\n".join(wrong)
