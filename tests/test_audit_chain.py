"""The audit log: every write appends one event, the hash chain verifies, tampering shows."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.errors import Invalid
from registry.extensions import db
from registry.models import AuditEvent
from registry.services import (
    audit,
    channels,
    conflicts,
    coordination,
    initiatives,
    organisations,
    participations,
    people,
    screening,
    transfers,
    users,
)
from registry.services.inputs import build
from registry.services.inputs.conflicts import ConflictChanges, ConflictInput, IssueChanges
from registry.services.inputs.coordination import LinkProposal
from registry.services.inputs.engagement import TransferChanges, TransferInput
from registry.services.inputs.initiatives import InitiativeChanges, InitiativeInput
from registry.services.inputs.organisations import (
    DesignatedEntityInput,
    OrganisationChanges,
    OrganisationInput,
)
from registry.services.inputs.people import PersonChanges, PersonInput
from registry.services.inputs.users import UserChanges, UserInput
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    channel,
    editor_of,
    participate,
    reference,
)
from tests.helpers import audit_rewritable
from tests.world import World, build_world, initiative, org, person


@pytest.fixture
def world(app: Flask) -> World:
    """A conflict, two sponsors with an initiative each, and a person."""
    return build_world(
        scopes=("here",),
        organisations={"sponsor": org(), "other": org()},
        initiatives={
            "initiative": initiative("sponsor", on="here"),
            "other_initiative": initiative("other", on="here"),
        },
        people={"person": person("sponsor")},
    )


def _events() -> list[AuditEvent]:
    statement = sa.select(AuditEvent).order_by(AuditEvent.id)
    return list(db.session.scalars(statement.execution_options(populate_existing=True)))


def _event_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) or 0


def _stored_rows() -> list[dict[str, Any]]:
    """Return every audit row as plain column values, read with Core."""
    with db.engine.connect() as connection:
        rows = connection.execute(sa.select(AuditEvent.__table__).order_by(AuditEvent.id))
        return [dict(row._mapping) for row in rows]


def _tamper(event_id: int, **values: Any) -> None:
    """Change a stored event behind the services' back, as an attacker with SQL access would."""
    db.session.commit()  # end this session's read, so the next read sees the change
    with db.engine.begin() as connection, audit_rewritable(connection):
        connection.execute(sa.update(AuditEvent).where(AuditEvent.id == event_id).values(**values))


# Every write appends one event -------------------------------------------------------------
# Each case prepares what it needs and returns the write itself (a thunk).


def _transfer_through(world: World, through: Any) -> Any:
    return transfers.create(
        SYSTEM,
        world.initiative.id,
        build(
            TransferInput,
            {
                "channel_id": through.id,
                "title": "Principles",
                "kind": "principles",
                "delivered_on": date(2026, 2, 1),
            },
        ),
    )


def _transfer(world: World) -> Any:
    return _transfer_through(world, channel(world.initiative.id, world.here.body.id))


def _link(world: World) -> Any:
    return coordination.propose(
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


def _new_user(world: World) -> dict[str, Any]:
    return {
        "email": "new@example.org",
        "display_name": "New",
        "organisation_id": world.sponsor.id,
        "role": "viewer",
    }


def _initiative_data(world: World) -> dict[str, Any]:
    return {
        "conflict_id": world.here.conflict.id,
        "sponsor_id": world.sponsor.id,
        "title": "Another",
        "track": "1.5",
        "mode": "hard",
        "method": "back_channel",
        "status": "planned",
        "issue_ids": [world.here.issue.id],
    }


def _person_data(world: World) -> dict[str, Any]:
    return {
        "organisation_id": world.sponsor.id,
        "full_name": "Some Body",
        "gender": "male",
        "sector": "youth",
        "proximity": 1,
    }


WRITES: dict[str, Callable[[World], Callable[[], Any]]] = {
    "organisation.create": lambda w: (
        lambda: organisations.create(
            SYSTEM, build(OrganisationInput, {"name": "New NGO", "kind": "ngo"})
        )
    ),
    "organisation.update": lambda w: (
        lambda: organisations.update(
            SYSTEM, w.other.id, build(OrganisationChanges, {"country": "KE"})
        )
    ),
    "conflict.create": lambda w: (
        lambda: conflicts.create(
            SYSTEM,
            build(
                ConflictInput,
                {
                    "slug": "new-conflict",
                    "name": "New",
                    "track_one_status": "none",
                    "escalation_stage": "discussion",
                },
            ),
        )
    ),
    "conflict.update": lambda w: (
        lambda: conflicts.update(
            SYSTEM, w.here.conflict.id, build(ConflictChanges, {"summary": "Changed"})
        )
    ),
    "party.create": lambda w: lambda: reference("party", w.here.conflict.id),
    "issue.update": lambda w: (
        lambda: conflicts.update_reference(
            SYSTEM, "issue", w.here.issue.id, build(IssueChanges, {"on_track_one_agenda": True})
        )
    ),
    "region.delete": lambda w: (
        lambda: conflicts.delete_reference(SYSTEM, "region", w.here.region.id)
    ),
    "initiative.create": lambda w: (
        lambda: initiatives.create(SYSTEM, build(InitiativeInput, _initiative_data(w)))
    ),
    "initiative.update": lambda w: (
        lambda: initiatives.update(
            SYSTEM, w.initiative.id, build(InitiativeChanges, {"status": "paused"})
        )
    ),
    "initiative.delete": lambda w: lambda: initiatives.delete(SYSTEM, w.initiative.id),
    "person.create": lambda w: lambda: people.create(SYSTEM, build(PersonInput, _person_data(w))),
    "person.update": lambda w: (
        lambda: people.update(SYSTEM, w.person.id, build(PersonChanges, {"sector": "media"}))
    ),
    "participation.create": lambda w: lambda: participate(w.initiative.id, w.person.id),
    "participation.delete": lambda w: (lambda p: lambda: participations.delete(SYSTEM, p.id))(
        participate(w.initiative.id, w.person.id)
    ),
    "channel.create": lambda w: lambda: channel(w.initiative.id, w.here.body.id),
    "channel.delete": lambda w: (lambda c: lambda: channels.delete(SYSTEM, c.id))(
        channel(w.initiative.id, w.here.body.id)
    ),
    "transfer.create": lambda w: (lambda c: lambda: _transfer_through(w, c))(
        channel(w.initiative.id, w.here.body.id)
    ),
    "transfer.update": lambda w: (
        lambda t: (
            lambda: transfers.update(
                SYSTEM, t.id, build(TransferChanges, {"evidence": "acknowledged"})
            )
        )
    )(_transfer(w)),
    "coordination_link.propose": lambda w: lambda: _link(w),
    "coordination_link.agreed": lambda w: (
        lambda link: lambda: coordination.decide(SYSTEM, link.id, "agreed")
    )(_link(w)),
    "user.create": lambda w: lambda: users.create(SYSTEM, build(UserInput, _new_user(w))),
    "user.update": lambda w: (
        lambda u: (
            lambda: users.update(SYSTEM, u.id, build(UserChanges, {"display_name": "Renamed"}))
        )
    )(editor_of(w.sponsor.id)),
    "coordinator.assign": lambda w: (
        lambda u: lambda: users.assign_coordinator(SYSTEM, u.id, w.here.conflict.id)
    )(editor_of(w.other.id)),
    "designated_entity.create": lambda w: (
        lambda: screening.create(
            SYSTEM,
            build(DesignatedEntityInput, {"name": "Fictional Front", "list_name": "Test list"}),
        )
    ),
    "designated_entity.import": lambda w: (
        lambda: screening.import_csv(
            SYSTEM, "name,aliases,list_name,jurisdictions\nFictional Front,FF,Test list,US\n"
        )
    ),
}


@pytest.mark.parametrize("action", WRITES)
def test_service_write_appends_exactly_one_event_naming_its_action(
    world: World, action: str
) -> None:
    write = WRITES[action](world)
    before = _events()

    write()

    after = _events()
    assert len(after) == len(before) + 1
    assert after[-1].action == action


def test_event_names_the_actor_by_id_never_by_name(world: World) -> None:
    actor = editor_of(world.sponsor.id)

    initiatives.update(actor, world.initiative.id, build(InitiativeChanges, {"title": "By a user"}))

    event = _events()[-1]
    assert (event.actor_id, event.actor_label) == (actor.id, f"user:{actor.id}")
    assert event.organisation_id == world.sponsor.id
    assert (event.object_type, event.object_id) == ("initiative", world.initiative.id)


def test_no_op_update_appends_no_event(world: World) -> None:
    before = _event_count()

    initiatives.update(
        SYSTEM, world.initiative.id, build(InitiativeChanges, {"title": world.initiative.title})
    )

    assert _event_count() == before


def test_refused_write_appends_no_event(world: World) -> None:
    before = _event_count()

    with pytest.raises(Invalid):
        organisations.create(
            SYSTEM, build(OrganisationInput, {"name": world.sponsor.name, "kind": "ngo"})
        )

    assert _event_count() == before


# The chain ------------------------------------------------------------------------------


def test_chain_of_service_writes_verifies(world: World) -> None:
    report = audit.verify_chain()

    assert report.ok
    assert report.checked == _event_count()


def test_first_event_follows_the_genesis_hash(world: World) -> None:
    assert _events()[0].prev_hash == audit.GENESIS


def test_each_event_links_to_the_hash_of_the_one_before(world: World) -> None:
    events = _events()

    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))


def test_chain_of_an_empty_log_verifies(app: Flask) -> None:
    report = audit.verify_chain()

    assert report.ok
    assert report.checked == 0


def test_chain_verifies_in_small_batches(world: World) -> None:
    assert audit.verify_chain(batch=2).ok


TAMPERED_VALUES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "at": lambda row: row["at"] + timedelta(seconds=1),
    "actor_id": lambda row: 4242,
    "actor_label": lambda row: "user:4242",
    "organisation_id": lambda row: 4242,
    "action": lambda row: "organisation.delete",
    "object_type": lambda row: "person",
    "object_id": lambda row: (row["object_id"] or 0) + 1,
    "details": lambda row: {**(row["details"] or {}), "forged": True},
    "prev_hash": lambda row: "f" * 64,
    "hash": lambda row: "e" * 64,
    "request_id": lambda row: "forged-request-id",
}


@pytest.mark.parametrize("column", TAMPERED_VALUES)
def test_tampering_any_field_breaks_the_chain_at_that_event(world: World, column: str) -> None:
    rows = _stored_rows()
    middle = rows[len(rows) // 2]
    _tamper(middle["id"], **{column: TAMPERED_VALUES[column](middle)})

    report = audit.verify_chain()

    assert not report.ok
    assert report.broken_at == middle["id"]


def test_tampering_an_event_the_session_still_holds_is_detected(world: World) -> None:
    events = _events()  # the session keeps these objects in its identity map
    middle = events[len(events) // 2]
    _tamper(middle.id, details={"forged": True})

    report = audit.verify_chain()

    assert report.broken_at == middle.id


def test_deleting_a_middle_event_breaks_the_chain_at_the_next_one(world: World) -> None:
    rows = _stored_rows()
    middle, following = rows[len(rows) // 2], rows[len(rows) // 2 + 1]
    db.session.commit()
    with db.engine.begin() as connection, audit_rewritable(connection):
        connection.execute(sa.delete(AuditEvent).where(AuditEvent.id == middle["id"]))

    report = audit.verify_chain()

    assert not report.ok
    assert report.broken_at == following["id"]


def test_deleting_the_first_event_breaks_the_chain_at_the_next_one(world: World) -> None:
    rows = _stored_rows()
    db.session.commit()
    with db.engine.begin() as connection, audit_rewritable(connection):
        connection.execute(sa.delete(AuditEvent).where(AuditEvent.id == rows[0]["id"]))

    report = audit.verify_chain()

    assert report.broken_at == rows[1]["id"]


def test_reordering_two_events_breaks_the_chain_at_the_first_moved(world: World) -> None:
    rows = _stored_rows()
    first, second = rows[1], rows[2]
    contents = [name for name in first if name != "id"]
    db.session.commit()
    with db.engine.begin() as connection, audit_rewritable(connection):
        swap = sa.update(AuditEvent)
        # The unique hash column needs a placeholder while the rows trade places.
        connection.execute(swap.where(AuditEvent.id == second["id"]).values(hash="0" * 63 + "1"))
        connection.execute(
            swap.where(AuditEvent.id == first["id"]).values(**{n: second[n] for n in contents})
        )
        connection.execute(
            swap.where(AuditEvent.id == second["id"]).values(**{n: first[n] for n in contents})
        )

    report = audit.verify_chain()

    assert not report.ok
    assert report.broken_at == first["id"]


def test_concurrent_writers_keep_the_chain_intact(app: Flask) -> None:
    start = threading.Barrier(3, timeout=10)
    failures: list[BaseException] = []

    def write(label: str) -> None:
        try:
            with app.app_context():
                start.wait()
                for number in range(4):
                    organisations.create(
                        SYSTEM,
                        build(OrganisationInput, {"name": f"{label} {number}", "kind": "ngo"}),
                    )
        except BaseException as error:  # collected and asserted in the main thread
            failures.append(error)

    threads = [threading.Thread(target=write, args=(label,)) for label in ("A", "B", "C")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    report = audit.verify_chain()
    assert report.ok
    assert report.checked == 12


# No participant names ------------------------------------------------------------------


def test_audit_events_never_hold_a_participant_name(world: World) -> None:
    name, renamed = "Zephyrine Quilliamsdottir", "Oksana Brightwaterova"
    affiliation = "Front for the Liberation of Nowhere"
    person = people.create(
        SYSTEM,
        build(
            PersonInput,
            {
                "organisation_id": world.sponsor.id,
                "full_name": name,
                "designated_affiliation": affiliation,
                "gender": "female",
                "sector": "women",
                "proximity": 0,
            },
        ),
    )
    people.update(
        SYSTEM,
        person.id,
        build(PersonChanges, {"full_name": renamed, "identity_visibility": "named"}),
    )
    participate(world.initiative.id, person.id)
    channel(world.initiative.id, world.here.body.id, via_person_id=person.id)

    logged = json.dumps(_stored_rows(), default=str).lower()

    for word in (*name.split(), *renamed.split(), "liberation of nowhere"):
        assert word.lower() not in logged


def test_a_permission_denial_is_audited_with_the_route_only(app, client) -> None:
    import sqlalchemy as sa

    from registry.extensions import db
    from registry.models import AuditEvent
    from tests.factories import editor_of
    from tests.helpers import bearer_for

    viewer = editor_of(OrganisationFactory().id, role="viewer")
    response = client.get("/api/v1/users", headers=bearer_for(viewer))
    assert response.status_code == 403
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "permission.denied")
    ).one()
    assert event.actor_id == viewer.id
    assert event.details == {"endpoint": "users_api.Users", "method": "GET"}
