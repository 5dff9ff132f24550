"""Triage in a real browser: the coordinator reads the summary, dismisses a finding (refused
without a reason, kept with one, the page staying at it and its history saying who and
when), proposes coordination from an overlap finding, and an editor of each sponsor agrees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from registry.services import users
from tests.factories import (
    SYSTEM,
    OrganisationFactory,
    UserFactory,
    initiative_on,
    reference,
    scope,
)
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Field:
    """Who takes part, as plain values the browser thread reads."""

    conflict_id: int
    coordinator: str
    editors: tuple[str, str]


@pytest.fixture
def world(live_app: Flask) -> Field:
    where = scope(name="Valley conflict")
    reference("issue", where.conflict.id, name="Grazing routes")
    first, second = (
        OrganisationFactory(name="Amani Bridges"),
        OrganisationFactory(name="Kerio Partners"),
    )
    hub = OrganisationFactory(name="Envoy Support Unit", kind="coordination_body")
    for ngo, title in ((first, "Wells dialogue"), (second, "River talks")):
        initiative_on(where, ngo.id, title=title)
    coordinator = UserFactory(organisation_id=hub.id, role="viewer", display_name="Ana Envoy")
    users.assign_coordinator(SYSTEM, coordinator.id, where.conflict.id)
    return Field(
        conflict_id=where.conflict.id,
        coordinator=coordinator.email,
        editors=(
            UserFactory(organisation_id=first.id).email,
            UserFactory(organisation_id=second.id).email,
        ),
    )


def sign_in(page: Any, email: str) -> None:
    """Sign in through the form, after forgetting whoever was signed in."""
    page.context.clear_cookies()
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home")


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
