"""Find the user behind a session cookie; a raised session generation ends old sessions."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import joinedload

from ..extensions import db, login_manager
from ..models import User
from ..policy import AnonymousActor


def load_user(reference: str) -> User | None:
    """Return the active user a session refers to, or None when it was revoked."""
    user_id, _, generation = reference.partition(":")
    if not user_id.isdigit() or not generation.isdigit():
        return None
    # The coordinator assignments come in the same SELECT: every visibility decision reads them.
    user = db.session.get(User, int(user_id), options=[joinedload(User.coordinated)])
    if user is None or not user.is_active or user.session_generation != int(generation):
        return None
    return user


def register_loaders(app: Flask) -> None:
    """Tell Flask-Login how to load users and what an anonymous visitor is."""
    login_manager.user_loader(load_user)
    login_manager.anonymous_user = AnonymousActor
