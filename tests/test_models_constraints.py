"""The database itself refuses bad data: enums, CHECK and unique constraints, foreign keys.

Rows are written with Core statements that bypass the services, so each test shows
that the schema (not only the Python code) keeps the data sound.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import IntegrityError, StatementError

from registry.extensions import db
from registry.models import (
    CoordinationLink,
    Initiative,
    Issue,
    Organisation,
    Participation,
    Person,
)
from tests import factories
from tests.world import World, build_world, initiative, org, person


@pytest.fixture
def world(app: Flask) -> World:
    """Store two organisations, a conflict, two initiatives, a person and a participation."""
    made = build_world(
        scopes=("scope",),
        organisations={"sponsor": org(), "other": org()},
        initiatives={
            "first": initiative("sponsor", on="scope", external_id="REF-1"),
            "second": initiative("sponsor", on="scope"),
        },
        people={"person": person("sponsor", alias="P-SHARED")},
    )
    return made.adding(participation=factories.participate(made.first.id, made.person.id))


def _refused(statement: sa.Executable) -> None:
    """Assert that the database refuses a statement with an integrity error."""
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(statement)


def _accepted(statement: sa.Executable) -> None:
    with db.engine.begin() as connection:
        connection.execute(statement)


def _person_row(organisation_id: int, alias: str, **values: Any) -> dict[str, Any]:
    return {
        "organisation_id": organisation_id,
        "full_name_encrypted": "v1:00000000:AAAA",
        "name_fingerprint": "00000000:00",
        "alias": alias,
        "gender": "female",
        "sector": "youth",
        "proximity": 2,
        **values,
    }


def _initiative_row(world: World, **values: Any) -> dict[str, Any]:
    return {
        "conflict_id": world["scope"].conflict.id,
        "title": "Direct insert",
        "sponsor_id": world["sponsor"].id,
        "track": "2",
        "mode": "soft",
        "method": "dialogue",
        "status": "planned",
        **values,
    }


def _link_row(a: int, b: int, **values: Any) -> dict[str, Any]:
    low, high = sorted((a, b))
    return {
        "initiative_a_id": a,
        "initiative_b_id": b,
        "pair_low_id": low,
        "pair_high_id": high,
        "kind": "sequencing",
        **values,
    }


# Enumerations ---------------------------------------------------------------------


def test_orm_insert_with_enum_value_outside_its_list_fails(app: Flask) -> None:
    db.session.add(Organisation(name="Charity", kind="charity", jurisdictions=[]))

    with pytest.raises((StatementError, LookupError)):
        db.session.flush()
    db.session.rollback()


# Each table holds at least one row of the world (user_account gets one in the test).
ENUM_COLUMNS = [
    ("organisation", "kind"),
    ("conflict", "track_one_status"),
    ("conflict", "escalation_stage"),
    ("party", "kind"),
    ("track_one_body", "kind"),
    ("initiative", "track"),
    ("initiative", "mode"),
    ("initiative", "method"),
    ("initiative", "status"),
    ("initiative", "confidentiality"),
    ("person", "gender"),
    ("person", "sector"),
    ("person", "identity_visibility"),
    ("participation", "role"),
    ("user_account", "role"),
]


@pytest.mark.parametrize(("table", "column"), ENUM_COLUMNS)
def test_database_refuses_enum_value_outside_its_list(
    world: World, table: str, column: str
) -> None:
    if table == "user_account":
        factories.editor_of(world["sponsor"].id)
    # Plain SQL, so that SQLAlchemy's own enum validation cannot step in first.
    _refused(sa.text(f"UPDATE {table} SET {column} = 'zz'"))  # noqa: S608 - fixed names


def test_database_accepts_enum_value_inside_its_list(world: World) -> None:
    _accepted(sa.text("UPDATE initiative SET confidentiality = 'sealed'"))

    assert db.session.scalar(
        sa.select(sa.func.count()).where(Initiative.confidentiality == "sealed")
    )


# CHECK constraints ----------------------------------------------------------------


@pytest.mark.parametrize("proximity", [-1, 4])
def test_database_refuses_proximity_outside_zero_to_three(world: World, proximity: int) -> None:
    _refused(sa.update(Person).where(Person.id == world["person"].id).values(proximity=proximity))


@pytest.mark.parametrize("proximity", [0, 3])
def test_database_accepts_proximity_at_the_bounds(world: World, proximity: int) -> None:
    _accepted(sa.update(Person).where(Person.id == world["person"].id).values(proximity=proximity))


def test_database_refuses_initiative_starting_after_it_ends(world: World) -> None:
    _refused(
        sa.update(Initiative)
        .where(Initiative.id == world["first"].id)
        .values(start_date=date(2026, 6, 1), end_date=date(2026, 1, 1))
    )


def test_database_refuses_inserting_an_initiative_starting_after_it_ends(
    world: World,
) -> None:
    row = _initiative_row(world, start_date=date(2026, 6, 2), end_date=date(2026, 6, 1))

    _refused(sa.insert(Initiative).values(**row))


def test_database_accepts_initiative_starting_and_ending_the_same_day(
    world: World,
) -> None:
    _accepted(
        sa.update(Initiative)
        .where(Initiative.id == world["first"].id)
        .values(start_date=date(2026, 6, 1), end_date=date(2026, 6, 1))
    )


def test_database_refuses_participation_starting_after_it_ends(world: World) -> None:
    _refused(
        sa.update(Participation)
        .where(Participation.id == world["participation"].id)
        .values(start_date=date(2026, 6, 1), end_date=date(2026, 1, 1))
    )


def test_database_refuses_birth_year_out_of_range(world: World) -> None:
    _refused(sa.update(Person).where(Person.id == world["person"].id).values(birth_year=1850))


def test_database_refuses_coordination_link_of_an_initiative_with_itself(
    world: World,
) -> None:
    same = world["first"].id
    row = {**_link_row(same, same), "pair_low_id": same, "pair_high_id": same}

    _refused(sa.insert(CoordinationLink).values(**row))


def test_database_refuses_coordination_link_with_unsorted_pair(world: World) -> None:
    a, b = world["first"].id, world["second"].id
    row = {**_link_row(a, b), "pair_low_id": max(a, b), "pair_high_id": min(a, b)}

    _refused(sa.insert(CoordinationLink).values(**row))


# Unique constraints ---------------------------------------------------------------


def test_database_refuses_a_second_organisation_of_the_same_name(world: World) -> None:
    name = world["sponsor"].name

    _refused(sa.insert(Organisation).values(name=name, kind="ngo"))


def test_database_refuses_an_alias_used_twice_in_one_organisation(world: World) -> None:
    _refused(sa.insert(Person).values(**_person_row(world["sponsor"].id, "P-SHARED")))


def test_database_accepts_the_same_alias_in_another_organisation(world: World) -> None:
    _accepted(sa.insert(Person).values(**_person_row(world["other"].id, "P-SHARED")))


def test_database_refuses_an_external_id_used_twice_by_one_sponsor(
    world: World,
) -> None:
    _refused(
        sa.update(Initiative).where(Initiative.id == world["second"].id).values(external_id="REF-1")
    )


def test_database_accepts_the_same_external_id_for_another_sponsor(
    world: World,
) -> None:
    row = _initiative_row(world, sponsor_id=world["other"].id, external_id="REF-1")

    _accepted(sa.insert(Initiative).values(**row))


def test_database_refuses_a_person_twice_in_one_initiative(world: World) -> None:
    _refused(
        sa.insert(Participation).values(
            initiative_id=world["first"].id, person_id=world["person"].id, role="observer"
        )
    )


def test_database_refuses_a_second_coordination_link_for_the_same_pair(
    world: World,
) -> None:
    a, b = world["first"].id, world["second"].id
    _accepted(sa.insert(CoordinationLink).values(**_link_row(a, b)))

    _refused(sa.insert(CoordinationLink).values(**_link_row(a, b, kind="merged")))


def test_database_refuses_a_coordination_link_for_the_same_pair_reversed(
    world: World,
) -> None:
    a, b = world["first"].id, world["second"].id
    _accepted(sa.insert(CoordinationLink).values(**_link_row(a, b)))

    _refused(sa.insert(CoordinationLink).values(**_link_row(b, a)))


def test_database_refuses_a_second_issue_of_the_same_name_in_one_conflict(
    world: World,
) -> None:
    here = world["scope"]

    _refused(sa.insert(Issue).values(conflict_id=here.conflict.id, name=here.issue.name))


# Foreign keys ----------------------------------------------------------------------


def test_database_refuses_a_reference_to_a_missing_row(app: Flask) -> None:
    _refused(sa.insert(Issue).values(conflict_id=987_654, name="Orphan issue"))


def test_database_refuses_deleting_an_issue_an_initiative_covers(world: World) -> None:
    _refused(sa.delete(Issue).where(Issue.id == world["scope"].issue.id))


# SQLite engine settings -------------------------------------------------------------


@pytest.fixture
def sqlite_connection(app: Flask) -> Any:
    """Return a fresh connection of a SQLite test database."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite engine settings")
    with db.engine.connect() as connection:
        yield connection


def test_sqlite_connections_enforce_foreign_keys(sqlite_connection: sa.Connection) -> None:
    assert sqlite_connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_sqlite_connections_use_write_ahead_logging(sqlite_connection: sa.Connection) -> None:
    assert sqlite_connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_sqlite_connections_wait_for_a_busy_database(
    app: Flask, sqlite_connection: sa.Connection
) -> None:
    timeout = sqlite_connection.exec_driver_sql("PRAGMA busy_timeout").scalar()

    assert timeout > 0
    assert timeout == app.config["SQLITE_BUSY_TIMEOUT_MS"]
