"""What the wording of one finding reads, and the small helpers its sentences share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .finding_templates import PHRASES
from .names import Names


@dataclass(frozen=True)
class Context:
    """One finding, its evidence's inputs and threshold, and the reader's names."""

    item: Mapping[str, Any]
    inputs: dict[str, Any]
    threshold: dict[str, Any]
    names: Names
    you: str  # "" for coordinators, " you may see" for everyone else

    def ids(self, name: str) -> list[Any]:
        """Return a subject list of the finding."""
        return list(self.item.get(name) or ())

    def first(self) -> str:
        """Title the finding's first initiative."""
        return self.names.initiative(self.ids("initiative_ids")[0])


def joined(words: Iterable[str]) -> str:
    """List names as "a, b, c" (names often hold "and" themselves: "Land and boundaries")."""
    return PHRASES["list"].join(words)


def percent(value: Any) -> str:
    """Show a share as a whole percentage."""
    return f"{round(float(value) * 100)} %"


def people_count(count: int) -> str:
    """Count people in words."""
    if count == 0:
        return PHRASES["no_one"]
    return PHRASES["one_person"] if count == 1 else PHRASES["people"].format(count=count)
