"""Typed SQLAlchemy models, one module per aggregate."""

from .analysis import AnalysisRun, Finding
from .audit import AuditEvent
from .base import Base
from .conflict import Conflict, Issue, Party, Region, TrackOneBody
from .engagement import CoordinationLink, Participation, TransferChannel, TransferEvent
from .initiative import Initiative
from .organisation import ConflictCoordinator, Organisation, User
from .person import Person
from .screening import DesignatedEntity

__all__ = [
    "AnalysisRun",
    "AuditEvent",
    "Base",
    "Conflict",
    "ConflictCoordinator",
    "CoordinationLink",
    "DesignatedEntity",
    "Finding",
    "Initiative",
    "Issue",
    "Organisation",
    "Participation",
    "Party",
    "Person",
    "Region",
    "TrackOneBody",
    "TransferChannel",
    "TransferEvent",
    "User",
]
