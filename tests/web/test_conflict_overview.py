"""The conflict overview and the coordinator's home, read by each kind of reader."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Person
from registry.services import initiatives
from registry.services.inputs import build
from registry.services.inputs.initiatives import InitiativeChanges
from tests.factories import SYSTEM, OrganisationFactory, editor_of
from tests.helpers import sign_in_as
from tests.world import World, overlapping_pair


@pytest.fixture
def world(app) -> World:
    """Two NGOs' overlapping initiatives, the second one restricted."""
    world = overlapping_pair("Water sharing", "Upstream herders", ("Wells dialogue", "River talks"))
    initiatives.update(
        SYSTEM, world["theirs"].id, build(InitiativeChanges, {"confidentiality": "restricted"})
    )
    return world.adding(outsider=editor_of(OrganisationFactory().id))


def overview(client: FlaskClient, world: World, who: str) -> str:
    sign_in_as(client, world[who])
    response = client.get(f"/conflicts/{world['conflict'].id}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def aliases() -> list[str]:
    return list(db.session.scalars(sa.select(Person.alias)))


def test_a_coordinator_reads_the_conflict_its_initiatives_findings_and_brokers(
    client, world
) -> None:
    html = overview(client, world, "coordinator")
    assert "Formal talks" in html and "Discussion" in html
    assert "Upstream herders" in html and "Water sharing" in html
    assert "Wells dialogue" in html and "River talks" in html
    assert re.search(
        r'href="/conflicts/\d+/findings\?severity=high&amp;status=open">\d+ high', html
    )
    assert "Brokers" in html and any(alias in html for alias in aliases())
    assert "Wells dialogue; River talks" in html or "River talks; Wells dialogue" in html
    assert f"initiative_id={world['own'].id}" in html
    assert "Canary" not in html


def test_a_sponsor_member_sees_neither_restricted_initiatives_nor_brokers(client, world) -> None:
    html = overview(client, world, "member")
    assert "Wells dialogue" in html
    assert "River talks" not in html
    assert "Brokers" not in html and not any(alias in html for alias in aliases())
    assert "Computed from the initiatives you may see" in html


def test_an_outsider_sees_the_registry_initiative_but_no_participant_hint(client, world) -> None:
    html = overview(client, world, "outsider")
    assert "Wells dialogue" in html and "River talks" not in html
    assert "Brokers" not in html and "Canary" not in html
    assert "Upstream herders" in html


def test_a_missing_conflict_is_a_404(client, world) -> None:
    sign_in_as(client, world["member"])
    assert client.get("/conflicts/999999").status_code == 404


def test_the_coordinators_home_lists_its_conflict_with_open_findings_by_severity(
    client, world
) -> None:
    sign_in_as(client, world["coordinator"])
    html = client.get("/home").get_data(as_text=True)
    conflict = world["conflict"]
    assert f'href="/conflicts/{conflict.id}">{conflict.name}</a>' in html
    assert re.search(
        rf'href="/conflicts/{conflict.id}/findings\?severity=high&amp;status=open">'
        r'<span class="badge[^"]*">[1-9]\d*</span> high',
        html,
    )


def test_a_member_home_has_no_coordinated_section(client, world) -> None:
    sign_in_as(client, world["member"])
    assert "Conflicts you coordinate" not in client.get("/home").get_data(as_text=True)
