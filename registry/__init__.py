"""Track Two Registry: an application factory and nothing that runs at import."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, keys, extensions, blueprints, commands."""
    from . import config as settings
    from .keyring import load_keys

    app = Flask(
        __name__,
        template_folder="../templates",
        instance_path=(config or {}).get("INSTANCE_PATH"),
    )
    settings.load(app, config)
    register_converters(app)
    register_proxy(app)
    load_keys(app)
    app.secret_key = app.config["SECRET_KEY"]
    register_logging(app)
    register_input_checks(app)
    register_extensions(app)
    register_error_handlers(app)
    register_blueprints(app)
    register_commands(app)
    return app


def register_converters(app: Flask) -> None:
    """Make `<int:...>` in URLs stop at the largest id the database holds (larger is a 404)."""
    from werkzeug.routing import IntegerConverter

    class DatabaseInteger(IntegerConverter):
        def __init__(self, map: object, *args: object, **kwargs: object) -> None:
            kwargs.setdefault("max", 2**31 - 1)
            super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]

    app.url_map.converters["int"] = DatabaseInteger


def register_proxy(app: Flask) -> None:
    """Trust REGISTRY_PROXY_COUNT reverse proxies for the client's address and scheme.

    Behind a proxy every request would otherwise come from the proxy's address, and
    the per-address sign-in limit would lock everyone out together.
    """
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def register_logging(app: Flask) -> None:
    """Log to standard error at the configured level."""
    import logging

    app.logger.setLevel(app.config["LOG_LEVEL"])
    logging.getLogger("registry").setLevel(app.config["LOG_LEVEL"])
    from .request_ids import register_request_ids

    register_request_ids(app)


def register_input_checks(app: Flask) -> None:
    """Refuse unstorable text, deep JSON and ambiguous query strings before anything reads them."""
    from .inputs import register_input_checks as register
    from .web.health import register_probe_guard

    register_probe_guard(app)
    register(app)


def register_extensions(app: Flask) -> None:
    """Bind the database, migrations, sign-in, CSRF, rate limits, the job queue and the API."""
    from . import jobs
    from .api import init_api
    from .auth.loaders import register_loaders
    from .auth.sessions import register_sessions
    from .database import configure_engine
    from .extensions import alembic, csrf, db, limiter, login_manager

    db.init_app(app)
    drop_async_teardowns(app)
    with app.app_context():
        configure_engine(app, db.engine)
    alembic.init_app(app)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)
    login_manager.init_app(app)
    jobs.init_app(app)
    register_loaders(app)
    register_sessions(app)
    init_api(app)


def drop_async_teardowns(app: Flask) -> None:
    """Remove coroutine teardowns: the registry opens no async database session.

    flask-sqlalchemy-lite registers one to close async sessions; Flask runs a coroutine
    teardown through asgiref, which starts a thread and an event loop at the end of
    every request, /healthz included, for nothing to close.
    """
    import inspect

    app.teardown_appcontext_funcs[:] = [
        function
        for function in app.teardown_appcontext_funcs
        if not inspect.iscoroutinefunction(function)
    ]


def register_error_handlers(app: Flask) -> None:
    """Answer errors in JSON under /api and with HTML pages elsewhere."""
    from .web.errors import register_error_handlers as register

    register(app)


def register_blueprints(app: Flask) -> None:
    """Mount the web pages, the API, health checks and security headers."""
    from .api import register_api
    from .web import register_web

    register_web(app)
    register_api(app)


def register_commands(app: Flask) -> None:
    """Add `flask registry ...`."""
    from .cli import registry_cli

    app.cli.add_command(registry_cli)
