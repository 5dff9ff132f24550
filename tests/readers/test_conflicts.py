"""The conflicts reader: frozen lines of a conflict and its reference data, a 404 when missing."""

from __future__ import annotations

import dataclasses

import pytest

from registry.errors import NotFound
from registry.readers import conflicts
from tests.factories import ConflictFactory, reference, scope


def test_conflict_reads_a_frozen_line_with_its_data_version(app) -> None:
    made = ConflictFactory(name="Lakeside", countries=["KE"])
    line = conflicts.conflict(made.id)
    assert (line.name, line.countries, line.data_version) == ("Lakeside", ("KE",), 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.name = "Renamed"  # type: ignore[misc]


def test_a_missing_conflict_or_record_is_not_found(app) -> None:
    with pytest.raises(NotFound):
        conflicts.conflict(999)
    with pytest.raises(NotFound):
        conflicts.reference_record("party", 999)


def test_reference_data_lists_each_kind_by_name(app) -> None:
    where = scope()
    reference("party", where.conflict.id, name="Aardvark front")
    data = conflicts.reference_data(where.conflict.id)
    assert [p.name for p in data.party] == sorted(p.name for p in data.party)
    assert data.party[0].name == "Aardvark front"
    assert [b.id for b in data.track_one_body] == [where.body.id]


def test_a_record_is_read_only_as_the_kind_asked_for(app) -> None:
    where = scope()
    issue = conflicts.reference_record("issue", where.issue.id)
    assert isinstance(issue, conflicts.IssueLine) and issue.name == where.issue.name
    assert isinstance(conflicts.reference_record("region", where.region.id), conflicts.RegionLine)


def test_reference_names_are_limited_to_the_conflict(app) -> None:
    here, there = scope(), scope()
    names = conflicts.reference_names(here.conflict.id)
    assert names["issue"] == {here.issue.id: here.issue.name}
    assert there.issue.id not in names["issue"]
