"""Triage in a real browser: the coordinator reads the summary, dismisses a finding (refused
without a reason, kept with one, the page staying at it and its history saying who and
when), proposes coordination from an overlap finding, and an editor of each sponsor agrees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from tests.factories import (
    reference,
)
from tests.helpers import PASSWORD
from tests.helpers.browser import sign_in
from tests.world import build_world, initiative, member, org, place

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Field:
    """Who takes part, as plain values the browser thread reads."""

    conflict_id: int
    coordinator: str
    editors: tuple[str, str]


@pytest.fixture
def world(live_app: Flask) -> Field:
    """Two NGOs' initiatives on a conflict with an issue nobody covers, and its coordinator."""
    made = build_world(
        scopes={"where": place(name="Valley conflict")},
        organisations={
            "first": org(name="Amani Bridges"),
            "second": org(name="Kerio Partners"),
            "hub": org("coordination_body", name="Envoy Support Unit"),
        },
        initiatives={
            "wells": initiative("first", title="Wells dialogue"),
            "river": initiative("second", title="River talks"),
        },
        users={
            "coordinator": member(
                "hub",
                "viewer",
                ("where",),
                display_name="Ana Envoy",
                password=PASSWORD,
            ),
            "first_editor": member("first", password=PASSWORD),
            "second_editor": member("second", password=PASSWORD),
        },
    )
    reference("issue", made.conflict.id, name="Grazing routes")
    return Field(
        conflict_id=made.conflict.id,
        coordinator=made.coordinator.email,
        editors=(made.first_editor.email, made.second_editor.email),
    )


def dismiss(page: Any, world: Field) -> dict[str, Any]:
    """The coordinator dismisses the gap: first without a reason, then with one."""
    sign_in(page, world.coordinator)
    page.goto(f"/conflicts/{world.conflict_id}/findings")
    summary = page.locator("#findings-summary").is_visible()
    gap = page.locator("li.finding", has_text="covers Grazing routes")
    gap.get_by_text("Triage").click()
    gap.get_by_label("Status").select_option("dismissed")
    gap.get_by_role("button", name="Save").click()
    refused = page.locator("li.finding", has_text="covers Grazing routes")
    refused_error = refused.locator(".invalid-feedback").first.inner_text()
    refused.get_by_label("Status").select_option("dismissed")
    refused.get_by_label("Why (required to dismiss)").fill("Track One handles it")
    refused.get_by_role("button", name="Save").click()
    page.wait_for_url("**#finding-*")
    kept = page.locator("li.finding", has_text="covers Grazing routes")
    kept.get_by_text("History").click()
    return {
        "summary": summary,
        "refused": refused_error,
        "anchor": page.url.split("#")[1],
        "id": kept.get_attribute("id"),
        "status": kept.locator(".finding-status").inner_text(),
        "history": kept.locator(".finding-history").inner_text(),
    }


def propose_and_agree(page: Any, world: Field) -> str:
    """The coordinator proposes from the overlap; an editor of each sponsor agrees."""
    sign_in(page, world.coordinator)
    page.goto(f"/conflicts/{world.conflict_id}/findings")
    overlap = page.locator("li.finding", has_text="Wells dialogue and River talks")
    overlap.get_by_text("Propose coordination").first.click()
    overlap.get_by_role("button", name="Propose coordination").click()
    page.get_by_text("Coordination proposed").wait_for()
    said = []
    for editor in world.editors:
        sign_in(page, editor)
        page.goto("/links/")
        page.get_by_role("button", name="Agree").first.click()
        said.append(page.locator(".alert-success").first.inner_text())
    return said


def test_a_coordinator_triages_and_proposes_and_both_sponsors_agree(
    in_browser: Any, world: Field
) -> None:
    seen = in_browser(lambda page: dismiss(page, world))
    assert seen["summary"]
    assert "say why you dismiss" in seen["refused"].lower()
    assert seen["anchor"] == seen["id"] and seen["status"] == "dismissed"
    assert "Ana Envoy (Envoy Support Unit)" in seen["history"]
    assert "UTC" in seen["history"] and "Track One handles it" in seen["history"]
    first, second = in_browser(lambda page: propose_and_agree(page, world))
    assert "the other sponsor has yet to answer" in first
    assert "The request is agreed." in second
