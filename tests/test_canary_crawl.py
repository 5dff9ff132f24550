"""The canary crawl of "Accounts, roles and the one visibility policy".

One NGO holds a restricted and a sealed initiative with canary titles, summaries and
transfer titles, and pseudonymous participants with canary names, aliases and
affiliations. Every other kind of user, and an anonymous visitor, crawls every page it
can reach by following links and calls every API list and export; no canary may appear
where the policy hides it: not in a body, a header, a URL visited or the logs.
"""

from __future__ import annotations

import io
import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from itertools import product
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from registry.extensions import db
from registry.models import User
from registry.services import analysis, coordination, focal_points, rounds, transfers
from registry.services.inputs import build
from registry.services.inputs.calendar import RoundInput
from registry.services.inputs.coordination import LinkProposal
from registry.services.inputs.engagement import TransferInput
from tests.factories import (
    SYSTEM,
    one_transaction,
)
from tests.helpers import bearer_for, sign_in_as
from tests.world import Route, Someone, Work, build_world, initiative, member, org, person
from tests.world import World as BuiltWorld

MAX_PAGES = 300
START_PAGES = (
    "/",
    "/home",
    "/inbox",
    "/initiatives",
    "/people",
    "/links",
    "/account/",
    "/admin/",
)

# What only the owner, the conflict's coordinators and (for restricted) funders may read.
RESTRICTED_TEXT = ("CANARY-RESTRICTED-7f3a", "CANARY-RSUMMARY-2d4e", "CANARY-RTRANSFER-6a1b")
RESTRICTED_ALIAS = "CANARY-RALIAS-55e1"
SEALED_TEXT = ("CANARY-SEALED-9b1c", "CANARY-SSUMMARY-3c5f", "CANARY-STRANSFER-8e2d")
SEALED_ALIAS = "CANARY-SALIAS-88d0"
UNUSED_ALIAS = "CANARY-UALIAS-1f0a"  # a person of the NGO who takes part in nothing
# Full names and affiliations: only the owning organisation, ever (all are pseudonymous).
NAMES = {
    "restricted": "Zephyrinova Quagliottine",
    "sealed": "Brunhildova Xanthoparvis",
    "unused": "Ottavinia Krumplesnit",
}
AFFILIATIONS = {
    "restricted": "Canaryaffil Mortlewick Front",
    "sealed": "Canaryaffil Snorrevald Brigade",
    "unused": "Canaryaffil Plumtreadle Union",
}
NAME_WORDS = tuple(
    word for text in (*NAMES.values(), *AFFILIATIONS.values()) for word in text.split()
)
# The other NGO's participants are `named`, but only those who see participation rows
# (its own users here) may read their names or aliases: members see all but participants.
OPEN_NAMES = {"public": "Valdimira Oskartoft", "registry": "Henrikus Pallowmere"}
OPEN_ALIASES = {"public": "OPENALIAS-P-4c2a", "registry": "OPENALIAS-R-9d7e"}
OPEN_WORDS = (*(w for name in OPEN_NAMES.values() for w in name.split()), *OPEN_ALIASES.values())
# Seen normally, to show that the crawl reached real content.
PUBLIC_TITLE = "Open Waterpoint Dialogue"
REGISTRY_TITLE = "Registry Elders Forum"

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class World:
    """The crawl's view of the built world: what to fill URLs with, and who crawls."""

    conflict_ids: tuple[int, ...]
    ids: dict[str, list[int]]  # URL variable name -> ids to fill it with
    crawlers: dict[str, Any]  # kind of user -> User (anonymous: None)
    owner: Any  # an editor of the canary NGO, who may read every canary


def _canary(key: str, level: str | None, alias: str, **data: Any) -> Someone:
    """Describe a pseudonymous person of the canary NGO, taking part in a level's initiative."""
    return person(
        "canary",
        (level,) if level else (),
        party=True,
        full_name=NAMES[key],
        alias=alias,
        designated_affiliation=AFFILIATIONS[key],
        birth_year=1970,
        **data,
    )


def _open(level: str) -> Someone:
    """Describe a named person of the open NGO, taking part in a level's initiative."""
    return person(
        "open_ngo",
        (level,),
        party=True,
        full_name=OPEN_NAMES[level],
        alias=OPEN_ALIASES[level],
        identity_visibility="named",
    )


def _canary_initiative(texts: tuple[str, str, str], level: str) -> Work:
    return initiative(
        "canary",
        funders=("donor",),
        in_region=True,
        title=texts[0],
        summary=f"About {texts[1]}",
        confidentiality=level,
    )


def _built() -> BuiltWorld:
    """Build the NGOs, their initiatives, people and channels, and the crawling users."""
    return build_world(
        scopes=("where", "there"),
        organisations={
            "canary": org(name="Quiet Channels Trust"),
            "open_ngo": org(name="Open Dialogue Centre"),
            "donor": org("donor", name="Peace Fund"),
            "hub": org("coordination_body", name="Envoy Support Unit"),
            "ops": org("other", name="Registry operators"),
            "ministry": org("government", name="Ministry of Negotiations"),
        },
        initiatives={
            "restricted": _canary_initiative(RESTRICTED_TEXT, "restricted"),
            "sealed": _canary_initiative(SEALED_TEXT, "sealed"),
            "public": initiative("open_ngo", title=PUBLIC_TITLE, confidentiality="public"),
            "registry": initiative("open_ngo", title=REGISTRY_TITLE),
            "border": initiative(
                "open_ngo", on="there", title="Border Traders Exchange", confidentiality="public"
            ),
        },
        people={
            "restricted": _canary(
                "restricted", "restricted", RESTRICTED_ALIAS, sector="religious", proximity=1
            ),
            "sealed": _canary("sealed", "sealed", SEALED_ALIAS, sector="religious", proximity=1),
            "unused": _canary("unused", None, UNUSED_ALIAS),
            "public": _open("public"),
            "registry": _open("registry"),
        },
        # A channel carried by the participant, and an institutional one: the body's focal
        # point lists a restricted initiative's transfer through it, without its title
        # (SPEC 8); sealed, never.
        channels={
            "restricted carried": Route("restricted", via="restricted"),
            "restricted direct": "restricted",
            "sealed carried": Route("sealed", via="sealed"),
            "sealed direct": "sealed",
            "public": "public",
            "registry": "registry",
        },
        users={
            "owner": member("canary"),
            "other_coordinator": member("hub", coordinates=("there",)),
            "member_editor": member("open_ngo"),
            "member_viewer": member("open_ngo", role="viewer"),
            "member_org_admin": member("open_ngo", role="org_admin"),
            "platform_admin": member("ops", role="platform_admin"),
            "funder": member("donor", role="viewer"),
            "focal_point": member("ministry", role="viewer"),
        },
    )


def _talks(made: BuiltWorld) -> int:
    """Record the canaries' transfers, one at a held round; return the round's id."""
    where = made.scopes["where"]
    calendar_round = rounds.create(
        SYSTEM,
        where.conflict.id,
        build(
            RoundInput,
            {
                "title": "Spring round of talks",
                "track_one_body_ids": [where.body.id],
                "starts_on": date(2026, 3, 10),
                "ends_on": date(2026, 3, 12),
                "agenda_issue_ids": [where.issue.id],
                "status": "held",
            },
        ),
    )
    round_id = calendar_round.id
    for level, texts in (("restricted", RESTRICTED_TEXT), ("sealed", SEALED_TEXT)):
        for way, kind, extra in (
            ("carried", "proposal", {"delivered_on": date(2026, 2, 1)}),
            (
                "direct",
                "briefing",
                {"delivered_on": date(2026, 3, 1), "round_id": calendar_round.id},
            ),
        ):
            transfers.create(
                SYSTEM,
                made.initiatives[level].id,
                build(
                    TransferInput,
                    {
                        "channel_id": made.channels[f"{level} {way}"].id,
                        "title": texts[2],
                        "kind": kind,
                        "issue_ids": [where.issue.id],
                        **extra,
                    },
                ),
            )
    focal_points.assign(SYSTEM, where.body.id, made.users["focal_point"].email)
    return round_id


@pytest.fixture
def world(app: Flask) -> World:
    made = _built()
    with one_transaction():
        round_id = _talks(made)
    editor = db.session.get(User, made.owner.id)
    for level, theirs in (("restricted", "registry"), ("sealed", "public")):
        coordination.propose(
            editor,
            build(
                LinkProposal,
                {
                    "initiative_a_id": made.initiatives[level].id,
                    "initiative_b_id": made.initiatives[theirs].id,
                    "kind": "sequencing",
                },
            ),
        )
    where, there = made.scopes["where"], made.scopes["there"]
    for conflict in (where.conflict, there.conflict):
        analysis.run(SYSTEM, conflict.id)
    ids = {key: made.initiatives[key].id for key in ("restricted", "sealed", "public", "registry")}
    return World(
        conflict_ids=(where.conflict.id, there.conflict.id),
        ids={
            "conflict_id": [where.conflict.id, there.conflict.id],
            "initiative_id": list(ids.values()),
            "person_id": [made.people[key].id for key in ("restricted", "sealed", "unused")],
            "organisation_id": [made.canary.id, made.open_ngo.id],
            "user_id": [made.owner.id],
            "record_id": [1, 2],
            "body_id": [where.body.id, there.body.id],
            "round_id": [round_id],
        },
        crawlers={
            **{key: user for key, user in made.users.items() if key != "owner"},
            "anonymous": None,
        },
        owner=made.owner,
    )


# What each crawler may read


def forbidden_for(kind: str) -> tuple[str, ...]:
    """Return the canaries this kind of user must never receive."""
    hidden = [*SEALED_TEXT, SEALED_ALIAS, UNUSED_ALIAS, *NAME_WORDS]
    if kind != "funder":  # a funder reads the restricted initiative and its participation rows
        hidden += [*RESTRICTED_TEXT, RESTRICTED_ALIAS]
    if not kind.startswith("member_"):  # the open NGO's own users read its people
        hidden += OPEN_WORDS
    return tuple(hidden)


# Reading responses


def text_of(response: Any) -> str:
    """Return everything a response carries as text: headers, body, and an XLSX's cells."""
    data = response.get_data()
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    parts = [headers, data.decode("utf-8", errors="replace")]
    if response.mimetype == XLSX_MIMETYPE or data.startswith(b"PK\x03\x04"):
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                parts.append(" ".join(str(cell) for cell in row if cell is not None))
        workbook.close()
    return "\n".join(parts)


class LinkParser(HTMLParser):
    """Collect the targets of links and GET forms."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("a", "area") and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "form" and (values.get("method") or "get").lower() == "get":
            self.links.append(values.get("action") or "")


def same_site(base: str, href: str) -> str | None:
    """Return the path and query of a same-site link worth crawling, or None."""
    if href.startswith(("mailto:", "javascript:", "tel:", "data:")):
        return None
    parts = urlsplit(urljoin(f"http://localhost{base}", href))
    if parts.netloc not in ("localhost", "") or parts.scheme not in ("http", "https"):
        return None
    if parts.path.startswith("/static/") or parts.path.rstrip("/") == "/signout":
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


@dataclass
class Visit:
    """What a crawl fetched."""

    bodies: dict[str, str] = field(default_factory=dict)  # URL -> text
    statuses: dict[str, int] = field(default_factory=dict)


def variants(link: str, ids: dict[str, list[int]]) -> list[str]:
    """Return the link with each id of the world in place of an id in its query string
    (e.g. /links/new?initiative_id=3 also as ?initiative_id=1, a hidden initiative)."""
    parts = urlsplit(link)
    query = parse_qsl(parts.query, keep_blank_values=True)
    found = []
    for index, (name, value) in enumerate(query):
        pool = ids["conflict_id"] if "conflict" in name else ids["initiative_id"]
        if not value.isdigit() or not (
            "initiative" in name or "conflict" in name or name == "from"
        ):
            continue
        for other in pool:
            changed = [*query[:index], (name, str(other)), *query[index + 1 :]]
            found.append(urlunsplit(("", "", parts.path, urlencode(changed), "")))
    return found


def crawl(
    client: FlaskClient,
    starts: Iterable[str],
    ids: dict[str, list[int]],
    seen: Visit,
) -> None:
    """Fetch pages breadth first from `starts`, following same-site links and redirects."""
    queue = deque(url for url in starts if url not in seen.bodies)
    budget = MAX_PAGES
    while queue and budget:
        url = queue.popleft()
        if url in seen.bodies:
            continue
        budget -= 1
        response = client.get(url)
        seen.bodies[url] = text_of(response)
        seen.statuses[url] = response.status_code
        targets = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets.append(response.headers.get("Location", ""))
        elif response.mimetype == "text/html":
            parser = LinkParser()
            parser.feed(response.get_data(as_text=True))
            targets.extend(parser.links)
        for href in targets:
            link = same_site(url, href)
            if link is not None:
                queue.extend(u for u in (link, *variants(link, ids)) if u not in seen.bodies)


def filled(rule: Rule, ids: dict[str, list[int]]) -> Iterator[str]:
    """Yield the rule's URL with each combination of ids (and `any(...)` choices) filled in."""
    choices: list[list[tuple[str, str]]] = []
    for name in sorted(rule.arguments):
        converter = rule._converters[name]  # werkzeug keeps no public accessor
        options = getattr(converter, "items", None)
        values = sorted(options) if options else [str(v) for v in ids.get(name, [])]
        if not values:
            return
        choices.append([(name, value) for value in values])
    for combination in product(*choices):
        url = rule.rule
        for name, value in combination:
            url = re.sub(rf"<[^>]*:{name}>|<{name}>", value, url)
        yield url


def page_urls(app: Flask, ids: dict[str, list[int]]) -> list[str]:
    """Return the start pages, then every GET page with its ids filled in."""
    urls = [*START_PAGES, *registry_filters(ids)]
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.rule.startswith(("/api/", "/static/")):
            continue
        urls.extend(filled(rule, ids))
    return list(dict.fromkeys(urls))


def registry_filters(ids: dict[str, list[int]]) -> list[str]:
    """The public registry filtered by each conflict, sponsor and a status (GET forms' targets)."""
    return [
        *(f"/registry?conflict_id={i}" for i in ids["conflict_id"]),
        *(f"/registry?sponsor_id={i}" for i in ids["organisation_id"]),
        "/registry?status=active",
    ]


def api_urls(app: Flask, ids: dict[str, list[int]]) -> list[str]:
    """Return every API GET: lists without variables, per-conflict reads, exports, and
    the reads of each canary object by id."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or "GET" not in (rule.methods or ()):
            continue
        for url in filled(rule, ids):
            urls.append(f"{url}?page_size=500")
    for conflict_id in ids["conflict_id"]:
        for fmt in ("csv", "xlsx"):
            urls.append(f"/api/v1/exports/initiatives?format={fmt}&conflict_id={conflict_id}")
        for fmt in ("cytoscape", "gexf", "graphml"):
            urls.append(f"/api/v1/conflicts/{conflict_id}/overlap-map?format={fmt}")
    for fmt in ("csv", "xlsx"):
        urls.append(f"/api/v1/exports/initiatives?format={fmt}")
        urls.append(f"/api/v1/exports/initiatives?format={fmt}&hxl=true")
        urls.append(f"/api/v1/imports/initiatives/template?format={fmt}")
    return list(dict.fromkeys(urls))


# The crawl


CRAWLERS = (
    "member_editor",
    "member_viewer",
    "member_org_admin",
    "platform_admin",
    "funder",
    "other_coordinator",
    "focal_point",
    "anonymous",
)


def leaks(visit: Visit, forbidden: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return (URL, canary) for each canary found in a URL visited or in its response."""
    found = []
    for url, text in visit.bodies.items():
        haystack = f"{url}\n{text}".lower()
        found += [(url, canary) for canary in forbidden if canary.lower() in haystack]
    return found


def logged_names(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return the canary name words found in anything logged during the test."""
    records = [*caplog.get_records("setup"), *caplog.get_records("call")]
    logged = "\n".join(
        [caplog.text, *(f"{r.getMessage()} {r.exc_text or ''} {r.__dict__!r}" for r in records)]
    ).lower()
    return [word for word in NAME_WORDS if word.lower() in logged]


def crawl_pages(app: Flask, world: World, kind: str) -> Visit:
    """Crawl the pages as a browser signed in as this kind of user would."""
    browser = app.test_client()
    if world.crawlers[kind] is not None:
        sign_in_as(browser, world.crawlers[kind])
    pages = Visit()
    crawl(browser, page_urls(app, world.ids), world.ids, pages)
    return pages


def call_api(app: Flask, world: World, kind: str) -> Visit:
    """Call every API read with this kind of user's bearer token."""
    user = world.crawlers[kind]
    headers = bearer_for(user) if user is not None else {}
    client = app.test_client()  # no cookie: the token alone
    calls = Visit()
    for url in api_urls(app, world.ids):
        response = client.get(url, headers=headers)
        calls.bodies[url] = text_of(response)
        calls.statuses[url] = response.status_code
    return calls


def assert_reached_real_content(kind: str, visit: Visit) -> None:
    """Check that the crawl read real pages, so that finding no canary means something."""
    everything = "\n".join(visit.bodies.values())
    assert len(visit.bodies) >= 10
    assert PUBLIC_TITLE in everything
    if kind != "anonymous":
        assert REGISTRY_TITLE in everything
    if kind == "funder":  # the funder legitimately reads the restricted initiative
        assert RESTRICTED_TEXT[0] in everything
    if kind == "focal_point":  # its inbox lists the restricted transfer, without its title
        assert "an initiative you may not see" in everything
    errors = {url: status for url, status in visit.statuses.items() if status >= 500}
    assert not errors


@pytest.mark.parametrize("kind", CRAWLERS)
def test_no_page_reached_by_links_shows_a_hidden_canary(
    app: Flask, world: World, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    caplog.set_level(logging.DEBUG)

    pages = crawl_pages(app, world, kind)

    assert_reached_real_content(kind, pages)
    assert leaks(pages, forbidden_for(kind)) == []
    assert logged_names(caplog) == []


@pytest.mark.parametrize("kind", CRAWLERS)
def test_no_api_list_read_or_export_shows_a_hidden_canary(
    app: Flask, world: World, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    caplog.set_level(logging.DEBUG)

    calls = call_api(app, world, kind)

    assert_reached_real_content(kind, calls)
    if kind == "funder":  # participation rows of the restricted initiative show aliases
        assert RESTRICTED_ALIAS in "\n".join(calls.bodies.values())
    assert leaks(calls, forbidden_for(kind)) == []
    assert logged_names(caplog) == []


def test_the_anonymous_crawl_browses_the_public_registry_and_nothing_more(
    app: Flask, world: World
) -> None:
    pages = crawl_pages(app, world, "anonymous")
    *hidden, public_id, registry_id = world.ids["initiative_id"]

    registry = {url: body for url, body in pages.bodies.items() if url.startswith("/registry")}
    assert pages.statuses[f"/registry/{public_id}"] == 200
    assert PUBLIC_TITLE in pages.bodies[f"/registry/{public_id}"]
    assert all(pages.statuses[f"/registry/{i}"] == 404 for i in (*hidden, registry_id))
    filtered = [url for url in registry if "?" in url and pages.statuses[url] == 200]
    assert len(filtered) >= len(registry_filters(world.ids))
    assert not [url for url, body in registry.items() if REGISTRY_TITLE in body]
    assert not [url for url, body in registry.items() if "Peace Fund" in body]  # a funder


CONTROLS = {
    "owner": (
        *RESTRICTED_TEXT,
        RESTRICTED_ALIAS,
        *SEALED_TEXT,
        SEALED_ALIAS,
        UNUSED_ALIAS,
        *NAME_WORDS,
    ),
    "member_editor": OPEN_WORDS,
}


@pytest.mark.parametrize("kind", sorted(CONTROLS))
def test_the_crawl_finds_canaries_where_their_owner_may_read_them(
    app: Flask, world: World, kind: str
) -> None:
    """The control: the detector sees each canary when crawling as the organisation owning it."""
    world.crawlers.setdefault("owner", world.owner)
    expected = CONTROLS[kind]

    found = {canary for _, canary in leaks(crawl_pages(app, world, kind), expected)}
    found |= {canary for _, canary in leaks(call_api(app, world, kind), expected)}

    assert found == set(expected)


# Masked secrets


class InputParser(HTMLParser):
    """Collect every <input> of a page as its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input":
            self.inputs.append(dict(attrs))


def inputs_of(visit: Visit) -> Iterator[tuple[str, dict[str, str | None]]]:
    """Yield (URL, attributes) for each <input> of each page visited."""
    for url, text in visit.bodies.items():
        parser = InputParser()
        parser.feed(text)
        yield from ((url, attrs) for attrs in parser.inputs)


def unmasked_inputs(visit: Visit) -> list[tuple[str, dict[str, str | None]]]:
    """Return (URL, input) for each secret input shown as text and each input of no real type."""
    found = []
    for url, attrs in inputs_of(visit):
        name = (attrs.get("name") or "").lower()
        kind = (attrs.get("type") or "text").lower()
        secret = "password" in name or name in ("totp_code", "recovery_code")
        if (secret and kind != "password") or kind in ("none", ""):
            found.append((url, attrs))
    return found


@pytest.mark.parametrize("kind", ["anonymous", "member_org_admin", "platform_admin"])
def test_every_password_input_of_every_page_is_masked(app: Flask, world: World, kind: str) -> None:
    pages = crawl_pages(app, world, kind)

    password_inputs = [a for _, a in inputs_of(pages) if "password" in (a.get("name") or "")]
    assert password_inputs  # the crawl met the sign-in, account or admin forms
    assert unmasked_inputs(pages) == []
    assert all(attrs.get("autocomplete") for attrs in password_inputs)
