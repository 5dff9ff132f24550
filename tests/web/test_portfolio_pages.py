"""The donor's portfolio: what it funds by conflict, counted from the registered data."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
import sqlalchemy as sa

from registry.extensions import db
from registry.models import Conflict, Initiative, Organisation, TransferEvent, User
from registry.services import initiatives
from registry.services.inputs import build
from registry.services.inputs.initiatives import InitiativeChanges
from tests.factories import SYSTEM, OrganisationFactory, UserFactory, editor_of
from tests.helpers import sign_in_as
from tests.helpers.http import PASSWORD
from tests.world import load_demo


@pytest.fixture
def loaded(app) -> dict[str, Any]:
    """The demo, its donor's viewer, an NGO editor and a donor that funds nothing."""
    by_email = load_demo()
    stranger = OrganisationFactory(kind="donor", name="Donor funding nothing")
    return {
        "donor": by_email["viewer.northwind@demo.example.org"],
        "editor": by_email["editor.amani@demo.example.org"],
        "stranger": editor_of(stranger.id, role="viewer"),
    }


def funded_by(organisation_id: int) -> list[Initiative]:
    """The initiatives an organisation funds that it may read whole (not sealed)."""
    rows = db.session.scalars(sa.select(Initiative)).all()
    return [
        row
        for row in rows
        if organisation_id in {f.id for f in row.funders}
        and (row.confidentiality != "sealed" or row.sponsor_id == organisation_id)
    ]


def page(client, user: User, url: str = "/portfolio") -> str:
    response = sign_in_as(client, user).get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_portfolio_lists_what_the_donor_funds_by_conflict(client, loaded) -> None:
    html = page(client, loaded["donor"])
    expected = funded_by(loaded["donor"].organisation_id)
    assert expected and any(row.confidentiality == "restricted" for row in expected)
    shown = re.findall(r'<h3 class="h5" id="initiative-(\d+)">', html)
    assert sorted(map(int, shown)) == sorted(row.id for row in expected)
    for conflict_id in {row.conflict_id for row in expected}:
        assert db.session.get(Conflict, conflict_id).name in html


def test_each_funded_initiative_shows_its_transfers(client, loaded) -> None:
    html = page(client, loaded["donor"])
    for row in funded_by(loaded["donor"].organisation_id):
        article = html.split(f'id="initiative-{row.id}"')[1].split("</article>")[0]
        count = db.session.scalar(
            sa.select(sa.func.count()).where(TransferEvent.initiative_id == row.id)
        )
        assert article.count("<tr><td>") == count, row.title


def test_a_sealed_initiative_the_donor_funds_stays_out(client, loaded) -> None:
    sealed = db.session.scalar(sa.select(Initiative).filter_by(confidentiality="sealed"))
    donor = loaded["donor"].organisation_id
    initiatives.update(SYSTEM, sealed.id, build(InitiativeChanges, {"funder_ids": [donor]}))
    html = page(client, loaded["donor"])
    assert sealed.title not in html
    assert sealed.title not in page(client, loaded["donor"], "/home")


def test_the_gaps_say_what_is_uncovered_and_unfunded(client, loaded) -> None:
    html = page(client, loaded["donor"])
    assert "Gaps beside your portfolio" in html
    assert "Uncovered and unfunded" in html
    assert not re.search(r"\b(issue|region|party|body|initiative|initiatives) \d+", html, re.I)


def test_the_csv_has_one_row_per_funded_initiative_in_names(client, loaded) -> None:
    sign_in_as(client, loaded["donor"])
    response = client.get("/portfolio.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    expected = funded_by(loaded["donor"].organisation_id)
    assert rows[0][:2] == ["Conflict", "Initiative"]
    assert sorted(r[1] for r in rows[1:]) == sorted(row.title for row in expected)
    by_title = {r[1]: r for r in rows[1:]}
    for row in expected:
        count = db.session.scalar(
            sa.select(sa.func.count()).where(TransferEvent.initiative_id == row.id)
        )
        assert by_title[row.title][9] == str(count)


def test_the_home_page_links_the_portfolio_only_for_a_funder(client, loaded) -> None:
    donor_home = page(client, loaded["donor"], "/home")
    assert "Your portfolio" in donor_home and 'href="/portfolio"' in donor_home
    assert "Your portfolio" not in page(client, loaded["editor"], "/home")


def test_the_menu_offers_the_portfolio_only_to_a_funder(client, loaded) -> None:
    menu = 'href="/portfolio">Portfolio</a>'
    assert menu in page(client, loaded["donor"], "/search")
    assert menu not in page(client, loaded["editor"], "/search")
    assert menu not in page(client, loaded["stranger"], "/search")


def test_a_donor_funding_nothing_is_told_so(client, loaded) -> None:
    html = page(client, loaded["stranger"])
    assert "Your organisation funds no initiative you may see." in html
    assert db.session.get(Organisation, loaded["stranger"].organisation_id).kind == "donor"


def test_the_portfolio_asks_a_visitor_to_sign_in(client) -> None:
    response = client.get("/portfolio")
    assert response.status_code in (302, 401)


DEMO_PASSWORDS = {  # the demo's published passwords
    "donor": "demo-northwind-viewer-2026",
    "editor": "demo-amani-editor-2026",
}


@pytest.mark.parametrize(
    ("who", "lands"),
    [
        ("donor", "/portfolio"),  # a donor that funds initiatives: its home is the portfolio
        ("stranger", "/home"),  # a donor that funds nothing has no portfolio to start at
        ("editor", "/home"),  # an NGO's user
    ],
)
def test_signing_in_lands_each_user_at_its_home(client, loaded, who: str, lands: str) -> None:
    if who in DEMO_PASSWORDS:
        form = {"email": loaded[who].email, "password": DEMO_PASSWORDS[who]}
    else:
        viewer = UserFactory(organisation_id=loaded[who].organisation_id, role="viewer")
        form = {"email": viewer.email, "password": PASSWORD}

    landed = client.post("/signin", data=form)
    asked = client.post("/signin?next=/search", data=form)

    assert landed.status_code == 302 and landed.headers["Location"] == lands
    assert asked.headers["Location"] == "/search"  # the page asked for wins
