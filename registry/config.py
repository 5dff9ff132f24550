"""Configuration in three layers: defaults, then REGISTRY_* environment, then overrides."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from flask import Flask

ENVIRONMENTS = ("production", "development", "testing")

DEFAULTS: dict[str, Any] = {
    "ENV": "production",
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "SECRET_KEY": None,
    "DATA_KEY": None,
    "MATCH_KEY": None,
    "RATELIMIT_STORAGE_URI": "memory://",
    "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    "SQLITE_BUSY_TIMEOUT_MS": 15_000,
    "LOG_LEVEL": "INFO",
    # Strict-Transport-Security max-age; None: two years in production, off elsewhere.
    "HSTS_SECONDS": None,
    # SPEC 4.2: how long a read waits for fresh findings, how long a run may take, caps.
    "ANALYSIS_READ_BUDGET": 5.0,
    "ANALYSIS_RUN_BUDGET": 60.0,
    "ANALYSIS_CAPS": {
        "overlap_findings": 5000,
        "map_nodes": 1000,
        "map_edges": 3000,
        "export_rows": 20000,
    },
    "QUEUE_URL": None,  # None: inline in development and testing, SQLite file in production
    "CREATE_RATE_LIMITS": {
        "initiatives": {"user": "30 per minute;300 per hour", "organisation": "60 per minute"},
        "people": {"user": "60 per minute;600 per hour", "organisation": "120 per minute"},
        "participations": {"user": "120 per minute", "organisation": "240 per minute"},
    },
    "RETENTION_MONTHS": 24,
    "TWO_FACTOR_ROLES": None,  # None: every role below in production, none elsewhere
    # The public pages' line for visitors who want an account (plain text).
    "CONTACT": "Organisations working on these conflicts may ask the registry's operators "
    "for an account.",
}

# Who may be made to sign in with two factors: two roles, and the coordinators of any
# conflict (an assignment, not a role).
TWO_FACTOR_ROLE_CHOICES = ("platform_admin", "org_admin", "coordinator")

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and how to fix it."""


def load(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Fill app.config from defaults, the environment and explicit overrides, in that order."""
    settings = dict(DEFAULTS)
    prefix = "REGISTRY_"
    for name, value in os.environ.items():
        if name.startswith(prefix):
            settings[name[len(prefix) :]] = value
    settings.update(overrides or {})

    env = str(settings["ENV"]).lower()
    if env not in ENVIRONMENTS:
        raise ConfigError(f"REGISTRY_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}.")
    settings["ENV"] = env
    app.config.update(settings)
    app.config["TESTING"] = env == "testing" or bool(settings.get("TESTING"))
    app.config["MAX_CONTENT_LENGTH"] = int(settings["MAX_CONTENT_LENGTH"])
    app.config["RETENTION_MONTHS"] = retention_months(settings["RETENTION_MONTHS"])
    hsts = settings["HSTS_SECONDS"]
    app.config["HSTS_SECONDS"] = int(hsts) if hsts not in (None, "") else _default_hsts(env)

    url = settings["DATABASE_URL"] or default_sqlite_url(app)
    app.config["DATABASE_URL"] = normalise_database_url(url)
    app.config["SQLALCHEMY_ENGINES"] = {
        "default": {
            "url": app.config["DATABASE_URL"],
            # Test each pooled connection before use: after a database restart the first
            # request reconnects instead of failing on a dead connection.
            "pool_pre_ping": True,
            # Errors never carry bind parameters (participants' data) into logs.
            "hide_parameters": True,
        }
    }
    app.config["ALEMBIC"] = {"script_location": str(PROJECT_ROOT / "migrations")}
    from .migration_rendering import render_item

    app.config["ALEMBIC_CONTEXT"] = {
        "render_as_batch": True,
        "compare_type": True,
        "render_item": render_item,
    }
    load_analysis_bounds(app, settings)
    app.config["TWO_FACTOR_ROLES"] = two_factor_roles(settings["TWO_FACTOR_ROLES"], env)
    app.config["RATELIMIT_STORAGE_URI"] = settings["RATELIMIT_STORAGE_URI"]
    if env == "production" and not str(settings["RATELIMIT_STORAGE_URI"]).startswith(
        ("redis://", "rediss://")
    ):
        raise ConfigError(
            "REGISTRY_RATELIMIT_STORAGE_URI must be a redis:// URI in production, so that "
            "every worker shares one count of sign-in attempts."
        )


def _default_hsts(env: str) -> int:
    """Two years of HTTPS-only in production (browsers then refuse plain HTTP); none elsewhere."""
    return 63_072_000 if env == "production" else 0


def _json_setting(name: str, value: Any) -> Any:
    """Read a setting given as JSON text in the environment (or as data by overrides)."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise ConfigError(f"REGISTRY_{name} must be a JSON object: {value!r}") from None


def load_analysis_bounds(app: Flask, settings: dict[str, Any]) -> None:
    """Check and type the analysis budgets, caps, queue and create limits."""
    from .analysis.bounds import Caps

    for name in ("ANALYSIS_READ_BUDGET", "ANALYSIS_RUN_BUDGET"):
        try:
            app.config[name] = float(settings[name])
        except ValueError:
            raise ConfigError(f"REGISTRY_{name} must be a number of seconds.") from None
    given = _json_setting("ANALYSIS_CAPS", settings["ANALYSIS_CAPS"])
    caps = {**DEFAULTS["ANALYSIS_CAPS"], **given}
    try:
        app.config["ANALYSIS_CAPS"] = Caps.from_mapping(caps)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"REGISTRY_ANALYSIS_CAPS: {error}") from None
    limits = _json_setting("CREATE_RATE_LIMITS", settings["CREATE_RATE_LIMITS"])
    app.config["CREATE_RATE_LIMITS"] = {**DEFAULTS["CREATE_RATE_LIMITS"], **limits}
    queue = settings["QUEUE_URL"]
    if not queue:
        in_folder = f"sqlite:///{Path(app.instance_path) / 'queue.sqlite'}"
        queue = in_folder if settings["ENV"] == "production" else "immediate"
    app.config["QUEUE_URL"] = queue


def retention_months(value: Any) -> int:
    """Return REGISTRY_RETENTION_MONTHS as a whole number of months, at least 1."""
    try:
        months = int(str(value).strip())
    except ValueError:
        months = 0
    if months < 1:
        raise ConfigError(
            "REGISTRY_RETENTION_MONTHS must be a whole number of months, at least 1, "
            f"not {value!r}."
        )
    return months


def two_factor_roles(value: Any, env: str) -> frozenset[str]:
    """Parse REGISTRY_TWO_FACTOR_ROLES; production requires at least one role."""
    if value is None:
        return frozenset(TWO_FACTOR_ROLE_CHOICES if env == "production" else ())
    names = value.split(",") if isinstance(value, str) else list(value)
    roles = frozenset(str(name).strip() for name in names if str(name).strip())
    unknown = sorted(roles - set(TWO_FACTOR_ROLE_CHOICES))
    if unknown:
        raise ConfigError(
            f"REGISTRY_TWO_FACTOR_ROLES: {', '.join(unknown)} is not one of "
            f"{', '.join(TWO_FACTOR_ROLE_CHOICES)}."
        )
    if env == "production" and not roles:
        raise ConfigError(
            "REGISTRY_TWO_FACTOR_ROLES must name at least one role in production "
            f"(any of {', '.join(TWO_FACTOR_ROLE_CHOICES)}; unset means all three)."
        )
    return roles


def default_sqlite_url(app: Flask) -> str:
    """Return the URL of the embedded SQLite database in the instance folder."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(app.instance_path) / 'registry.sqlite'}"


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written without a driver."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url
