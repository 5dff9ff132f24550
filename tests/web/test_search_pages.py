"""Search: the initiatives the reader may see, by title, summary and sponsor's name."""

from __future__ import annotations

import re

import pytest

from tests.helpers import sign_in_as
from tests.world import World, build_world, initiative, member, org


@pytest.fixture
def world(app) -> World:
    """A registry-level initiative, a restricted one with a funder and a sealed one."""
    return build_world(
        organisations={
            "open_ngo": org(name="Open Wells Centre"),
            "quiet": org(name="Quiet Trust"),
            "donor": org("donor", name="Wells Fund"),
        },
        initiatives={
            "open": initiative("open_ngo", title="Valley dialogue", summary="Sharing of wells"),
            "restricted": initiative(
                "quiet",
                funders=("donor",),
                title="Restricted wells retreat",
                confidentiality="restricted",
            ),
            "sealed": initiative("quiet", title="Sealed wells channel", confidentiality="sealed"),
            "discount": initiative("quiet", title="Discount 100% talks"),
        },
        users={
            "member": member("open_ngo"),
            "funder": member("donor", role="viewer"),
            "sponsor": member("quiet"),
        },
    )


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
