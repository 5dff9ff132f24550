"""The configurable numbers of SPEC section 4.1, with their defaults."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every number a rule compares against; ratios are compared exactly, as decimals."""

    # Pair rules.
    issue_overlap: float = 0.5  # duplicate_initiative and scope_overlap: issue Jaccard >=
    duplicate_participant_overlap: float = 0.3  # duplicate_initiative: people Jaccard >=
    shared_participants_medium: float = 0.4  # shared_participants is medium at >=
    # Per initiative.
    one_sided_min_participants: int = 2  # participations in role "participant"
    asymmetry_factor: float = 2.0  # largest party's count > factor x smallest's
    carrier_max_proximity: int = 1  # carriers and reach: proximity <=
    stale_days: int = 365  # last update more than this many days before as_of
    # Per person.
    overload_initiatives: int = 3  # simultaneously running live initiatives >=
    # Per conflict.
    funder_min_initiatives: int = 3  # live initiatives with a funder >=
    funder_share: float = 0.6  # one funder's share of them >=
    gender_min_people: int = 10  # people with a recorded gender >=
    gender_min_women_share: float = 0.3  # women's share below this fires
    # Timing and transfer (SPEC 8), in days.
    round_horizon_days: int = 90  # a planned round starting within this many days is upcoming
    delivery_window_days: int = 180  # transfers delivered in this many days up to as_of count
    drought_min_age_days: int = 180  # transfer_drought: started more than this many days ago
    acknowledge_days: int = 60  # unacknowledged_transfer: claimed and older than this
    rival_gap_days: int = 90  # competing_proposals: delivered within this many days of each other
    rival_window_days: int = 365  # competing_proposals: both in this many days up to as_of
    # Coverage (SPEC 3): a cell an unseen initiative feeds reads "< n" below this count.
    suppress_below: int = 5

    def __post_init__(self) -> None:
        if not 0 < self.issue_overlap <= 1:
            # Candidate pairs are found through shared issues, which needs a positive threshold.
            raise ValueError("issue_overlap must be in (0, 1]")
        for name in ("duplicate_participant_overlap", "shared_participants_medium"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be in [0, 1]")

    def as_dict(self) -> dict[str, float | int]:
        """Return the thresholds as a JSON-ready dict (the run's `parameters`)."""
        return asdict(self)

    def ratio(self, name: str) -> Fraction:
        """Return a threshold as the exact decimal it was written as."""
        return _exact(getattr(self, name))


@lru_cache(maxsize=64)
def _exact(value: float) -> Fraction:
    """The decimal a float was written as (0.3 is 3/10, not the nearest binary fraction)."""
    return Fraction(repr(value))


DEFAULT_THRESHOLDS = Thresholds()
