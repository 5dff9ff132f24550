"""Configuration and keys (SPEC 6.4): three layers, loud failures, keys generated once."""

from __future__ import annotations

import base64
import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from registry import create_app
from registry.config import ConfigError, normalise_database_url
from registry.keyring import KEY_SETTINGS, key_id, load_keys, new_key

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep REGISTRY_* variables of the shell from leaking into these apps."""
    for name in list(os.environ):
        if name.startswith("REGISTRY_"):
            monkeypatch.delenv(name)


def _keys(**overrides: Any) -> dict[str, Any]:
    return {**{name: new_key() for name in KEY_SETTINGS}, **overrides}


def _production(tmp_path: Path, **config: Any) -> Flask:
    return create_app(
        {
            "ENV": "production",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "RATELIMIT_STORAGE_URI": REDIS,
            **config,
        }
    )


def _development(instance: Path, **config: Any) -> Flask:
    return create_app({"ENV": "development", "INSTANCE_PATH": str(instance), **config})


# Production ----------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", KEY_SETTINGS)
def test_production_without_a_key_refuses_to_start_naming_it(tmp_path: Path, missing: str) -> None:
    keys = _keys()
    del keys[missing]

    with pytest.raises(ConfigError, match=f"REGISTRY_{missing}"):
        _production(tmp_path, **keys)


@pytest.mark.parametrize("missing", KEY_SETTINGS)
def test_production_without_a_key_writes_no_key_file(tmp_path: Path, missing: str) -> None:
    keys = _keys()
    del keys[missing]

    with pytest.raises(ConfigError):
        _production(tmp_path, **keys)

    assert not (tmp_path / "instance" / "keys.json").exists()


def test_production_reads_keys_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = _keys()
    for name, value in keys.items():
        monkeypatch.setenv(f"REGISTRY_{name}", value)

    app = _production(tmp_path)

    assert app.config["DATA_KEYRING"].current.id == key_id(base64.b64decode(keys["DATA_KEY"]))


def test_production_without_redis_rate_limit_storage_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="REGISTRY_RATELIMIT_STORAGE_URI"):
        _production(tmp_path, RATELIMIT_STORAGE_URI="memory://", **_keys())


def test_production_is_the_default_environment(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="REGISTRY_RATELIMIT_STORAGE_URI"):
        create_app({"INSTANCE_PATH": str(tmp_path), **_keys()})


def test_production_with_keys_and_redis_starts(tmp_path: Path) -> None:
    app = _production(tmp_path, **_keys())

    assert app.config["ENV"] == "production"
    assert not app.config["TESTING"]


def test_unknown_environment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="REGISTRY_ENV"):
        create_app({"ENV": "staging", "INSTANCE_PATH": str(tmp_path), **_keys()})


# Development keys -----------------------------------------------------------------------------


def test_development_generates_missing_keys_into_instance_keys_json(tmp_path: Path) -> None:
    _development(tmp_path)

    stored = json.loads((tmp_path / "keys.json").read_text())
    assert set(stored) == set(KEY_SETTINGS)
    assert all(len(base64.b64decode(value, validate=True)) == 32 for value in stored.values())


def test_development_key_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    _development(tmp_path)

    assert stat.S_IMODE((tmp_path / "keys.json").stat().st_mode) == 0o600


def test_development_key_file_is_reused_by_a_second_app(tmp_path: Path) -> None:
    first = _development(tmp_path)

    second = _development(tmp_path)

    for name in KEY_SETTINGS:
        assert second.config[name] == first.config[name]


def test_development_apps_sharing_keys_read_each_others_names(tmp_path: Path) -> None:
    from registry.identity import decrypt, encrypt

    first, second = _development(tmp_path), _development(tmp_path)
    token = encrypt(first.config["DATA_KEYRING"], "Amina", "person.full_name")

    assert decrypt(second.config["DATA_KEYRING"], token, "person.full_name") == "Amina"


def test_development_keeps_keys_it_was_given(tmp_path: Path) -> None:
    given = new_key()

    app = _development(tmp_path, DATA_KEY=given)

    assert app.config["DATA_KEY"] == given
    assert json.loads((tmp_path / "keys.json").read_text())["DATA_KEY"] != given


def test_development_leaves_no_temporary_key_files(tmp_path: Path) -> None:
    _development(tmp_path)

    assert sorted(path.name for path in tmp_path.iterdir() if "keys" in path.name) == ["keys.json"]


def test_concurrent_first_starts_agree_on_one_set_of_keys(tmp_path: Path) -> None:
    starters = 8
    start = threading.Barrier(starters, timeout=10)
    seen: list[tuple[str, ...]] = []

    def start_one() -> None:
        app = Flask("registry", instance_path=str(tmp_path / "instance"))
        app.config["ENV"] = "development"
        start.wait()
        load_keys(app)
        seen.append(tuple(app.config[name] for name in KEY_SETTINGS))

    threads = [threading.Thread(target=start_one) for _ in range(starters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(seen) == starters
    assert len(set(seen)) == 1


# Malformed keys -------------------------------------------------------------------------------


def test_key_that_is_not_base64_is_refused_naming_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"REGISTRY_DATA_KEY.*not valid base64"):
        _development(tmp_path, DATA_KEY="this is not base64!")


def test_key_of_the_wrong_length_is_refused_saying_32_bytes(tmp_path: Path) -> None:
    short = base64.b64encode(os.urandom(16)).decode()

    with pytest.raises(ConfigError, match=r"REGISTRY_MATCH_KEY.*16 bytes.*32 random bytes"):
        _development(tmp_path, MATCH_KEY=short)


def test_malformed_second_key_of_a_ring_is_refused_naming_its_position(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="key 2"):
        _development(tmp_path, DATA_KEY=f"{new_key()},AAAA")


def test_comma_separated_keys_form_a_ring_whose_first_key_writes(tmp_path: Path) -> None:
    current, old = new_key(), new_key()

    app = _development(tmp_path, DATA_KEY=f"{current}, {old}")

    ring = app.config["DATA_KEYRING"]
    assert [key.id for key in ring.keys] == [
        key_id(base64.b64decode(current)),
        key_id(base64.b64decode(old)),
    ]


def test_key_error_message_never_shows_the_key(tmp_path: Path) -> None:
    secret = base64.b64encode(b"s3cr3t-material!").decode()

    with pytest.raises(ConfigError) as refused:
        _development(tmp_path, DATA_KEY=secret)

    assert secret not in str(refused.value)


# Layers and database URLs ---------------------------------------------------------------------


def test_environment_overrides_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGISTRY_LOG_LEVEL", "WARNING")

    app = _development(tmp_path)

    assert app.config["LOG_LEVEL"] == "WARNING"


def test_explicit_settings_override_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGISTRY_LOG_LEVEL", "WARNING")

    app = _development(tmp_path, LOG_LEVEL="ERROR")

    assert app.config["LOG_LEVEL"] == "ERROR"


def test_database_defaults_to_sqlite_in_the_instance_folder(tmp_path: Path) -> None:
    app = _development(tmp_path)

    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'registry.sqlite'}"


@pytest.mark.parametrize(
    "url",
    ["postgresql://registry@db.example/registry", "postgres://registry@db.example/registry"],
)
def test_postgresql_url_gets_the_psycopg_driver(url: str) -> None:
    assert normalise_database_url(url) == "postgresql+psycopg://registry@db.example/registry"


def test_app_connects_to_postgresql_through_psycopg(tmp_path: Path) -> None:
    app = _development(tmp_path, DATABASE_URL="postgresql://registry@db.example/registry")

    assert app.config["DATABASE_URL"].startswith("postgresql+psycopg://")


def test_url_with_a_driver_is_kept(tmp_path: Path) -> None:
    url = "postgresql+psycopg://registry@db.example/registry"

    assert normalise_database_url(url) == url


# Session-signing key and two-factor roles ---------------------------------------------------


@pytest.mark.parametrize(
    "secret",
    ["short", base64.b64encode(os.urandom(16)).decode(), os.urandom(16).hex(), "x" * 40],
    ids=["word", "16-bytes-base64", "16-bytes-hex", "40-characters-of-text"],
)
def test_production_refuses_a_secret_key_shorter_than_32_random_bytes(
    tmp_path: Path, secret: str
) -> None:
    with pytest.raises(ConfigError, match=r"REGISTRY_SECRET_KEY.*at least 32 random bytes") as err:
        _production(tmp_path, **_keys(SECRET_KEY=secret))

    assert secret not in str(err.value)


@pytest.mark.parametrize(
    "secret", [new_key(), os.urandom(32).hex(), os.urandom(48).hex()], ids=["base64", "hex", "long"]
)
def test_production_accepts_a_secret_key_of_32_random_bytes_or_more(
    tmp_path: Path, secret: str
) -> None:
    assert _production(tmp_path, **_keys(SECRET_KEY=secret)).secret_key == secret


def test_development_keeps_a_short_secret_key(tmp_path: Path) -> None:
    assert _development(tmp_path, SECRET_KEY="short").secret_key == "short"


def test_two_factor_roles_default_to_all_three_in_production(tmp_path: Path) -> None:
    app = _production(tmp_path, **_keys())

    assert app.config["TWO_FACTOR_ROLES"] == {"platform_admin", "org_admin", "coordinator"}


def test_two_factor_roles_default_to_none_in_development(tmp_path: Path) -> None:
    assert _development(tmp_path).config["TWO_FACTOR_ROLES"] == frozenset()


def test_two_factor_roles_are_read_comma_separated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGISTRY_TWO_FACTOR_ROLES", "platform_admin, coordinator")

    app = _production(tmp_path, **_keys())

    assert app.config["TWO_FACTOR_ROLES"] == {"platform_admin", "coordinator"}


def test_production_refuses_an_empty_two_factor_roles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGISTRY_TWO_FACTOR_ROLES", "")

    with pytest.raises(ConfigError, match="REGISTRY_TWO_FACTOR_ROLES"):
        _production(tmp_path, **_keys())


def test_unknown_two_factor_role_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="REGISTRY_TWO_FACTOR_ROLES: editor"):
        _development(tmp_path, TWO_FACTOR_ROLES="editor,org_admin")
