"""How autogenerate writes the registry's own column types into migration scripts."""

from __future__ import annotations

from typing import Any

from .models.base import UTCDateTime


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render UTC timestamps as timezone-aware DateTime, so migrations import none of our code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
