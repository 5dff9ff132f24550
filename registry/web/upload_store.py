"""An uploaded import file, kept on the server between its dry run and its confirmation.

The file lives in the instance folder under a random name; only the signed session
of the user who uploaded it holds the token that finds it, so the confirmation needs
no second upload and no other session can confirm it. Files older than an hour are
swept at the next upload.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

from flask import current_app, session

SESSION_KEY = "pending_import"
MAX_AGE_SECONDS = 3600


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "pending-imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path:
    return _folder() / hashlib.sha256(token.encode()).hexdigest()


def _sweep() -> None:
    """Remove files no confirmation came for within the hour."""
    limit = time.time() - MAX_AGE_SECONDS
    for path in _folder().iterdir():
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def keep(content: bytes, filename: str) -> str:
    """Store an uploaded file for this session (replacing its previous one); return its token."""
    discard()
    _sweep()
    token = secrets.token_urlsafe(32)
    descriptor = os.open(_path(token), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(content)
    session[SESSION_KEY] = {"token": token, "filename": filename[:200]}
    return token


def take(token: str) -> tuple[bytes, str] | None:
    """Return the session's stored file and its name if `token` is its token, else None."""
    pending = session.get(SESSION_KEY) or {}
    stored = pending.get("token", "")
    if not token or not stored or not hmac.compare_digest(stored, token):
        return None
    path = _path(stored)
    if not path.exists():
        return None
    return path.read_bytes(), pending.get("filename", "")


def discard() -> None:
    """Forget the session's stored file, if any."""
    pending = session.pop(SESSION_KEY, None) or {}
    if pending.get("token"):
        _path(pending["token"]).unlink(missing_ok=True)
