"""What every service does: optimistic locking, data versions, refusals that change nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.errors import Invalid, PermissionDenied, PreconditionFailed, StateConflict
from registry.extensions import db
from registry.models import Conflict, Initiative, Issue, Organisation, Person
from registry.services import (
    conflicts,
    coordination,
    initiatives,
    organisations,
    people,
    transfers,
    users,
)
from registry.services.inputs import build
from registry.services.inputs.conflicts import ConflictChanges
from registry.services.inputs.coordination import LinkProposal
from registry.services.inputs.engagement import TransferInput
from registry.services.inputs.initiatives import InitiativeChanges
from registry.services.inputs.organisations import (
    OrganisationChanges,
)
from registry.services.inputs.people import PersonChanges, PersonInput
from registry.services.unit import session, transaction
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    PersonFactory,
    channel,
    editor_of,
    initiative_on,
    participate,
    reference,
    scope,
)
from tests.helpers import row_counts
from tests.world import World


def _stored(model: Any, record_id: int, *columns: str) -> tuple[Any, ...]:
    """Read columns straight from the database, never from the session's identity map."""
    selected = [getattr(model, name) for name in columns]
    return tuple(db.session.execute(sa.select(*selected).where(model.id == record_id)).one())


def _versions(conflict_id: int) -> tuple[int, int]:
    """Return a conflict's (data_version, version) as stored."""
    return _stored(Conflict, conflict_id, "data_version", "version")  # type: ignore[return-value]


# Optimistic locking ---------------------------------------------------------------------


def test_update_initiative_increments_its_version(world: World) -> None:
    updated = initiatives.update(
        SYSTEM, world.initiative.id, build(InitiativeChanges, {"title": "Renamed"})
    )

    assert updated.version == 2
    assert _stored(Initiative, world.initiative.id, "version") == (2,)


def test_update_initiative_with_the_current_version_succeeds(world: World) -> None:
    updated = initiatives.update(
        SYSTEM,
        world.initiative.id,
        build(InitiativeChanges, {"title": "Renamed"}),
        expected_version=1,
    )

    assert updated.title == "Renamed"


def test_update_initiative_with_a_stale_version_raises_precondition_failed(world: World) -> None:
    initiatives.update(
        SYSTEM, world.initiative.id, build(InitiativeChanges, {"title": "First edit"})
    )

    with pytest.raises(PreconditionFailed):
        initiatives.update(
            SYSTEM,
            world.initiative.id,
            build(InitiativeChanges, {"title": "Second"}),
            expected_version=1,
        )


def test_update_with_a_stale_version_leaves_the_record_unchanged(world: World) -> None:
    initiatives.update(
        SYSTEM, world.initiative.id, build(InitiativeChanges, {"title": "First edit"})
    )

    with pytest.raises(PreconditionFailed):
        initiatives.update(
            SYSTEM,
            world.initiative.id,
            build(InitiativeChanges, {"title": "Second"}),
            expected_version=1,
        )

    assert _stored(Initiative, world.initiative.id, "title", "version") == ("First edit", 2)


def test_update_racing_a_concurrent_write_raises_precondition_failed(world: World) -> None:
    # Another process edits the row behind this session's back.
    with db.engine.begin() as connection:
        connection.execute(
            sa.update(Initiative)
            .where(Initiative.id == world.initiative.id)
            .values(title="Theirs", version=Initiative.version + 1)
        )

    with pytest.raises(PreconditionFailed):
        initiatives.update(SYSTEM, world.initiative.id, build(InitiativeChanges, {"title": "Ours"}))


def test_update_of_issue_ids_alone_increments_version(world: World) -> None:
    second_issue = reference("issue", world.here.conflict.id)

    updated = initiatives.update(
        SYSTEM,
        world.initiative.id,
        build(InitiativeChanges, {"issue_ids": [world.here.issue.id, second_issue.id]}),
    )

    assert updated.version == 2
    assert _stored(Initiative, world.initiative.id, "version") == (2,)


def test_update_of_region_ids_alone_increments_version(world: World) -> None:
    updated = initiatives.update(
        SYSTEM,
        world.initiative.id,
        build(InitiativeChanges, {"region_ids": [world.here.region.id]}),
    )

    assert updated.version == 2


def test_update_without_a_change_keeps_the_version(world: World) -> None:
    updated = initiatives.update(
        SYSTEM,
        world.initiative.id,
        build(
            InitiativeChanges, {"title": world.initiative.title, "issue_ids": [world.here.issue.id]}
        ),
    )

    assert updated.version == 1


def test_update_person_with_a_stale_version_raises_precondition_failed(world: World) -> None:
    people.update(SYSTEM, world.person.id, build(PersonChanges, {"proximity": 1}))

    with pytest.raises(PreconditionFailed):
        people.update(
            SYSTEM, world.person.id, build(PersonChanges, {"proximity": 0}), expected_version=1
        )


def test_update_conflict_with_a_stale_version_raises_precondition_failed(world: World) -> None:
    conflicts.update(SYSTEM, world.here.conflict.id, build(ConflictChanges, {"name": "First"}))

    with pytest.raises(PreconditionFailed):
        conflicts.update(
            SYSTEM,
            world.here.conflict.id,
            build(ConflictChanges, {"name": "Second"}),
            expected_version=1,
        )


# Data versions ---------------------------------------------------------------------------


def _create_initiative(world: World) -> Any:
    return initiative_on(world.here, world.sponsor.id)


def _update_initiative(world: World) -> Any:
    return initiatives.update(
        SYSTEM, world.initiative.id, build(InitiativeChanges, {"status": "paused"})
    )


def _delete_initiative(world: World) -> Any:
    return initiatives.delete(SYSTEM, world.initiative.id)


def _add_participation(world: World) -> Any:
    return participate(world.initiative.id, world.person.id)


def _add_channel(world: World) -> Any:
    return channel(world.initiative.id, world.here.body.id)


def _add_issue(world: World) -> Any:
    return reference("issue", world.here.conflict.id)


def _decide_link(world: World) -> Any:
    link = coordination.propose(
        SYSTEM,
        build(
            LinkProposal,
            {
                "initiative_a_id": world.initiative.id,
                "initiative_b_id": world.other_initiative.id,
                "kind": "sequencing",
            },
        ),
    )
    return lambda: coordination.decide(SYSTEM, link.id, "agreed")


CONFLICT_WRITES: dict[str, Callable[[World], Any]] = {
    "create initiative": _create_initiative,
    "update initiative": _update_initiative,
    "delete initiative": _delete_initiative,
    "add participation": _add_participation,
    "add channel": _add_channel,
    "add issue": _add_issue,
}


@pytest.mark.parametrize("write", CONFLICT_WRITES.values(), ids=CONFLICT_WRITES.keys())
def test_write_raises_data_version_of_its_conflict(
    world: World, write: Callable[[World], Any]
) -> None:
    before, _ = _versions(world.here.conflict.id)

    write(world)

    assert _versions(world.here.conflict.id)[0] > before


@pytest.mark.parametrize("write", CONFLICT_WRITES.values(), ids=CONFLICT_WRITES.keys())
def test_write_leaves_data_version_of_other_conflicts(
    world: World, write: Callable[[World], Any]
) -> None:
    before = _versions(world.there.conflict.id)

    write(world)

    assert _versions(world.there.conflict.id) == before


@pytest.mark.parametrize("write", CONFLICT_WRITES.values(), ids=CONFLICT_WRITES.keys())
def test_write_keeps_the_conflicts_own_version(world: World, write: Callable[[World], Any]) -> None:
    _, before = _versions(world.here.conflict.id)

    write(world)

    assert _versions(world.here.conflict.id)[1] == before


def test_deciding_a_link_raises_data_version_of_its_conflict(world: World) -> None:
    decide = _decide_link(world)
    before, _ = _versions(world.here.conflict.id)

    decide()

    assert _versions(world.here.conflict.id)[0] > before


def test_person_create_raises_data_version_of_every_conflict(world: World) -> None:
    before = [_versions(s.conflict.id)[0] for s in (world.here, world.there)]

    PersonFactory(organisation_id=world.other.id)

    after = [_versions(s.conflict.id)[0] for s in (world.here, world.there)]
    assert all(new > old for new, old in zip(after, before, strict=True))


def test_person_update_raises_data_version_of_every_conflict(world: World) -> None:
    before = [_versions(s.conflict.id)[0] for s in (world.here, world.there)]

    people.update(SYSTEM, world.person.id, build(PersonChanges, {"birth_year": 1970}))

    after = [_versions(s.conflict.id)[0] for s in (world.here, world.there)]
    assert all(new > old for new, old in zip(after, before, strict=True))


def test_person_write_keeps_every_conflicts_own_version(world: World) -> None:
    before = [_versions(s.conflict.id)[1] for s in (world.here, world.there)]

    people.update(SYSTEM, world.person.id, build(PersonChanges, {"birth_year": 1970}))

    assert [_versions(s.conflict.id)[1] for s in (world.here, world.there)] == before


def test_change_of_jurisdictions_raises_data_version_of_every_conflict(world: World) -> None:
    before = [_versions(s.conflict.id)[0] for s in (world.here, world.there)]

    organisations.update(
        SYSTEM, world.sponsor.id, build(OrganisationChanges, {"jurisdictions": ["US"]})
    )

    after = [_versions(s.conflict.id)[0] for s in (world.here, world.there)]
    assert all(new > old for new, old in zip(after, before, strict=True))


def test_refused_write_keeps_the_data_version(world: World) -> None:
    before = _versions(world.here.conflict.id)

    with pytest.raises(Invalid):
        initiatives.update(
            SYSTEM,
            world.initiative.id,
            build(InitiativeChanges, {"issue_ids": [world.there.issue.id]}),
        )

    assert _versions(world.here.conflict.id) == before


# Deleting reference data -----------------------------------------------------------------


def _issue_in_use(world: World) -> tuple[str, int]:
    return "issue", world.here.issue.id


def _region_in_use(world: World) -> tuple[str, int]:
    initiatives.update(
        SYSTEM,
        world.initiative.id,
        build(InitiativeChanges, {"region_ids": [world.here.region.id]}),
    )
    return "region", world.here.region.id


def _party_in_use(world: World) -> tuple[str, int]:
    participate(world.initiative.id, world.person.id, party_id=world.here.party.id)
    return "party", world.here.party.id


def _body_in_use(world: World) -> tuple[str, int]:
    channel(world.initiative.id, world.here.body.id)
    return "track_one_body", world.here.body.id


def _issue_of_a_transfer(world: World) -> tuple[str, int]:
    spare = reference("issue", world.here.conflict.id)
    through = channel(world.initiative.id, world.here.body.id)
    transfers.create(
        SYSTEM,
        world.initiative.id,
        build(
            TransferInput,
            {
                "channel_id": through.id,
                "title": "Framework",
                "kind": "framework",
                "delivered_on": date(2026, 3, 1),
                "issue_ids": [spare.id],
            },
        ),
    )
    return "issue", spare.id


REFERENCED: dict[str, Callable[[World], tuple[str, int]]] = {
    "issue of an initiative": _issue_in_use,
    "region of an initiative": _region_in_use,
    "party of a participation": _party_in_use,
    "body of a channel": _body_in_use,
    "issue of a transfer": _issue_of_a_transfer,
}


@pytest.mark.parametrize("referenced", REFERENCED.values(), ids=REFERENCED.keys())
def test_delete_of_referenced_reference_data_raises_conflict(
    world: World, referenced: Callable[[World], tuple[str, int]]
) -> None:
    kind, record_id = referenced(world)

    with pytest.raises(StateConflict):
        conflicts.delete_reference(SYSTEM, kind, record_id)


@pytest.mark.parametrize("referenced", REFERENCED.values(), ids=REFERENCED.keys())
def test_refused_delete_of_reference_data_changes_nothing(
    world: World, referenced: Callable[[World], tuple[str, int]]
) -> None:
    kind, record_id = referenced(world)
    before = row_counts()

    with pytest.raises(StateConflict):
        conflicts.delete_reference(SYSTEM, kind, record_id)

    assert row_counts() == before


def test_refused_delete_keeps_the_issue_on_the_initiative(world: World) -> None:
    with pytest.raises(StateConflict):
        conflicts.delete_reference(SYSTEM, "issue", world.here.issue.id)

    db.session.expire_all()
    assert db.session.get(Initiative, world.initiative.id).issue_ids == [world.here.issue.id]


def test_delete_of_unused_issue_removes_it(world: World) -> None:
    spare = reference("issue", world.here.conflict.id)

    conflicts.delete_reference(SYSTEM, "issue", spare.id)

    assert db.session.scalar(sa.select(Issue.id).where(Issue.id == spare.id)) is None


# Aliases ---------------------------------------------------------------------------------


def test_create_person_without_alias_generates_a_pseudonym(world: World) -> None:
    person = PersonFactory(organisation_id=world.sponsor.id)

    assert person.alias.startswith("P-")
    assert len(person.alias) == 8


def test_generated_pseudonym_reveals_nothing_of_the_name(world: World) -> None:
    person = PersonFactory(organisation_id=world.sponsor.id, full_name="Amina Wanjiru")

    assert "amina" not in person.alias.lower()
    assert "wanjiru" not in person.alias.lower()


def test_generated_pseudonym_skips_one_already_used_in_the_organisation(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    PersonFactory(organisation_id=world.sponsor.id, alias="P-000000")
    draws = iter("000000" + "111111")
    monkeypatch.setattr(people.secrets, "choice", lambda _alphabet: next(draws))

    person = PersonFactory(organisation_id=world.sponsor.id)

    assert person.alias == "P-111111"


def test_create_person_with_an_alias_taken_in_the_organisation_is_refused(world: World) -> None:
    PersonFactory(organisation_id=world.sponsor.id, alias="Dove")

    with pytest.raises(Invalid) as refused:
        PersonFactory(organisation_id=world.sponsor.id, alias="Dove")

    assert "alias" in refused.value.errors["json"]


def test_create_person_with_an_alias_used_by_another_organisation_is_accepted(
    world: World,
) -> None:
    PersonFactory(organisation_id=world.sponsor.id, alias="Dove")

    person = PersonFactory(organisation_id=world.other.id, alias="Dove")

    assert person.alias == "Dove"


def test_rename_person_to_an_alias_taken_in_the_organisation_is_refused(world: World) -> None:
    PersonFactory(organisation_id=world.sponsor.id, alias="Dove")

    with pytest.raises(Invalid) as refused:
        people.update(SYSTEM, world.person.id, build(PersonChanges, {"alias": "Dove"}))

    assert "alias" in refused.value.errors["json"]


def test_create_person_stores_no_readable_name(world: World) -> None:
    person = PersonFactory(organisation_id=world.sponsor.id, full_name="Amina Wanjiru")

    stored = db.session.scalar(sa.select(Person.full_name_encrypted).where(Person.id == person.id))
    assert "Amina" not in stored


# Coordination decisions -------------------------------------------------------------------


@pytest.fixture
def proposed(world: World) -> Any:
    """Return a link that an editor of the first sponsor proposed."""
    proposer = editor_of(world.sponsor.id)
    return coordination.propose(
        proposer,
        build(
            LinkProposal,
            {
                "initiative_a_id": world.initiative.id,
                "initiative_b_id": world.other_initiative.id,
                "kind": "sequencing",
            },
        ),
    )


def test_proposer_organisation_is_recorded_on_the_link(world: World, proposed: Any) -> None:
    assert proposed.proposer_organisation_id == world.sponsor.id


def test_decide_by_the_proposing_side_is_permission_denied(world: World, proposed: Any) -> None:
    colleague = editor_of(world.sponsor.id)

    with pytest.raises(PermissionDenied):
        coordination.decide(colleague, proposed.id, "agreed")


def test_decide_by_a_viewer_of_the_other_sponsor_is_permission_denied(
    world: World, proposed: Any
) -> None:
    viewer = editor_of(world.other.id, role="viewer")

    with pytest.raises(PermissionDenied):
        coordination.decide(viewer, proposed.id, "agreed")


def test_decide_by_an_editor_of_the_other_sponsor_agrees_the_link(
    world: World, proposed: Any
) -> None:
    other_editor = editor_of(world.other.id)

    decided = coordination.decide(other_editor, proposed.id, "agreed")

    assert decided.status == "agreed"
    assert decided.decided_by_id == other_editor.id


def test_decide_by_a_coordinator_of_the_conflict_declines_the_link(
    world: World, proposed: Any
) -> None:
    coordinator = editor_of(OrganisationFactory(kind="coordination_body").id, role="viewer")
    users.assign_coordinator(SYSTEM, coordinator.id, world.here.conflict.id)
    db.session.expire(coordinator)

    decided = coordination.decide(coordinator, proposed.id, "declined")

    assert decided.status == "declined"


def test_decide_a_link_twice_raises_conflict(world: World, proposed: Any) -> None:
    other_editor = editor_of(world.other.id)
    coordination.decide(other_editor, proposed.id, "agreed")

    with pytest.raises(StateConflict):
        coordination.decide(other_editor, proposed.id, "declined")


def test_decide_with_an_unknown_status_is_refused(world: World, proposed: Any) -> None:
    other_editor = editor_of(world.other.id)

    with pytest.raises(Invalid) as refused:
        coordination.decide(other_editor, proposed.id, "maybe")

    assert "status" in refused.value.errors["json"]


# Concurrency -------------------------------------------------------------------------------


def test_two_threads_writing_at_once_both_succeed(app: Flask) -> None:
    organisation = OrganisationFactory()
    scope()
    writes_per_thread = 5
    start = threading.Barrier(2, timeout=10)
    failures: list[BaseException] = []

    def write(label: str) -> None:
        try:
            with app.app_context():
                start.wait()
                for number in range(writes_per_thread):
                    people.create(
                        SYSTEM,
                        build(
                            PersonInput,
                            {
                                "organisation_id": organisation.id,
                                "full_name": f"Concurrent {label} {number}",
                                "gender": "other",
                                "sector": "media",
                                "proximity": 3,
                            },
                        ),
                    )
        except BaseException as error:  # collected and asserted in the main thread
            failures.append(error)

    threads = [threading.Thread(target=write, args=(label,)) for label in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 2 * writes_per_thread


# Constraints the database enforces -----------------------------------------------------------


def test_unique_violation_caught_by_the_database_names_the_field(world: World) -> None:
    # A race past the service's own check ends at the database's unique constraint.
    with pytest.raises(Invalid) as refused, transaction():
        session().add(Organisation(name=world.sponsor.name, kind="ngo", jurisdictions=[]))

    assert "name" in refused.value.errors["json"]


def test_composite_unique_violation_names_the_field_that_is_not_an_id(world: World) -> None:
    taken = world.person.alias
    with pytest.raises(Invalid) as refused, transaction():
        session().add(
            Person(
                organisation_id=world.sponsor.id,
                alias=taken,
                full_name_encrypted="v1:00000000:AAAA",
                name_fingerprint="00000000:00",
                gender="female",
                sector="media",
                proximity=1,
            )
        )

    assert "alias" in refused.value.errors["json"]


def test_delete_initiative_removes_what_hangs_from_it(world: World) -> None:
    participate(world.initiative.id, world.person.id)
    through = channel(world.initiative.id, world.here.body.id, via_person_id=world.person.id)
    transfers.create(
        SYSTEM,
        world.initiative.id,
        build(
            TransferInput,
            {
                "channel_id": through.id,
                "title": "Brief",
                "kind": "briefing",
                "delivered_on": date(2026, 2, 1),
            },
        ),
    )
    coordination.propose(
        SYSTEM,
        build(
            LinkProposal,
            {
                "initiative_a_id": world.other_initiative.id,
                "initiative_b_id": world.initiative.id,
                "kind": "merged",
            },
        ),
    )
    before = row_counts()

    initiatives.delete(SYSTEM, world.initiative.id)

    after = row_counts()
    for table in ("participation", "transfer_channel", "transfer_event", "coordination_link"):
        assert (before[table], after[table]) == (1, 0), table
    assert after["initiative"] == before["initiative"] - 1
    assert after["person"] == before["person"]


def test_update_of_scalars_and_lists_together_raises_version_by_exactly_one(app) -> None:
    from registry.services import initiatives as initiative_service
    from tests.factories import SYSTEM, ConflictFactory, InitiativeFactory, OrganisationFactory
    from tests.factories import reference as add_reference

    conflict = ConflictFactory()
    first, second = add_reference("issue", conflict.id), add_reference("issue", conflict.id)
    initiative = InitiativeFactory(
        conflict_id=conflict.id, sponsor_id=OrganisationFactory().id, issue_ids=[first.id]
    )
    changes = InitiativeChanges(title="Renamed", issue_ids=(first.id, second.id))
    updated = initiative_service.update(SYSTEM, initiative.id, changes)
    assert updated.version == 2
