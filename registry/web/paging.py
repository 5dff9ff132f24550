"""Pages of long lists: 50 rows each, the page number read from `?page=`."""

from __future__ import annotations

from flask import request

PAGE_SIZE = 50


def page_number(total: int) -> tuple[int, int]:
    """Return (the page asked for, within range, and the number of pages) of `total` rows."""
    pages = max(1, -(-total // PAGE_SIZE))
    return min(max(1, request.args.get("page", 1, type=int)), pages), pages


def offset(number: int) -> int:
    """The index of the first row of page `number`."""
    return (number - 1) * PAGE_SIZE
