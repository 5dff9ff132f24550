"""The finding rules of SPEC section 4.1, registered by code in `RULES`."""

from registry.analysis.rules import calendar, conflict, initiative, pair, person
from registry.analysis.rules.base import RULES, Rule, rule

__all__ = ["RULES", "Rule", "calendar", "conflict", "initiative", "pair", "person", "rule"]
