"""The rule registry: one function per finding code."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from registry.analysis.context import Context
from registry.analysis.findings import Finding

Rule = Callable[[Context], Iterable[Finding]]
RULES: dict[str, Rule] = {}


def rule(code: str) -> Callable[[Rule], Rule]:
    """Register the decorated function as the rule of `code`."""

    def register(function: Rule) -> Rule:
        """Record the function under its code, once."""
        if code in RULES:
            raise ValueError(f"rule {code!r} registered twice")
        RULES[code] = function
        return function

    return register
