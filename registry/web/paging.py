"""Pages of long lists: 50 rows each, the page number read from `?page=`."""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import MultiDict

PAGE_SIZE = 50


def page_number(total: int, query: MultiDict[str, str] | None = None) -> tuple[int, int]:
    """Return (the page asked for, within range, and the number of pages) of `total` rows.

    The page is read from `query`, the request's query string unless given.
    """
    pages = max(1, -(-total // PAGE_SIZE))
    asked = (request.args if query is None else query).get("page", 1, type=int)
    return min(max(1, asked or 1), pages), pages


def offset(number: int) -> int:
    """The index of the first row of page `number`."""
    return (number - 1) * PAGE_SIZE
