"""Snapshots are frozen, hashable values."""

from __future__ import annotations

import dataclasses

import pytest

from registry.analysis.snapshot import FrozenMap
from tests.analysis.builders import Build


def sample() -> Build:
    build = Build().issue(1).party(1).initiative(1, issue_ids=[1], region_ids=[]).join(1, 10)
    return build.org(100, "US").link(1, 2)


def test_a_snapshot_freezes_its_collections() -> None:
    snapshot = sample().build()
    assert isinstance(snapshot.people, FrozenMap)
    assert isinstance(snapshot.participations, tuple)
    assert snapshot.initiatives[0].issue_ids == frozenset({1})


def test_equal_snapshots_hash_alike() -> None:
    assert hash(sample().build()) == hash(sample().build())
    assert sample().build() == sample().build()


def test_a_snapshot_cannot_be_changed() -> None:
    snapshot = sample().build()
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.initiatives = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        snapshot.people[11] = snapshot.people[10]  # type: ignore[index]
