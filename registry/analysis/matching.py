"""Blind matching: group person records of different organisations that are one person.

Records arrive with a keyed fingerprint of their name skeleton, never a name. The
grouping rule is SPEC section 3's: within one organisation each record is one person;
records of different organisations sharing a fingerprint form one person per birth
year; a record without a birth year joins only when the fingerprint's records hold at
most one birth year, and otherwise stays alone; a group that would hold two records of
one organisation is split back into single records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonRecord:
    """What matching knows of a person record."""

    id: int
    organisation_id: int
    fingerprint: str
    birth_year: int | None = None


def match_people(records: Iterable[PersonRecord]) -> dict[int, int]:
    """Map every record's id to its person: the smallest record id of its group."""
    by_fingerprint: dict[str, list[PersonRecord]] = defaultdict(list)
    for record in records:
        by_fingerprint[record.fingerprint].append(record)
    person_of: dict[int, int] = {}
    for bucket in by_fingerprint.values():
        for group in _groups(bucket):
            representative = min(record.id for record in group)
            for record in group:
                person_of[record.id] = representative
    return person_of


def _groups(bucket: list[PersonRecord]) -> list[list[PersonRecord]]:
    """Split one fingerprint's records into people."""
    years = {record.birth_year for record in bucket if record.birth_year is not None}
    by_year: dict[int | None, list[PersonRecord]] = defaultdict(list)
    loners: list[list[PersonRecord]] = []
    for record in bucket:
        if record.birth_year is not None:
            by_year[record.birth_year].append(record)
        elif len(years) <= 1:
            # No birth year, and at most one among the others: it can only be that one.
            by_year[next(iter(years), None)].append(record)
        else:
            loners.append([record])
    groups = loners
    for candidates in by_year.values():
        organisations = [record.organisation_id for record in candidates]
        if len(organisations) != len(set(organisations)):
            groups.extend([record] for record in candidates)
        else:
            groups.append(candidates)
    return groups
