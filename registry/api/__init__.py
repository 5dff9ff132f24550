"""The REST API under /api/v1 (flask-smorest), one module per resource."""

from __future__ import annotations

from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Flask
from marshmallow import Schema

from ..extensions import api, csrf

API_SETTINGS = {
    "API_TITLE": "Track Two Registry API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}


def schema_name(schema: type[Schema] | Schema) -> str:
    """Name a schema in the OpenAPI document; a partial (PATCH) schema gets its own name."""
    resolved = resolve_schema_cls(schema)
    # A list means a schema given as [Schema] (many); it is named after the one inside.
    cls = resolved[0] if isinstance(resolved, list) else resolved
    name = cls.__name__.removesuffix("Schema")
    return f"{name}Patch" if getattr(schema, "partial", False) else name


def init_api(app: Flask) -> None:
    """Bind flask-smorest (before the app's own error handlers, which replace its handler)."""
    for name, value in API_SETTINGS.items():
        app.config.setdefault(name, value)
    api.init_app(
        app,
        spec_kwargs={
            "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name),
            "components": {
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer"},
                    "session": {"type": "apiKey", "in": "cookie", "name": "session"},
                }
            },
            "security": [{"bearer": []}, {"session": []}],
        },
    )


def register_api(app: Flask) -> None:
    """Register the API blueprints; CSRF for cookie sessions is checked in auth.sessions."""
    from . import (
        analysis,
        auth,
        calendar,
        conflicts,
        coordination,
        coordinators,
        engagement,
        files,
        initiatives,
        organisations,
        people,
        reveals,
        screening,
        users,
    )
    from .common import add_pagination_header, refuse_unsupported_media
    from .contract import declare_conventions

    modules = (auth, organisations, users, conflicts, coordinators, initiatives, people, engagement)
    for module in (*modules, calendar, coordination, screening, reveals, files, analysis):
        csrf.exempt(module.blp)
        api.register_blueprint(module.blp)
    declare_conventions(app)
    app.after_request(add_pagination_header)
    app.before_request(lambda: refuse_unsupported_media(app.view_functions))
