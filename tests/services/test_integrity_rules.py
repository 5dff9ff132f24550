"""The integrity rules of SPEC section 2, as the services enforce them: a 422 naming the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from registry.errors import Invalid
from registry.extensions import db
from registry.models import Initiative
from registry.services import (
    conflicts,
    coordination,
    initiatives,
    organisations,
    transfers,
    users,
)
from registry.services.inputs import build
from registry.services.inputs.conflicts import ConflictInput, TrackOneBodyInput
from registry.services.inputs.coordination import LinkProposal
from registry.services.inputs.engagement import TransferInput
from registry.services.inputs.initiatives import InitiativeChanges, InitiativeInput
from registry.services.inputs.organisations import (
    OrganisationChanges,
    OrganisationInput,
)
from registry.services.inputs.users import UserInput
from tests.factories import SYSTEM, channel, editor_of, initiative_on, participate, reference
from tests.helpers import row_counts
from tests.world import World


def _refusal(call: Callable[[], Any]) -> dict[str, list[str]]:
    """Run a service call that must be refused; return its errors by field."""
    with pytest.raises(Invalid) as refused:
        call()
    assert refused.value.status == 422
    return refused.value.errors["json"]


def _new_initiative(world: World, **data: Any) -> dict[str, Any]:
    return {
        "conflict_id": world.here.conflict.id,
        "sponsor_id": world.sponsor.id,
        "title": "Water dialogue",
        "track": "2",
        "mode": "soft",
        "method": "dialogue",
        "status": "planned",
        "issue_ids": [world.here.issue.id],
        **data,
    }


# Initiative scope -------------------------------------------------------------------


def test_create_initiative_with_issue_of_another_conflict_is_refused(world: World) -> None:
    data = _new_initiative(world, issue_ids=[world.here.issue.id, world.there.issue.id])

    errors = _refusal(lambda: initiatives.create(SYSTEM, build(InitiativeInput, data)))

    assert "issue_ids" in errors


def test_create_initiative_with_unknown_issue_is_refused(world: World) -> None:
    errors = _refusal(
        lambda: initiatives.create(
            SYSTEM, build(InitiativeInput, _new_initiative(world, issue_ids=[9999]))
        )
    )

    assert "issue_ids" in errors


def test_create_initiative_with_region_of_another_conflict_is_refused(world: World) -> None:
    data = _new_initiative(world, region_ids=[world.there.region.id])

    errors = _refusal(lambda: initiatives.create(SYSTEM, build(InitiativeInput, data)))

    assert "region_ids" in errors


def test_update_initiative_with_issue_of_another_conflict_is_refused(world: World) -> None:
    data = {"issue_ids": [world.there.issue.id]}

    errors = _refusal(
        lambda: initiatives.update(SYSTEM, world.initiative.id, build(InitiativeChanges, data))
    )

    assert "issue_ids" in errors


def test_update_initiative_with_region_of_another_conflict_is_refused(world: World) -> None:
    data = {"region_ids": [world.there.region.id]}

    errors = _refusal(
        lambda: initiatives.update(SYSTEM, world.initiative.id, build(InitiativeChanges, data))
    )

    assert "region_ids" in errors


def test_initiative_input_without_issue_ids_cannot_be_built(world: World) -> None:
    data = _new_initiative(world)
    del data["issue_ids"]

    with pytest.raises(TypeError, match="issue_ids"):
        build(InitiativeInput, data)


def test_create_initiative_with_empty_issue_ids_is_refused(world: World) -> None:
    errors = _refusal(
        lambda: initiatives.create(
            SYSTEM, build(InitiativeInput, _new_initiative(world, issue_ids=[]))
        )
    )

    assert "issue_ids" in errors


def test_update_initiative_emptying_issue_ids_is_refused(world: World) -> None:
    errors = _refusal(
        lambda: initiatives.update(
            SYSTEM, world.initiative.id, build(InitiativeChanges, {"issue_ids": []})
        )
    )

    assert "issue_ids" in errors


def test_create_initiative_starting_after_it_ends_is_refused(world: World) -> None:
    data = _new_initiative(world, start_date=date(2026, 6, 2), end_date=date(2026, 6, 1))

    errors = _refusal(lambda: initiatives.create(SYSTEM, build(InitiativeInput, data)))

    assert "end_date" in errors


def test_update_initiative_ending_before_its_stored_start_is_refused(world: World) -> None:
    # The factory starts initiatives on 2026-01-01.
    data = {"end_date": date(2025, 12, 31)}

    errors = _refusal(
        lambda: initiatives.update(SYSTEM, world.initiative.id, build(InitiativeChanges, data))
    )

    assert "end_date" in errors


def test_create_initiative_starting_and_ending_the_same_day_is_accepted(world: World) -> None:
    data = _new_initiative(world, start_date=date(2026, 6, 1), end_date=date(2026, 6, 1))

    created = initiatives.create(SYSTEM, build(InitiativeInput, data))

    assert created.start_date == created.end_date


def test_create_initiative_for_another_organisation_is_refused(world: World) -> None:
    actor = editor_of(world.sponsor.id)

    errors = _refusal(
        lambda: initiatives.create(
            actor, build(InitiativeInput, _new_initiative(world, sponsor_id=world.other.id))
        )
    )

    assert "sponsor_id" in errors


def test_create_initiative_without_sponsor_id_belongs_to_the_actors_organisation(
    world: World,
) -> None:
    actor = editor_of(world.sponsor.id)
    data = _new_initiative(world)
    del data["sponsor_id"]

    created = initiatives.create(actor, build(InitiativeInput, data))

    assert created.sponsor_id == world.sponsor.id


def test_create_initiative_with_external_id_taken_by_the_sponsor_is_refused(
    world: World,
) -> None:
    initiatives.create(SYSTEM, build(InitiativeInput, _new_initiative(world, external_id="NGO-7")))

    errors = _refusal(
        lambda: initiatives.create(
            SYSTEM, build(InitiativeInput, _new_initiative(world, external_id="NGO-7"))
        )
    )

    assert "external_id" in errors


def test_create_initiative_with_external_id_of_another_sponsor_is_accepted(
    world: World,
) -> None:
    initiatives.create(SYSTEM, build(InitiativeInput, _new_initiative(world, external_id="NGO-7")))

    created = initiatives.create(
        SYSTEM,
        build(
            InitiativeInput, _new_initiative(world, sponsor_id=world.other.id, external_id="NGO-7")
        ),
    )

    assert created.external_id == "NGO-7"


def test_update_initiative_moving_to_another_conflict_is_refused(world: World) -> None:
    data = {"conflict_id": world.there.conflict.id}

    errors = _refusal(
        lambda: initiatives.update(SYSTEM, world.initiative.id, build(InitiativeChanges, data))
    )

    assert "conflict_id" in errors


# Participations -----------------------------------------------------------------------


def test_add_participation_with_party_of_another_conflict_is_refused(world: World) -> None:
    errors = _refusal(
        lambda: participate(world.initiative.id, world.person.id, party_id=world.there.party.id)
    )

    assert "party_id" in errors


def test_add_participation_of_person_of_another_organisation_is_refused(world: World) -> None:
    errors = _refusal(lambda: participate(world.initiative.id, world.stranger.id))

    assert "person_id" in errors


def test_add_same_person_twice_to_one_initiative_is_refused(world: World) -> None:
    participate(world.initiative.id, world.person.id)

    errors = _refusal(lambda: participate(world.initiative.id, world.person.id, role="observer"))

    assert "person_id" in errors


def test_add_same_person_to_two_initiatives_is_accepted(world: World) -> None:
    second = initiative_on(world.here, world.sponsor.id)
    participate(world.initiative.id, world.person.id)

    added = participate(second.id, world.person.id)

    assert added.initiative_id == second.id


def test_add_participation_starting_after_it_ends_is_refused(world: World) -> None:
    errors = _refusal(
        lambda: participate(
            world.initiative.id,
            world.person.id,
            start_date=date(2026, 3, 2),
            end_date=date(2026, 3, 1),
        )
    )

    assert "end_date" in errors


# Channels and transfers ---------------------------------------------------------------


def test_add_channel_to_body_of_another_conflict_is_refused(world: World) -> None:
    errors = _refusal(lambda: channel(world.initiative.id, world.there.body.id))

    assert "track_one_body_id" in errors


def test_add_channel_via_a_person_who_does_not_take_part_is_refused(world: World) -> None:
    errors = _refusal(
        lambda: channel(world.initiative.id, world.here.body.id, via_person_id=world.person.id)
    )

    assert "via_person_id" in errors


def test_add_channel_via_a_participant_of_another_initiative_is_refused(world: World) -> None:
    second = initiative_on(world.here, world.sponsor.id)
    participate(second.id, world.person.id)

    errors = _refusal(
        lambda: channel(world.initiative.id, world.here.body.id, via_person_id=world.person.id)
    )

    assert "via_person_id" in errors


def test_add_channel_via_a_participant_is_accepted(world: World) -> None:
    participate(world.initiative.id, world.person.id)

    added = channel(world.initiative.id, world.here.body.id, via_person_id=world.person.id)

    assert added.via_person_id == world.person.id


def test_add_transfer_through_a_channel_of_another_initiative_is_refused(world: World) -> None:
    foreign = channel(world.other_initiative.id, world.here.body.id)
    data = {
        "channel_id": foreign.id,
        "title": "Principles paper",
        "kind": "principles",
        "delivered_on": date(2026, 2, 1),
    }

    errors = _refusal(
        lambda: transfers.create(SYSTEM, world.initiative.id, build(TransferInput, data))
    )

    assert "channel_id" in errors


def test_add_transfer_with_issue_of_another_conflict_is_refused(world: World) -> None:
    own = channel(world.initiative.id, world.here.body.id)
    data = {
        "channel_id": own.id,
        "title": "Principles paper",
        "kind": "principles",
        "delivered_on": date(2026, 2, 1),
        "issue_ids": [world.there.issue.id],
    }

    errors = _refusal(
        lambda: transfers.create(SYSTEM, world.initiative.id, build(TransferInput, data))
    )

    assert "issue_ids" in errors


def test_add_track_one_body_speaking_for_a_party_of_another_conflict_is_refused(
    world: World,
) -> None:
    data = {
        "name": "Delegation",
        "kind": "negotiation_delegation",
        "party_id": world.there.party.id,
    }

    errors = _refusal(
        lambda: conflicts.create_reference(
            SYSTEM, "track_one_body", world.here.conflict.id, build(TrackOneBodyInput, data)
        )
    )

    assert "party_id" in errors


# Coordination links -------------------------------------------------------------------


def _propose(a: int, b: int, actor: Any = SYSTEM) -> Any:
    return coordination.propose(
        actor,
        build(
            LinkProposal,
            {"initiative_a_id": a, "initiative_b_id": b, "kind": "information_sharing"},
        ),
    )


def test_link_an_initiative_with_itself_is_refused(world: World) -> None:
    errors = _refusal(lambda: _propose(world.initiative.id, world.initiative.id))

    assert "initiative_b_id" in errors


def test_link_initiatives_of_different_conflicts_is_refused(world: World) -> None:
    elsewhere = initiative_on(world.there, world.other.id)

    errors = _refusal(lambda: _propose(world.initiative.id, elsewhere.id))

    assert "initiative_b_id" in errors


def test_link_the_same_pair_twice_is_refused(world: World) -> None:
    _propose(world.initiative.id, world.other_initiative.id)

    errors = _refusal(lambda: _propose(world.initiative.id, world.other_initiative.id))

    assert "initiative_b_id" in errors


def test_link_the_same_pair_twice_in_reversed_order_is_refused(world: World) -> None:
    _propose(world.initiative.id, world.other_initiative.id)

    errors = _refusal(lambda: _propose(world.other_initiative.id, world.initiative.id))

    assert "initiative_b_id" in errors


def test_link_keeps_the_order_in_which_it_was_proposed(world: World) -> None:
    link = _propose(world.other_initiative.id, world.initiative.id)

    assert (link.initiative_a_id, link.initiative_b_id) == (
        world.other_initiative.id,
        world.initiative.id,
    )
    assert link.status == "proposed"


def test_link_proposed_as_already_agreed_is_refused(world: World) -> None:
    data = {
        "initiative_a_id": world.initiative.id,
        "initiative_b_id": world.other_initiative.id,
        "kind": "sequencing",
        "status": "agreed",
    }

    errors = _refusal(lambda: coordination.propose(SYSTEM, build(LinkProposal, data)))

    assert "status" in errors


def test_link_to_an_initiative_hidden_from_the_actor_reads_as_missing(world: World) -> None:
    initiatives.update(
        SYSTEM, world.other_initiative.id, build(InitiativeChanges, {"confidentiality": "sealed"})
    )
    actor = editor_of(world.sponsor.id)

    errors = _refusal(lambda: _propose(world.initiative.id, world.other_initiative.id, actor))

    assert "initiative_b_id" in errors


# Unique names -----------------------------------------------------------------------------


def test_create_organisation_with_a_taken_name_is_refused(world: World) -> None:
    data = {"name": world.sponsor.name, "kind": "donor"}

    errors = _refusal(lambda: organisations.create(SYSTEM, build(OrganisationInput, data)))

    assert "name" in errors


def test_create_organisation_with_a_taken_name_in_other_case_is_refused(world: World) -> None:
    data = {"name": world.sponsor.name.upper(), "kind": "donor"}

    errors = _refusal(lambda: organisations.create(SYSTEM, build(OrganisationInput, data)))

    assert "name" in errors


def test_rename_organisation_to_a_taken_name_is_refused(world: World) -> None:
    data = {"name": world.sponsor.name}

    errors = _refusal(
        lambda: organisations.update(SYSTEM, world.other.id, build(OrganisationChanges, data))
    )

    assert "name" in errors


def test_create_user_with_an_email_taken_in_other_case_is_refused(world: World) -> None:
    taken = editor_of(world.sponsor.id)
    data = {
        "email": taken.email.upper(),
        "display_name": "Twin",
        "organisation_id": world.other.id,
        "role": "viewer",
    }

    errors = _refusal(lambda: users.create(SYSTEM, build(UserInput, data)))

    assert "email" in errors


def test_create_conflict_with_a_taken_slug_is_refused(world: World) -> None:
    data = {
        "slug": world.here.conflict.slug,
        "name": "Another",
        "track_one_status": "none",
        "escalation_stage": "discussion",
    }

    errors = _refusal(lambda: conflicts.create(SYSTEM, build(ConflictInput, data)))

    assert "slug" in errors


def test_create_issue_with_a_name_taken_in_the_conflict_is_refused(world: World) -> None:
    errors = _refusal(
        lambda: reference("issue", world.here.conflict.id, name=world.here.issue.name)
    )

    assert "name" in errors


def test_create_issue_with_a_name_taken_in_another_conflict_is_accepted(world: World) -> None:
    created = reference("issue", world.here.conflict.id, name=world.there.issue.name)

    assert created.conflict_id == world.here.conflict.id


# Refused calls change nothing ----------------------------------------------------------


def test_refused_initiative_create_changes_nothing(world: World) -> None:
    before = row_counts()

    _refusal(
        lambda: initiatives.create(
            SYSTEM,
            build(InitiativeInput, _new_initiative(world, region_ids=[world.there.region.id])),
        )
    )

    assert row_counts() == before


def test_refused_initiative_update_leaves_the_stored_record_unchanged(world: World) -> None:
    before = row_counts()
    data = {"title": "Renamed", "issue_ids": [world.there.issue.id]}

    _refusal(
        lambda: initiatives.update(SYSTEM, world.initiative.id, build(InitiativeChanges, data))
    )

    stored = db.session.execute(
        sa.select(Initiative.title, Initiative.version).where(Initiative.id == world.initiative.id)
    ).one()
    assert stored == (world.initiative.title, 1)
    assert row_counts() == before


def test_refused_participation_changes_nothing(world: World) -> None:
    before = row_counts()

    _refusal(lambda: participate(world.initiative.id, world.stranger.id))

    assert row_counts() == before


def test_refused_channel_changes_nothing(world: World) -> None:
    before = row_counts()

    _refusal(
        lambda: channel(world.initiative.id, world.here.body.id, via_person_id=world.person.id)
    )

    assert row_counts() == before


def test_refused_second_link_changes_nothing(world: World) -> None:
    _propose(world.initiative.id, world.other_initiative.id)
    before = row_counts()

    _refusal(lambda: _propose(world.other_initiative.id, world.initiative.id))

    assert row_counts() == before


def test_refused_organisation_create_changes_nothing(world: World) -> None:
    before = row_counts()

    _refusal(
        lambda: organisations.create(
            SYSTEM, build(OrganisationInput, {"name": world.sponsor.name, "kind": "ngo"})
        )
    )

    assert row_counts() == before
