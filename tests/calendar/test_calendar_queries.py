"""The calendar costs a fixed number of queries, however many rounds a conflict has."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask

from registry.readers.calendar import calendar
from registry.services import rounds
from registry.services.inputs import build
from registry.services.inputs.calendar import RoundInput
from tests.calendar.world import calendar_world
from tests.factories import SYSTEM, one_transaction
from tests.helpers import counted


def _queries(conflict_id: int) -> tuple[int, int]:
    with counted() as seen:
        upcoming, past = calendar(conflict_id, date(2026, 6, 1))
    assert all(r.bodies and r.agenda for r in upcoming + past)
    queries = [statement for statement in seen if statement != "BEGIN"]  # SQLite's own
    return len(queries), len(upcoming) + len(past)


def test_the_calendar_reads_bodies_and_agendas_in_one_query_each(app: Flask) -> None:
    made = calendar_world()
    conflict_id = made.where.conflict.id
    few, rounds_before = _queries(conflict_id)
    with one_transaction():
        for number in range(12):
            day = date(2026, 1, 5) + timedelta(days=14 * number)
            payload = {
                "title": f"Round {number + 10}",
                "track_one_body_ids": [made.where.body.id, made.other_body.id],
                "starts_on": day,
                "ends_on": day + timedelta(days=1),
                "agenda_issue_ids": [made.where.issue.id],
                "status": "held" if day < date(2026, 6, 1) else "planned",
            }
            rounds.create(SYSTEM, conflict_id, build(RoundInput, payload))
    many, rounds_after = _queries(conflict_id)

    assert rounds_after == rounds_before + 12
    assert many == few <= 3  # the rounds, their bodies, their agendas
