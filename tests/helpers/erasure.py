"""Look for a participant's name everywhere it could hide: every text column of every table
(ciphertexts decrypted with the keyring), a backup file, and what pages and exports answer."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from registry.extensions import db
from registry.identity import data_ring, decrypt
from registry.models import Base

# Every purpose a ciphertext column is sealed with (the associated data of AES-GCM).
PURPOSES = ("person.full_name", "person.designated_affiliation")


def readable(value: Any) -> str:
    """Return a stored value as text, with every ciphertext in it decrypted."""
    if isinstance(value, str) and value.startswith("v1:"):
        for purpose in PURPOSES:
            try:
                return decrypt(data_ring(), value, purpose)
            except Exception:  # noqa: S112 - another purpose may open it
                continue
        raise AssertionError("a ciphertext no purpose opens: the scan would miss it")
    if isinstance(value, dict | list):
        return json.dumps(value, default=str)
    return "" if value is None else str(value)


def database_text() -> str:
    """Return every value of every table as text, ciphertexts decrypted."""
    db.session.rollback()
    parts: list[str] = []
    for table in Base.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)).mappings():
            parts.extend(readable(value) for value in row.values())
    return "\n".join(parts)


def backup_text(path: Path) -> str:
    """Return every value of a backup file as text, ciphertexts decrypted."""
    parts: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            parts.extend(readable(value) for value in entry.get("row", {}).values())
    return "\n".join(parts)


def found(words: tuple[str, ...], text: str) -> list[str]:
    """Return the words found in a text, case-insensitively."""
    lowered = text.lower()
    return [word for word in words if word.lower() in lowered]
