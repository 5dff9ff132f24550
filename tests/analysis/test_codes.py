"""The finding-code registry: one entry per code, and everything else derives from it."""

from __future__ import annotations

import itertools

from registry.analysis import codes
from registry.analysis.codes import CODES, SELECTION_COLOUR, SPARE_COLOURS, CodeSpec
from registry.analysis.rules import RULES

# Colours closer than this (CIE76 distance in CIELAB) read as one colour at a glance.
MIN_DISTANCE = 15.0


def lab(colour: str) -> tuple[float, float, float]:
    """Convert an sRGB hex colour to CIELAB (D65)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        """Apply CIELAB's cube-root companding."""
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def distance(a: str, b: str) -> float:
    """Return the CIE76 distance between two colours."""
    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b), strict=True)) ** 0.5


def test_every_registered_code_has_its_rule_and_every_rule_its_code() -> None:
    assert set(CODES) == set(RULES)


def test_the_overlap_codes_are_spec_4_1_four_pair_codes_in_precedence_order() -> None:
    assert codes.PAIR_CODES == (
        "competing_channel",
        "duplicate_initiative",
        "scope_overlap",
        "shared_participants",
    )


def test_coordinator_only_codes_are_the_conflict_level_people_rules_and_overload() -> None:
    assert {
        "party_gap",
        "party_pair_gap",
        "gender_gap",
        "participant_overload",
    } == codes.COORDINATOR_ONLY_CODES
    assert codes.COORDINATOR_ONLY_CODES <= codes.PEOPLE_CODES


def test_each_code_has_a_distinct_colour_far_from_the_others_and_the_selection() -> None:
    palette = {code: spec.colour for code, spec in CODES.items()}
    palette["selection"] = SELECTION_COLOUR
    for (a, first), (b, second) in itertools.combinations(palette.items(), 2):
        assert distance(first, second) >= MIN_DISTANCE, (a, b)


def test_spare_colours_are_free_for_the_next_codes() -> None:
    used = {spec.colour for spec in CODES.values()} | {SELECTION_COLOUR}
    assert not used & set(SPARE_COLOURS)
    for spare in SPARE_COLOURS:
        assert min(distance(spare, colour) for colour in used) >= MIN_DISTANCE, spare


def test_labels_are_plain_words_without_underscores() -> None:
    assert all("_" not in spec.label and spec.label[0].isupper() for spec in CODES.values())


def test_a_duplicate_code_or_colour_is_refused() -> None:
    spec = CODES["stale_record"]
    for clash in (spec, CodeSpec("other", "initiative", "Other", spec.colour, "low")):
        try:
            codes._registry(spec, clash)
        except ValueError:
            continue
        raise AssertionError(f"{clash.code} was accepted twice")


def test_an_unknown_subject_kind_is_refused() -> None:
    try:
        CodeSpec("x", "planet", "X", "#123456", "low")
    except ValueError:
        return
    raise AssertionError("an unknown subject kind was accepted")
