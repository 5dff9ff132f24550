"""What every API module shares: pagination, If-Match versions and the acting user."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask import request
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest import Page

from ..errors import Invalid
from ..extensions import db


class Blueprint(SmorestBlueprint):
    """flask-smorest's blueprint with the registry's pagination defaults (50, at most 500)."""

    DEFAULT_PAGINATION_PARAMETERS = {"page": 1, "page_size": 50, "max_page_size": 500}  # noqa: RUF012


class QueryPage(Page):
    """Paginate a SELECT in the database: a COUNT and one page of rows."""

    @property
    def item_count(self) -> int:
        statement = self.collection.order_by(None)
        return db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))

    @property
    def items(self) -> list[Any]:
        params = self.page_params
        statement = self.collection.limit(params.page_size).offset(params.first_item)
        return list(db.session.scalars(statement))


def expected_version(body: dict[str, Any] | None = None) -> int | None:
    """Return the version the client read: If-Match (3, "3", W/"3") or `version` in the body."""
    header = request.headers.get("If-Match")
    body_version = (body or {}).pop("version", None)
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
