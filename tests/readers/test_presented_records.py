"""Initiatives, own people and participations are frozen records; hidden keys dump absent."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.errors import NotFound
from registry.extensions import db
from registry.models import Initiative, Participation, Person
from registry.policy import ANONYMOUS_ACTOR, PUBLIC_FIELDS
from registry.readers import initiatives, people
from registry.schemas.engagement import ParticipationSchema
from registry.schemas.initiatives import InitiativeSchema
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    initiative_on,
    participate,
    scope,
)


def test_an_anonymous_reader_gets_the_public_fields_and_the_rest_hidden(app: Flask) -> None:
    where, ours = scope(), OrganisationFactory()
    made = initiative_on(where, ours.id, confidentiality="public", summary="Not public")
    row = initiatives.present(ANONYMOUS_ACTOR, [db.session.get_one(Initiative, made.id)])[0]
    assert row.summary is None and row.participant_counts is None
    assert "summary" in row.hidden and not row.hidden & PUBLIC_FIELDS
    assert set(row.shown()) == PUBLIC_FIELDS
    assert set(InitiativeSchema().dump(row)) == PUBLIC_FIELDS
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.summary = "changed"  # type: ignore[misc]


def test_the_sponsor_sees_every_field_with_nothing_hidden(app: Flask) -> None:
    where, ours = scope(), OrganisationFactory()
    made = initiative_on(where, ours.id, summary="Water talks")
    actor = UserFactory(organisation_id=ours.id)
    row = initiatives.present(actor, [db.session.get_one(Initiative, made.id)])[0]
    dumped = InitiativeSchema().dump(row)
    assert row.hidden == frozenset() and dumped["summary"] == "Water talks"
    assert dumped["participant_counts"] == {"by_party": {}, "by_sector": {}}
    assert dumped["track_one_body_ids"] == []


def test_a_participation_leaves_out_the_name_unless_given(app: Flask) -> None:
    where, ours = scope(), OrganisationFactory()
    made = initiative_on(where, ours.id)
    person = PersonFactory(organisation_id=ours.id)
    participate(made.id, person.id)
    initiative = db.session.get_one(Initiative, made.id)
    rows = list(db.session.scalars(sa.select(Participation).filter_by(initiative_id=made.id)))
    unnamed = people.present_participations(made.id, rows, {})[0]
    named = people.present_participations(made.id, rows, {person.id: "Amina Yusuf"})[0]
    assert unnamed.full_name is None and unnamed.hidden == {"full_name"}
    assert "full_name" not in ParticipationSchema().dump(unnamed)
    assert ParticipationSchema().dump(named)["full_name"] == "Amina Yusuf"
    assert unnamed.start_date == initiative.start_date  # a date left out reads as the initiative's


def test_own_people_come_with_their_names(app: Flask) -> None:
    ours = OrganisationFactory()
    made = PersonFactory(organisation_id=ours.id)
    record = people.present_own([db.session.get_one(Person, made.id)])[0]
    assert isinstance(record, people.OwnPersonRecord) and record.full_name
    assert record.values()["alias"] == record.alias
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.alias = "changed"  # type: ignore[misc]


def test_get_visible_returns_the_presented_record_or_404(app: Flask) -> None:
    where, ours = scope(), OrganisationFactory()
    sealed = initiative_on(where, ours.id, confidentiality="sealed")
    row = initiatives.get_visible(UserFactory(organisation_id=ours.id), sealed.id)
    assert isinstance(row, initiatives.PresentedInitiative) and row.id == sealed.id
    with pytest.raises(NotFound):
        initiatives.get_visible(ANONYMOUS_ACTOR, sealed.id)
    with pytest.raises(NotFound):
        initiatives.check_visible(ANONYMOUS_ACTOR, sealed.id)
