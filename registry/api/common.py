"""What every API module shares: pagination, If-Match versions and the acting user."""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any, TypeVar

from flask import Response, g, request
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest import Page

from ..errors import Invalid
from ..readers.paging import Listing

T = TypeVar("T")


class Blueprint(SmorestBlueprint):  # type: ignore[misc]  # flask-smorest has no hints
    """flask-smorest's blueprint with the registry's pagination defaults (50, at most 500)."""

    DEFAULT_PAGINATION_PARAMETERS = {"page": 1, "page_size": 50, "max_page_size": 500}  # noqa: RUF012


MAX_OFFSET = 2**62
TOO_MANY = {
    "429": {
        "description": "Too many creates by this user or organisation: wait and retry",
        "headers": {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
        },
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


class QueryPage(Page):  # type: ignore[misc]  # flask-smorest has no hints
    """Paginate a reader's listing in the database: one page of values, counted in the same
    query where it can be (see `Listing.window`)."""

    @cached_property
    def _page(self) -> tuple[list[Any], int | None]:
        params = self.page_params
        if params.first_item > MAX_OFFSET:
            return [], None  # far past the last page; the database cannot even count that far
        listing: Listing[Any, Any] = self.collection
        return listing.window(params.first_item, params.page_size)

    @cached_property
    def item_count(self) -> int:  # cached: the header and the page both ask for it
        total = self._page[1]
        if total is not None:
            return total
        listing: Listing[Any, Any] = self.collection
        return listing.count()

    @property
    def items(self) -> list[Any]:
        return self._page[0]


def expected_version(body: dict[str, Any] | int | None = None) -> int | None:
    """Return the version the client read: If-Match (3, "3", W/"3") or `version` in the body.

    `body` is the version an `Edit` carries, or a loaded body still holding `version`.
    """
    header = request.headers.get("If-Match")
    # The schema made it an int.
    body_version = body.pop("version", None) if isinstance(body, dict) else body
    if header:
        text = header.strip()
        if text.startswith("W/"):
            text = text[2:]
        text = text.strip().strip('"')
        try:
            return int(text)
        except ValueError:
            raise Invalid(
                {"If-Match": ["Send the version you read, e.g. If-Match: 3."]}, location="headers"
            ) from None
    return body_version


def etag_for(version: int) -> str:
    """Return the ETag header value of a record's version."""
    return json.dumps(str(version))


def paginate_list(listing: Listing[Any, T]) -> list[T]:
    """Page a reader's listing by the request's `page` and `page_size`, setting X-Pagination.

    For lists whose values are shaped after loading (so flask-smorest's paginate, which
    pages the returned collection, cannot be used).
    """
    from flask_smorest.pagination import PaginationParameters

    args = _page_arguments()
    params = PaginationParameters(args["page"], args["page_size"])
    page = QueryPage(listing, params)
    items: list[T] = page.items
    params.item_count = page.item_count
    _set_pagination_header(params)
    return items


def _page_arguments() -> dict[str, int]:
    defaults = Blueprint.DEFAULT_PAGINATION_PARAMETERS
    errors: dict[str, list[str]] = {}
    values = {}
    for name, default in (("page", defaults["page"]), ("page_size", defaults["page_size"])):
        raw = request.args.get(name)
        try:
            value = int(raw) if raw is not None else default
        except ValueError:
            errors[name] = ["Not a valid integer."]
            continue
        upper = defaults["max_page_size"] if name == "page_size" else 2**31 - 1
        if value < 1 or value > upper:
            errors[name] = [f"Must be between 1 and {upper}."]
        values[name] = value
    if errors:
        raise Invalid(errors, location="query")
    return values


def _set_pagination_header(params: Any) -> None:
    total = params.item_count
    page_size = params.page_size
    last = max(1, -(-total // page_size))
    header = {
        "total": total,
        "total_pages": last,
        "first_page": 1,
        "last_page": last,
        "page": params.page,
    }
    if params.page > 1:
        header["previous_page"] = params.page - 1
    if params.page < last:
        header["next_page"] = params.page + 1
    g.registry_pagination = json.dumps(header)


def add_pagination_header(response: Response) -> Response:
    """Send the X-Pagination header that paginate_list prepared."""
    if "registry_pagination" in g:
        response.headers["X-Pagination"] = g.registry_pagination
    return response


JSON_ONLY = frozenset({"application/json"})


def accepts(*mimetypes: str) -> Any:
    """Declare the request body types a view takes besides JSON (e.g. CSV uploads)."""

    def decorate(view: Any) -> Any:
        view.accepted_types = JSON_ONLY | set(mimetypes)
        return view

    return decorate


def refuse_unsupported_media(app_view_functions: dict[str, Any]) -> None:
    """Answer 415 to a write whose body is not of a type the view takes."""
    if request.method not in ("POST", "PUT", "PATCH") or not request.path.startswith("/api/"):
        return
    if not request.content_length and not request.mimetype:
        return
    view = app_view_functions.get(request.endpoint or "")
    accepted = getattr(view, "accepted_types", None)
    if accepted is None and view is not None and hasattr(view, "view_class"):
        method = getattr(view.view_class, request.method.lower(), None)
        accepted = getattr(method, "accepted_types", None)
    if request.mimetype not in (accepted or JSON_ONLY):
        from werkzeug.exceptions import UnsupportedMediaType

        wanted = " or ".join(sorted(accepted or JSON_ONLY))
        raise UnsupportedMediaType(f"Send {wanted}, not {request.mimetype or 'no type'}.")


def page_window() -> tuple[int, int]:
    """Return the offset of the first row and the size of the page the request asks for."""
    args = _page_arguments()
    return (args["page"] - 1) * args["page_size"], args["page_size"]


def announce_total(total: int) -> None:
    """Set X-Pagination for a page the database cut, given how many rows match in all."""
    from flask_smorest.pagination import PaginationParameters

    args = _page_arguments()
    params = PaginationParameters(args["page"], args["page_size"])
    params.item_count = total
    _set_pagination_header(params)


def page_of(items: list[Any]) -> list[Any]:
    """Page an already filtered list by `page` and `page_size`, setting X-Pagination."""
    from flask_smorest.pagination import PaginationParameters

    args = _page_arguments()
    params = PaginationParameters(args["page"], args["page_size"])
    params.item_count = len(items)
    _set_pagination_header(params)
    start = (params.page - 1) * params.page_size
    return items[start : start + params.page_size]
