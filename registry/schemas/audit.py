"""The filters of the audit log page."""

from __future__ import annotations

from .base import StrictSchema
from .words import Day, Text


class AuditQuerySchema(StrictSchema):
    """Who, what, which kind of object, and from and to which dates (each optional)."""

    actor = Text(40, blank=None, allow_none=True)
    action = Text(80, blank=None, allow_none=True)
    object_type = Text(80, blank=None, allow_none=True)
    since = Day(allow_none=True)
    until = Day(allow_none=True)
