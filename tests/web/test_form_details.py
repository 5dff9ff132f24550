"""Details users noticed: ISO date boxes, donors as funders, help read from the reader's side."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import sign_in_as
from tests.world import World, build_world, initiative, member, org


@pytest.fixture
def world(app: Flask) -> World:
    """An NGO's initiative funded by a coordination body; a donor, a hub and the operators."""
    return build_world(
        organisations={
            "ngo": org(name="Amani"),
            "donor": org("donor", name="Valley Fund"),
            "hub": org("coordination_body", name="Coordination Hub"),
            "operators": org("other", name="Registry operators"),
        },
        initiatives={"funded_by_hub": initiative("ngo", funders=("hub",), title="Hub-funded")},
        users={"editor": member("ngo"), "member": member("donor")},
    )


def test_date_boxes_take_iso_text_not_the_locales_date_picker(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["editor"])
    url = f"/initiatives/new?conflict_id={world['where'].conflict.id}"

    html = client.get(url).get_data(as_text=True)

    box = re.search(r'<input[^>]*id="start_date"[^>]*>', html)
    assert box, "no start date box"
    assert 'type="text"' in box.group(0) and 'placeholder="YYYY-MM-DD"' in box.group(0)
    assert 'pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}"' in box.group(0)
    assert 'type="date"' not in html


def funder_choices(html: str) -> str:
    return html.split('id="funder_ids"', 1)[1].split("</fieldset>", 1)[0]


def test_the_funders_list_offers_donors_only(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world["editor"])
    url = f"/initiatives/new?conflict_id={world['where'].conflict.id}"

    choices = funder_choices(client.get(url).get_data(as_text=True))

    donor, hub, operators = (world.donor.name, world.hub.name, world.operators.name)
    assert donor in choices
    assert hub not in choices and operators not in choices


def test_the_funders_list_keeps_a_non_donor_that_already_funds_it(
    client: FlaskClient, world: World
) -> None:
    sign_in_as(client, world["editor"])

    html = client.get(f"/initiatives/{world['funded_by_hub'].id}/edit").get_data(as_text=True)

    donor, hub, operators = (world.donor.name, world.hub.name, world.operators.name)
    choices = funder_choices(html)
    assert donor in choices and hub in choices and operators not in choices


def test_who_may_see_it_reads_right_from_a_non_sponsors_side(
    client: FlaskClient, world: World
) -> None:
    url = f"/initiatives/{world['funded_by_hub'].id}"

    own = sign_in_as(client, world["editor"]).get(url).get_data(as_text=True)
    other = sign_in_as(client, world["member"]).get(url).get_data(as_text=True)

    assert "Your funders" in own
    assert "Your funders" not in other and "The sponsor&#39;s funders" in other
    assert "(the usual choice)" not in own.split("<dl", 1)[0]
