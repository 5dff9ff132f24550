"""No page or JSON answer speaks in internal ids ("party 5", "issue 4", "user 8").

Crawl the demo as its coordinator, an NGO editor, the donor's viewer and the platform
admin: every page reached by links from the home page, and the JSON answers of the
analysis and coordination API for each conflict. A control plants an id in the data
and checks the crawl catches it.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from registry.extensions import db
from registry.models import Conflict, Issue, User
from tests.helpers import sign_in_as
from tests.world import load_demo

ID_SPEAK = re.compile(
    r"\b(party|parties|issue|issues|region|regions|body|bodies|user|organisation|organization"
    r"|initiative|initiatives|person)\s+#?\d+",
    re.IGNORECASE,
)
READERS = (
    "coordinator@demo.example.org",
    "editor.amani@demo.example.org",
    "viewer.northwind@demo.example.org",
    "admin@demo.example.org",
)
SKIP = ("/signout", "/static/", "/api/v1/docs", "/api/v1/openapi.json", "/exports/")
PAGE_LIMIT = 120


class Text(HTMLParser):
    """What a reader reads of a page (text and attribute values), and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if tag == "a" and name == "href" and value:
                self.links.append(value)
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def id_speak(client: FlaskClient, conflicts: list[int]) -> list[tuple[str, str]]:
    """Crawl as the signed-in reader; return (address, phrase) of every id-speak found."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    queue = deque(["/home", *(f"/conflicts/{c}/findings?status=all" for c in conflicts)])
    while queue and len(seen) < PAGE_LIMIT:
        address = queue.popleft()
        if address in seen or address.startswith(SKIP):
            continue
        seen.add(address)
        response = client.get(address)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        parser = Text()
        parser.feed(response.get_data(as_text=True))
        # Text nodes apart: a table cell "1" beside a heading "Uncovered issue" is no id.
        found += [(address, m.group(0)) for m in ID_SPEAK.finditer(" | ".join(parser.parts))]
        for link in parser.links:
            target = urlsplit(urljoin(address, link))
            if not target.netloc and target.path.startswith("/"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    for conflict in conflicts:
        for tail in ("findings?page_size=500", "coverage", "analysis", "overlap-map"):
            answer = client.get(f"/api/v1/conflicts/{conflict}/{tail}")
            text = answer.get_data(as_text=True)
            found += [(tail, m.group(0)) for m in ID_SPEAK.finditer(text)]
    text = client.get("/api/v1/coordination-links").get_data(as_text=True)
    return found + [("links", m.group(0)) for m in ID_SPEAK.finditer(text)]


@pytest.fixture
def loaded(app) -> dict[str, User]:
    """The demo and its accounts by email."""
    return load_demo()


@pytest.mark.parametrize("email", READERS)
def test_no_page_or_answer_speaks_in_ids(client: FlaskClient, loaded, email: str) -> None:
    conflicts = list(db.session.scalars(sa.select(Conflict.id)))
    sign_in_as(client, loaded[email])
    assert id_speak(client, conflicts) == []


def test_the_crawl_catches_an_id_planted_in_a_name(client: FlaskClient, loaded) -> None:
    issue = db.session.scalars(sa.select(Issue).order_by(Issue.id)).first()
    assert issue is not None
    issue.name = f"Water issue {issue.id}"
    db.session.commit()
    conflicts = [issue.conflict_id]
    sign_in_as(client, loaded["coordinator@demo.example.org"])
    assert f"issue {issue.id}" in {phrase for _, phrase in id_speak(client, conflicts)}
