"""Fixtures shared by the service tests."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.world import World, build_world, initiative, org, person


@pytest.fixture
def world(app: Flask) -> World:
    """Two conflicts and two organisations, with one initiative and one person each."""
    return build_world(
        scopes=("here", "there"),
        organisations={"sponsor": org(), "other": org()},
        initiatives={
            "initiative": initiative("sponsor", on="here"),
            "other_initiative": initiative("other", on="here"),
        },
        people={"person": person("sponsor"), "stranger": person("other")},
    )
