"""The import template's example names come from the conflict's own reference data."""

from __future__ import annotations

import dataclasses

import pytest
from flask import Flask

from registry.readers.template_examples import ExampleNames, example_names
from tests.factories import ConflictFactory, OrganisationFactory, reference, scope


def test_the_names_are_the_conflicts_first_issues_and_region_and_the_sponsor(app: Flask) -> None:
    where, ours = scope(), OrganisationFactory()
    later = reference("issue", where.conflict.id, name="zz Water")
    names = example_names(where.conflict.id, ours.id)
    assert names.issues == (where.issue.name, later.name)
    assert (names.region, names.sponsor) == (where.region.name, ours.name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        names.region = "elsewhere"  # type: ignore[misc]


def test_a_bare_conflict_and_no_organisation_give_no_names(app: Flask) -> None:
    names = example_names(ConflictFactory().id, None)
    assert (names.issues, names.region, names.sponsor) == ((), None, None)
    assert isinstance(names, ExampleNames)
