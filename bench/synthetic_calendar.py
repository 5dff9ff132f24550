"""The Track One calendar of a synthetic conflict (SPEC 8): rounds and transfers.

Drawn from their own random stream (the seed plus one), so that adding them changed
none of the initiatives, people or channels the benchmark drew before. In realistic
numbers: each body meets about three times a year over the six years around AS_OF
(a round sits one to three bodies and puts two to five issues on its agenda), and a
channel carries nothing, one or a few deliveries over the initiative's window, most
of them claimed, some acknowledged or taken up.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from synthetic_world import AS_OF, weighted

ROUNDS_PER_BODY = 18  # about three a year over six years
KINDS = {"proposal": 35, "framework": 10, "principles": 10, "briefing": 30, "report": 15}
EVIDENCE = {"claimed": 60, "acknowledged": 30, "documented_uptake": 10}


def add_calendar(generator: Any, initiatives: list[dict[str, Any]], seed: int) -> None:
    """Add rounds to the conflict and transfers through the initiatives' channels."""
    rnd = random.Random(seed + 1)
    rounds = _rounds(generator, rnd)
    by_body: dict[int, list[tuple[int, date]]] = {}
    for round_id, starts_on, bodies in rounds:
        for body in bodies:
            by_body.setdefault(body, []).append((round_id, starts_on))
    for initiative in initiatives:
        for channel in initiative.get("channels", []):
            _transfers(generator, rnd, initiative, channel, by_body)


def _rounds(generator: Any, rnd: random.Random) -> list[tuple[int, date, list[int]]]:
    made = []
    stamps = generator.stamps(generator.registered)
    for _ in range(len(generator.bodies) * ROUNDS_PER_BODY // 2):
        starts_on = AS_OF + timedelta(days=rnd.randrange(-5 * 365, 365))
        future = starts_on >= AS_OF
        status = (
            weighted(rnd, {"planned": 85, "postponed": 10, "cancelled": 5})
            if future
            else weighted(rnd, {"held": 90, "postponed": 5, "cancelled": 5})
        )
        round_id = generator.add(
            "track_one_round",
            conflict_id=generator.plan.conflict_id,
            title=f"Round {generator.next_id['track_one_round']}",
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=rnd.randrange(0, 5)),
            status=status,
            notes=None,
            version=1,
            **stamps,
        )
        bodies = sorted(rnd.sample(generator.bodies, weighted(rnd, {1: 50, 2: 35, 3: 15})))
        for body in bodies:
            generator.add(
                "track_one_round_body", track_one_round_id=round_id, track_one_body_id=body
            )
        agenda = rnd.choices(
            generator.issues, cum_weights=generator.issue_weights, k=rnd.randrange(2, 6)
        )
        for issue in sorted(set(agenda)):
            generator.add("track_one_round_issue", track_one_round_id=round_id, issue_id=issue)
        made.append((round_id, starts_on, bodies))
    return made


def _transfers(
    generator: Any,
    rnd: random.Random,
    initiative: dict[str, Any],
    channel: dict[str, Any],
    by_body: dict[int, list[tuple[int, date]]],
) -> None:
    row = initiative["row"]
    first = row["start_date"] or AS_OF
    last = min(row["end_date"] or AS_OF, AS_OF)
    if last < first:
        return
    for _ in range(weighted(rnd, {0: 35, 1: 30, 2: 20, 3: 10, 5: 5})):
        delivered_on = first + timedelta(days=rnd.randrange((last - first).days + 1))
        upcoming = [r for r, starts in by_body.get(channel["body"], []) if starts >= delivered_on]
        event = generator.add(
            "transfer_event",
            initiative_id=row["id"],
            channel_id=channel["id"],
            title=f"Output {generator.next_id['transfer_event']}",
            kind=weighted(rnd, KINDS),
            delivered_on=delivered_on,
            evidence=weighted(rnd, EVIDENCE),
            round_id=min(upcoming) if upcoming and rnd.random() < 0.3 else None,
            confirmed_on=None,
            confirmed_as=None,
            confirmed_body_id=None,
            confirmed_by_id=None,
            version=1,
            **generator.stamps(row["updated_at"]),
        )
        for issue in sorted(
            set(rnd.sample(initiative["issues"], min(2, len(initiative["issues"]))))
        ):
            generator.add("transfer_event_issue", transfer_event_id=event, issue_id=issue)
