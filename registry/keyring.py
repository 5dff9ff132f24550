"""Secret keys: parse REGISTRY_* key lists, identify keys, generate them once in development."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from .config import ConfigError

KEY_SETTINGS = ("SECRET_KEY", "DATA_KEY", "MATCH_KEY")


@dataclass(frozen=True)
class Key:
    """One 32-byte key and its public id (first 8 hex digits of its SHA-256)."""

    id: str
    material: bytes = b""

    def __repr__(self) -> str:  # never print key material
        return f"Key(id={self.id!r})"


@dataclass(frozen=True)
class KeyRing:
    """Keys in order: the first one writes, every one may read."""

    keys: tuple[Key, ...]

    @property
    def current(self) -> Key:
        return self.keys[0]

    def get(self, key_id: str) -> Key | None:
        """Return the key with this id, if the ring holds it."""
        return next((key for key in self.keys if key.id == key_id), None)


def key_id(material: bytes) -> str:
    """Return the public id of a key."""
    return hashlib.sha256(material).hexdigest()[:8]


def parse_ring(setting: str, value: str) -> KeyRing:
    """Parse comma-separated base64 keys, refusing anything that is not 32 bytes."""
    keys = []
    for position, text in enumerate(part.strip() for part in value.split(",")):
        if not text:
            continue
        try:
            material = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ConfigError(
                f"REGISTRY_{setting}: key {position + 1} is not valid base64."
            ) from None
        if len(material) != 32:
            raise ConfigError(
                f"REGISTRY_{setting}: key {position + 1} is {len(material)} bytes; "
                "keys are 32 random bytes, base64-encoded "
                "(see README.md, Configuration, for a one-line generator)."
            )
        keys.append(Key(id=key_id(material), material=material))
    if not keys:
        raise ConfigError(f"REGISTRY_{setting} holds no key.")
    return KeyRing(tuple(keys))


def new_key() -> str:
    """Return a fresh random key, base64-encoded."""
    return base64.b64encode(secrets.token_bytes(32)).decode()


def load_keys(app: Flask) -> None:
    """Resolve the three keys into app.config, generating them once outside production."""
    missing = [name for name in KEY_SETTINGS if not app.config.get(name)]
    if missing and app.config["ENV"] == "production":
        names = ", ".join(f"REGISTRY_{name}" for name in missing)
        raise ConfigError(
            f"{names} must be set in production: each is 32 random bytes, base64-encoded. "
            "See the configuration table in README.md."
        )
    if app.config["ENV"] == "production":
        check_secret_key(str(app.config["SECRET_KEY"]))
    if missing:
        stored = _stored_development_keys(Path(app.instance_path) / "keys.json")
        for name in missing:
            app.config[name] = stored[name]
    app.config["DATA_KEYRING"] = parse_ring("DATA_KEY", app.config["DATA_KEY"])
    app.config["MATCH_KEYRING"] = parse_ring("MATCH_KEY", app.config["MATCH_KEY"])


def secret_key_strength(value: str) -> int:
    """Return how many bytes a secret key holds: decoded from hex or base64, else raw."""
    text = value.strip()
    if len(text) % 2 == 0 and all(char in "0123456789abcdefABCDEF" for char in text):
        return len(text) // 2
    try:
        return len(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        # Plain text carries less than a byte of randomness per character: ask for at
        # least as many characters as a base64-encoded 32-byte key has.
        return len(text.encode()) * 32 // 44


def check_secret_key(value: str) -> None:
    """Refuse a session-signing key shorter than 32 random bytes (production)."""
    strength = secret_key_strength(value)
    if strength < 32:
        raise ConfigError(
            f"REGISTRY_SECRET_KEY holds {strength} bytes; it signs every session, so it must be "
            "at least 32 random bytes, base64-encoded (see README.md, Configuration, for a "
            "one-line generator)."
        )


def _stored_development_keys(path: Path) -> dict[str, str]:
    """Read instance/keys.json, creating it atomically (mode 0600) when absent.

    The file is written under a temporary name and hard-linked into place, which
    fails if another process got there first; that process's keys then win.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fresh = {name: new_key() for name in KEY_SETTINGS}
        temporary = path.with_name(f".keys.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(fresh, handle)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    stored = json.loads(path.read_text())
    for name in KEY_SETTINGS:
        stored.setdefault(name, None)
    if any(stored[name] is None for name in KEY_SETTINGS):
        raise ConfigError(f"{path} lacks a key; delete it only if no data was encrypted with it.")
    keys: dict[str, str] = stored
    return keys
