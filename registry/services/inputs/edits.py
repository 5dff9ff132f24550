"""A partial update together with the version its sender read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

C = TypeVar("C")


@dataclass(frozen=True)
class Edit(Generic[C]):
    """The changes a PATCH sends and the `version` in its body (None when not sent)."""

    changes: C
    version: int | None = None
