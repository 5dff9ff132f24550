"""Search: the initiatives the reader may see, by title, summary and sponsor's name."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.factories import OrganisationFactory, editor_of, initiative_on, scope, sign_in_as


@pytest.fixture
def world(app) -> dict[str, Any]:
    """A registry-level initiative, a restricted one with a funder and a sealed one."""
    where = scope()
    open_ngo = OrganisationFactory(name="Open Wells Centre")
    quiet = OrganisationFactory(name="Quiet Trust")
    donor = OrganisationFactory(name="Wells Fund", kind="donor")
    initiative_on(where, open_ngo.id, title="Valley dialogue", summary="Sharing of wells")
    initiative_on(
        where,
        quiet.id,
        title="Restricted wells retreat",
        confidentiality="restricted",
        funder_ids=[donor.id],
    )
    initiative_on(where, quiet.id, title="Sealed wells channel", confidentiality="sealed")
    initiative_on(where, quiet.id, title="Discount 100% talks")
    return {
        "member": editor_of(open_ngo.id),
        "funder": editor_of(donor.id, role="viewer"),
        "sponsor": editor_of(quiet.id),
    }


def found(client, user, text: str) -> list[str]:
    response = sign_in_as(client, user).get("/search", query_string={"q": text})
    assert response.status_code == 200
    return sorted(
        re.findall(r'<h2 class="h6 mb-1"><a href="/initiatives/\d+">([^<]+)</a>', response.text)
    )


def test_search_finds_by_title_summary_and_sponsor_within_what_the_reader_sees(
    client, world
) -> None:
    assert found(client, world["member"], "wells") == ["Valley dialogue"]
    assert found(client, world["member"], "quiet trust") == ["Discount 100% talks"]


def test_a_funder_finds_the_restricted_initiative_it_funds_but_not_the_sealed_one(
    client, world
) -> None:
    assert found(client, world["funder"], "wells") == [
        "Restricted wells retreat",
        "Valley dialogue",
    ]


def test_the_sponsor_finds_its_own_sealed_initiative(client, world) -> None:
    assert "Sealed wells channel" in found(client, world["sponsor"], "sealed")


def test_wildcards_are_taken_literally(client, world) -> None:
    assert found(client, world["member"], "100%") == ["Discount 100% talks"]
    assert found(client, world["member"], "%") == ["Discount 100% talks"]
    assert found(client, world["member"], "_") == []


def test_an_anonymous_visitor_is_asked_to_sign_in(client) -> None:
    response = client.get("/search", query_string={"q": "wells"})
    assert response.status_code in (302, 401)
    assert "Valley dialogue" not in response.get_data(as_text=True)
