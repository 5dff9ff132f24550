"""Typed SQLAlchemy models, one module per aggregate."""

from .access import ApiToken, IdempotencyRecord, RevealRequest
from .analysis import AnalysisRun, Finding
from .audit import AuditEvent
from .base import Base
from .calendar import FocalPoint, TrackOneRound
from .conflict import Conflict, Issue, Party, Region, TrackOneBody
from .engagement import CoordinationLink, Participation, TransferChannel, TransferEvent
from .initiative import Initiative
from .organisation import ConflictCoordinator, Organisation, RecoveryCode, User
from .person import Person
from .screening import DesignatedEntity

__all__ = [
    "AnalysisRun",
    "ApiToken",
    "AuditEvent",
    "Base",
    "Conflict",
    "ConflictCoordinator",
    "CoordinationLink",
    "DesignatedEntity",
    "Finding",
    "FocalPoint",
    "IdempotencyRecord",
    "Initiative",
    "Issue",
    "Organisation",
    "Participation",
    "Party",
    "Person",
    "RecoveryCode",
    "Region",
    "RevealRequest",
    "TrackOneBody",
    "TrackOneRound",
    "TransferChannel",
    "TransferEvent",
    "User",
]
