"""The grouping rule of blind matching (SPEC section 3), on plain records."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from registry.analysis.matching import PersonRecord, match_people


def record(id: int, org: int, fp: str = "k:a", year: int | None = None) -> PersonRecord:
    return PersonRecord(id=id, organisation_id=org, fingerprint=fp, birth_year=year)


def test_match_people_joins_records_of_two_organisations_with_one_fingerprint() -> None:
    assert match_people([record(5, 1), record(3, 2)]) == {5: 3, 3: 3}


def test_match_people_keeps_two_records_of_one_organisation_apart() -> None:
    assert match_people([record(1, 1), record(2, 1)]) == {1: 1, 2: 2}


def test_match_people_splits_a_group_holding_two_records_of_one_organisation() -> None:
    people = match_people([record(1, 1, year=1970), record(2, 2, year=1970), record(3, 1)])
    assert people == {1: 1, 2: 2, 3: 3}


def test_match_people_forms_one_person_per_birth_year() -> None:
    people = match_people(
        [record(1, 1, year=1970), record(2, 2, year=1970), record(3, 3, year=1985)]
    )
    assert people == {1: 1, 2: 1, 3: 3}


def test_match_people_joins_a_record_without_birth_year_to_the_only_year() -> None:
    assert match_people([record(1, 1, year=1970), record(2, 2)]) == {1: 1, 2: 1}


def test_match_people_leaves_a_record_without_birth_year_alone_among_two_years() -> None:
    people = match_people([record(1, 1, year=1970), record(2, 2, year=1985), record(3, 3)])
    assert people[3] == 3 and people[1] == 1 and people[2] == 2


def test_match_people_never_joins_different_fingerprints() -> None:
    assert match_people([record(1, 1, "k:a"), record(2, 2, "k:b")]) == {1: 1, 2: 2}


records = st.lists(
    st.builds(
        PersonRecord,
        id=st.integers(1, 40),
        organisation_id=st.integers(1, 4),
        fingerprint=st.sampled_from(["k:a", "k:b"]),
        birth_year=st.one_of(st.none(), st.sampled_from([1960, 1975])),
    ),
    unique_by=lambda r: r.id,
)


@given(records)
def test_match_people_never_puts_two_records_of_one_organisation_in_one_person(
    people: list[PersonRecord],
) -> None:
    groups: dict[int, list[PersonRecord]] = {}
    for person in people:
        groups.setdefault(match_people(people)[person.id], []).append(person)
    for representative, members in groups.items():
        assert representative == min(m.id for m in members)
        assert len({m.organisation_id for m in members}) == len(members)
        assert len({m.fingerprint for m in members}) == 1


@given(records)
def test_match_people_is_independent_of_input_order(people: list[PersonRecord]) -> None:
    assert match_people(people) == match_people(list(reversed(people)))
