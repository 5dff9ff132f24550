"""The initiatives table, registering and editing the scope (step 1), cloning, and the page
of one initiative as each reader may see it."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import AuditEvent, Initiative
from registry.services import users
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    initiative_on,
    participate,
    reference,
)
from tests.helpers import signed_in
from tests.helpers.forms import scope_form
from tests.world import World, two_ngos_in_the_valley


@pytest.fixture
def world(app: Flask) -> World:
    """Two NGOs on one conflict, each with an editor."""
    return two_ngos_in_the_valley()


def field_error(page: str, field_id: str) -> str:
    """Return the error shown beside a field, checking the field points to it."""
    assert re.search(rf'aria-describedby="[^"]*\b{field_id}-error"', page), "not linked"
    match = re.search(
        rf'<div id="{field_id}-error" class="invalid-feedback d-block">([^<]*)<', page
    )
    assert match, f"no error beside {field_id}"
    return match.group(1)


def test_table_lists_own_initiatives_with_status_dates_and_open_findings(
    world: World, client: FlaskClient
) -> None:
    initiative_on(world.where, world.ours.id, title="Water dialogue", status="paused")
    initiative_on(world.where, world.theirs.id, title="Their forum")

    page = signed_in(client, world.editor).get("/initiatives/").get_data(as_text=True)

    assert "Water dialogue" in page
    assert "Paused" in page
    assert "2026-01-01 – open" in page
    # A paused initiative: no rule fires on it; the count links to its findings.
    assert re.search(r'initiative_id=\d+&amp;status=open">0<span class="visually-hidden">', page)
    assert "Their forum" not in page


def test_others_tab_lists_other_visible_initiatives_and_never_restricted_ones(
    world: World, client: FlaskClient
) -> None:
    initiative_on(world.where, world.ours.id, title="Our dialogue")
    initiative_on(world.where, world.theirs.id, title="Their forum")
    initiative_on(
        world.where, world.theirs.id, title="Their quiet talks", confidentiality="restricted"
    )

    page = signed_in(client, world.editor).get("/initiatives/?tab=others").get_data(as_text=True)

    assert "Their forum" in page
    assert "Kerio" in page
    assert "Our dialogue" not in page
    assert "Their quiet talks" not in page


def test_table_filters_by_status(world: World, client: FlaskClient) -> None:
    initiative_on(world.where, world.ours.id, title="Running one", status="active")
    initiative_on(world.where, world.ours.id, title="Finished one", status="concluded")

    page = signed_in(client, world.editor).get("/initiatives/?status=concluded")

    assert "Finished one" in page.get_data(as_text=True)
    assert "Running one" not in page.get_data(as_text=True)


def test_new_registration_asks_for_the_conflict_then_offers_its_issues(
    world: World, client: FlaskClient
) -> None:
    signed_in(client, world.editor)

    first = client.get("/initiatives/new").get_data(as_text=True)
    second = client.get(f"/initiatives/new?conflict_id={world.where.conflict.id}")

    assert "Which conflict does it work on?" in first
    assert "Valley conflict" in first
    assert world.where.issue.name in second.get_data(as_text=True)
    assert "Step 1 of 4: scope" in second.get_data(as_text=True)


def test_registration_with_end_before_start_shows_the_error_beside_it_and_keeps_the_title(
    world: World, client: FlaskClient
) -> None:
    form = scope_form(world.where, title="Water talks, draft", end_date="2026-01-01")

    response = signed_in(client, world.editor).post("/initiatives/", data=form)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "end_date") == "The end date must not be before the start date."
    assert 'value="Water talks, draft"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 0


def test_registration_without_issue_asks_in_plain_words_and_keeps_the_choices(
    world: World, client: FlaskClient
) -> None:
    form = scope_form(world.where, issue_ids=[])

    page = signed_in(client, world.editor).post("/initiatives/", data=form).get_data(as_text=True)

    assert field_error(page, "issue_ids") == "Choose at least one issue."
    assert re.search(r'value="soft" checked', page)


def test_registration_without_method_asks_in_plain_words(world: World, client: FlaskClient) -> None:
    form = scope_form(world.where, method="")

    page = signed_in(client, world.editor).post("/initiatives/", data=form).get_data(as_text=True)

    assert field_error(page, "method") == "Choose the method."


def test_successful_registration_goes_to_participants_and_appears_in_the_table(
    world: World, client: FlaskClient
) -> None:
    signed_in(client, world.editor)

    response = client.post("/initiatives/", data=scope_form(world.where))
    table = client.get("/initiatives/").get_data(as_text=True)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/participants")
    assert "Upland water dialogue" in table
    assert "Planned" in table


def test_clone_prefills_a_new_registration_without_the_reference(
    world: World, client: FlaskClient
) -> None:
    source = initiative_on(world.where, world.ours.id, title="Elders forum", external_id="AB-7")

    page = signed_in(client, world.editor).get(f"/initiatives/new?from={source.id}")

    text = page.get_data(as_text=True)
    assert 'value="Elders forum (copy)"' in text
    assert f'value="{world.where.issue.id}" checked' in text
    assert "AB-7" not in text


def test_edit_saves_the_scope(world: World, client: FlaskClient) -> None:
    initiative = initiative_on(world.where, world.ours.id, title="Old title")
    form = scope_form(world.where, title="New title", version=str(initiative.version))
    form.pop("conflict_id")

    response = signed_in(client, world.editor).post(f"/initiatives/{initiative.id}/edit", data=form)

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Initiative, initiative.id).title == "New title"


def test_edit_of_a_stale_version_keeps_the_typed_values_and_says_why(
    world: World, client: FlaskClient
) -> None:
    initiative = initiative_on(world.where, world.ours.id, title="Old title")
    form = scope_form(world.where, title="My edit", version=str(initiative.version + 5))

    response = signed_in(client, world.editor).post(f"/initiatives/{initiative.id}/edit", data=form)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Someone changed this record while you were editing it" in page
    assert 'value="My edit"' in page


def test_viewer_may_read_the_table_but_not_register(world: World, client: FlaskClient) -> None:
    viewer = UserFactory(organisation_id=world.ours.id, role="viewer")
    signed_in(client, viewer)

    assert client.get("/initiatives/").status_code == 200
    assert client.get("/initiatives/new").status_code == 403
    assert client.post("/initiatives/", data=scope_form(world.where)).status_code == 403


def test_restricted_initiative_of_another_organisation_answers_404(
    world: World, client: FlaskClient
) -> None:
    hidden = initiative_on(world.where, world.theirs.id, confidentiality="restricted")

    response = signed_in(client, world.editor).get(f"/initiatives/{hidden.id}")

    assert response.status_code == 404
    assert client.get(f"/initiatives/{hidden.id + 100}").status_code == 404


def test_member_sees_counts_but_no_participant_rows(world: World, client: FlaskClient) -> None:
    theirs = initiative_on(world.where, world.theirs.id, title="Their forum")
    person = PersonFactory(organisation_id=world.theirs.id, full_name="Halima Sharif")
    participate(theirs.id, person.id, party_id=world.where.party.id)

    page = signed_in(client, world.editor).get(f"/initiatives/{theirs.id}").get_data(as_text=True)

    assert "Participants in numbers" in page
    assert f"{world.where.party.name}: 1" in page
    assert person.alias not in page
    assert "Halima Sharif" not in page


def test_funder_sees_aliases_and_only_the_names_of_named_people(
    world: World, client: FlaskClient
) -> None:
    initiative = initiative_on(world.where, world.theirs.id, funder_ids=[world.ours.id])
    hidden = PersonFactory(organisation_id=world.theirs.id, full_name="Halima Sharif")
    named = PersonFactory(
        organisation_id=world.theirs.id, full_name="Omar Named", identity_visibility="named"
    )
    participate(initiative.id, hidden.id)
    participate(initiative.id, named.id)

    page = signed_in(client, world.editor).get(f"/initiatives/{initiative.id}")

    text = page.get_data(as_text=True)
    assert hidden.alias in text and named.alias in text
    assert "Halima Sharif" not in text
    assert "Omar Named" in text
    reads = db.session.scalars(
        sa.select(AuditEvent.object_id).filter_by(action="person.read_full_name")
    )
    assert list(reads) == [named.id]


def test_coordinator_sees_a_sealed_initiative_with_its_rows(
    world: World, client: FlaskClient
) -> None:
    coordinator = UserFactory(organisation_id=OrganisationFactory().id, role="viewer")
    users.assign_coordinator(SYSTEM, coordinator.id, world.where.conflict.id)
    sealed = initiative_on(
        world.where, world.theirs.id, title="Sealed talks", confidentiality="sealed"
    )

    page = signed_in(client, coordinator).get(f"/initiatives/{sealed.id}").get_data(as_text=True)

    assert "Sealed talks" in page
    assert "Channels to Track One" in page


def count_selects(client: FlaskClient, path: str) -> int:
    """Return how many statements a page runs."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_table_reads_in_a_fixed_number_of_queries(world: World, client: FlaskClient) -> None:
    initiative_on(world.where, world.theirs.id, funder_ids=[world.ours.id])
    signed_in(client, world.editor)
    few = count_selects(client, "/initiatives/?tab=others")

    for _ in range(5):
        initiative_on(world.where, OrganisationFactory().id, funder_ids=[world.ours.id])

    assert count_selects(client, "/initiatives/?tab=others") == few


def test_detail_page_reads_in_a_fixed_number_of_queries(world: World, client: FlaskClient) -> None:
    initiative = initiative_on(world.where, world.ours.id)
    participate(initiative.id, PersonFactory(organisation_id=world.ours.id).id)
    signed_in(client, world.editor)
    few = count_selects(client, f"/initiatives/{initiative.id}")

    for n in range(6):
        person = PersonFactory(organisation_id=world.ours.id)
        participate(initiative.id, person.id, party_id=world.where.party.id)
        reference("issue", world.where.conflict.id, name=f"Extra issue {n}")

    assert count_selects(client, f"/initiatives/{initiative.id}") == few
