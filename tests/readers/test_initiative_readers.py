"""The initiative readers: frozen lines, hidden fields left None, 404 exactly as if missing."""

from __future__ import annotations

import dataclasses

import pytest
from flask import Flask

from registry.errors import NotFound, PermissionDenied
from registry.policy import ANONYMOUS_ACTOR, Access
from registry.readers import initiative_page, initiative_scope, initiative_table, registration
from registry.readers.links import link_lines, linkable
from registry.services import coordination
from registry.services.inputs import build
from registry.services.inputs.coordination import LinkProposal
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    channel,
    initiative_on,
    participate,
    scope,
)


def test_a_member_reads_the_fields_and_counts_but_no_rows(app: Flask) -> None:
    where, ours, theirs = scope(), OrganisationFactory(), OrganisationFactory()
    made = initiative_on(where, ours.id, summary="Water talks", external_id="W-1")
    participate(made.id, PersonFactory(organisation_id=ours.id).id, party_id=where.party.id)
    page = initiative_page.page(UserFactory(organisation_id=theirs.id), made.id)
    assert page.access == Access.ALL_BUT_PARTICIPANTS and not page.sees_rows
    assert (page.fields.summary, page.fields.external_id) == ("Water talks", "W-1")
    assert page.fields.participant_counts is not None
    assert page.fields.participant_counts.by_party == ((where.party.id, 1),)
    assert page.participants == () and page.person_ids == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.fields.summary = "changed"  # type: ignore[misc]


def test_an_anonymous_reader_gets_only_the_public_fields(app: Flask) -> None:
    where, ours = scope(), OrganisationFactory()
    made = initiative_on(where, ours.id, confidentiality="public", summary="Not public")
    page = initiative_page.page(ANONYMOUS_ACTOR, made.id)
    assert page.access == Access.PUBLIC_FIELDS
    assert page.fields == initiative_page.Details(sponsor_id=ours.id)
    assert [issue.name for issue in page.initiative.issues] == [where.issue.name]


def test_the_sponsor_reads_rows_and_the_names_it_is_given(app: Flask) -> None:
    where, ours = scope(), OrganisationFactory()
    made = initiative_on(where, ours.id)
    person = PersonFactory(organisation_id=ours.id)
    participate(made.id, person.id)
    channel(made.id, where.body.id, via_person_id=person.id)
    page = initiative_page.page(UserFactory(organisation_id=ours.id), made.id)
    assert page.person_ids == [person.id] and page.participants[0].full_name is None
    named = page.named({person.id: "Amina Yusuf"})
    assert named.participants[0].full_name == "Amina Yusuf"
    assert named.aliases == {person.id: f"{person.alias} (Amina Yusuf)"}
    assert named.channel_labels == {page.channels[0].id: where.body.name}


def test_a_restricted_initiative_is_missing_for_an_outsider(app: Flask) -> None:
    where, ours, theirs = scope(), OrganisationFactory(), OrganisationFactory()
    made = initiative_on(where, ours.id, confidentiality="restricted")
    outsider = UserFactory(organisation_id=theirs.id)
    person = PersonFactory(organisation_id=ours.id)
    participation = participate(made.id, person.id)
    for read in (
        lambda: initiative_page.page(outsider, made.id),
        lambda: initiative_scope.editable_scope(outsider, made.id),
        lambda: registration.participation_initiative(outsider, participation.id),
    ):
        with pytest.raises(NotFound):
            read()
    assert registration.participation_initiative(SYSTEM, participation.id) == made.id


def test_an_initiative_only_seen_is_not_editable(app: Flask) -> None:
    where, ours, theirs = scope(), OrganisationFactory(), OrganisationFactory()
    made = initiative_on(where, ours.id, funder_ids=[theirs.id])
    with pytest.raises(PermissionDenied):
        registration.channels_step(UserFactory(organisation_id=theirs.id), made.id)
    step = registration.channels_step(UserFactory(organisation_id=ours.id), made.id)
    assert step.initiative.funder_ids == (theirs.id,)
    assert [body.id for body in step.bodies] == [where.body.id]


def test_the_table_lists_the_others_tab_with_sponsors_and_counts_it(app: Flask) -> None:
    where, ours, theirs = scope(), OrganisationFactory(), OrganisationFactory(name="Kerio")
    initiative_on(where, ours.id)
    theirs_made = initiative_on(where, theirs.id)
    initiative_on(where, theirs.id, confidentiality="restricted")
    reader = UserFactory(organisation_id=ours.id)
    lines = initiative_table.lines(reader, {}, True, 0, 50)
    assert [(line.id, line.sponsor, line.editable) for line in lines] == [
        (theirs_made.id, "Kerio", False)
    ]
    assert initiative_table.count(reader, {}, True) == 1
    assert initiative_table.count(reader, {"sponsor_id": ours.id}) == 1


def test_links_name_an_initiative_hidden_from_the_reader_by_no_title(app: Flask) -> None:
    where, ours, theirs = scope(), OrganisationFactory(), OrganisationFactory()
    own = initiative_on(where, ours.id)
    hidden = initiative_on(where, theirs.id, confidentiality="restricted")
    data = {"initiative_a_id": hidden.id, "initiative_b_id": own.id, "kind": "sequencing"}
    coordination.propose(UserFactory(organisation_id=theirs.id), build(LinkProposal, data))
    reader = UserFactory(organisation_id=ours.id)
    (line,) = link_lines(reader)
    assert (line.a, line.a_id, line.b_id, line.may_decide) == (
        "an initiative you may not see",
        None,
        own.id,
        True,
    )
    assert [i.id for i in linkable(reader)] == [own.id]
