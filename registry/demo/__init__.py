"""The demo data set of `flask registry demo`: fictional, idempotent, loaded through the services.

Every organisation, account, conflict and participant here is FICTIONAL (docs/demo.md).
Each record is looked up by its natural key before it is created, so loading again
creates nothing; dates are offsets from the day of the first load.
"""

from __future__ import annotations

from .data import ACCOUNTS, Account
from .loader import load

__all__ = ["ACCOUNTS", "Account", "load"]
