"""Fixtures shared by the service tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    Scope,
    initiative_on,
    one_transaction,
    scope,
)


@dataclass
class World:
    """Two conflicts and two organisations, with one initiative and one person each."""

    here: Scope
    there: Scope
    sponsor: Any
    other: Any
    initiative: Any
    other_initiative: Any
    person: Any
    stranger: Any


@pytest.fixture
def world(app: Flask) -> World:
    with one_transaction():
        here, there = scope(), scope()
        sponsor, other = OrganisationFactory(), OrganisationFactory()
        return World(
            here=here,
            there=there,
            sponsor=sponsor,
            other=other,
            initiative=initiative_on(here, sponsor.id),
            other_initiative=initiative_on(here, other.id),
            person=PersonFactory(organisation_id=sponsor.id),
            stranger=PersonFactory(organisation_id=other.id),
        )
