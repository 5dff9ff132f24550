"""An operators' organisation and two NGOs with their admins and members, named as people are."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.world import World, build_world, member, org, place


@pytest.fixture
def staff(app: Flask) -> World:
    """Who is who: users by role and organisation, and one conflict."""
    return build_world(
        scopes={"where": place(only=(), name="Kerio Valley", slug="kerio-valley")},
        organisations={
            "ops": org("other", name="Registry operators"),
            "amani": org(name="Amani Bridges"),
            "border": org(name="Border Voices"),
        },
        users={
            "operator": member(
                "ops", "platform_admin", display_name="Pat Operator", email="pat@ops.example"
            ),
            "amani_admin": member(
                "amani", "org_admin", display_name="Asha Mwangi", email="asha@amani.example"
            ),
            "amani_editor": member(
                "amani", "editor", display_name="Eli Kiprop", email="eli@amani.example"
            ),
            "border_admin": member(
                "border", "org_admin", display_name="Bruno Lind", email="bruno@border.example"
            ),
            "border_viewer": member(
                "border", "viewer", display_name="Vera Holm", email="vera@border.example"
            ),
        },
    )
