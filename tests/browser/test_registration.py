"""An NGO editor registers initiatives in a real browser: steps, errors, participants, channels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.extensions import db
from registry.models import Participation, TransferChannel
from tests.factories import (
    OrganisationFactory,
    Scope,
    initiative_on,
    reference,
    scope,
)
from tests.helpers import PASSWORD
from tests.helpers.browser import sign_in
from tests.world import build_world, member, org, place

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Desk:
    """An NGO editor and a conflict's reference data, as plain values the browser thread reads."""

    conflict_id: int
    organisation_id: int
    email: str
    issue: str
    party: str
    body: str
    second_body: str


@pytest.fixture
def desk(live_app: Flask) -> Desk:
    made = build_world(
        scopes={"where": place(name="Valley conflict")},
        organisations={"ngo": org(name="Amani Bridges")},
        users={"editor": member("ngo", password=PASSWORD)},
    )
    reference("party", made.conflict.id, name="Upland herders")
    second_body = reference("track_one_body", made.conflict.id, name="Joint commission")
    return Desk(
        conflict_id=made.conflict.id,
        organisation_id=made.ngo.id,
        email=made.editor.email,
        issue=made.issue.name,
        party=made.party.name,
        body=made.body.name,
        second_body=second_body.name,
    )


def fill_scope(page: Any, desk: Desk, end_date: str) -> None:
    """Fill step 1 as a programme officer would, by the visible labels."""
    page.get_by_label("Title").fill("Upland water dialogue")
    page.get_by_label(desk.issue).check()
    page.get_by_label("Start date").fill("2026-03-01")
    page.get_by_label("End date").fill(end_date)
    page.get_by_label("Status").select_option("active")
    page.get_by_label("Track 1.5: officials take part in a private capacity").check()
    page.get_by_label("Proposals for Track One", exact=False).check()
    page.get_by_label("Method").select_option("problem_solving_workshop")
    page.get_by_label("Restricted").check()


def add_new_person(page: Any, name: str, party: str) -> None:
    """Register someone new on the participants step and add them."""
    form = page.locator("form", has=page.get_by_role("button", name="Register and add"))
    form.get_by_label("Full name").fill(name)
    form.get_by_label("Female").check()
    form.get_by_label("Sector").select_option("civil_society")
    form.get_by_label("2: one step removed from decision makers").check()
    form.get_by_label("Party they come from").select_option(label=party)
    form.get_by_role("button", name="Register and add").click()
    page.get_by_text("The person is registered and added.").wait_for()


def add_channel(page: Any, body: str, carrier: str | None) -> None:
    """Add a channel on step 3, carried by a participant or institutional."""
    page.get_by_label("Track One body it reaches").select_option(label=body)
    page.get_by_label("How the output gets there").select_option("direct_briefing")
    if carrier:  # offered as "pseudonym: full name"
        carried_by = page.get_by_label("Carried by")
        carried_by.select_option(
            carried_by.locator("option", has_text=carrier).get_attribute("value")
        )
    page.get_by_role("button", name="Add the channel").click()
    page.get_by_text("The channel is added.").wait_for()


def register_with_an_error_then_fix_it(page: Any, desk: Desk) -> None:
    """Register an initiative, meet a validation error, fix it, add a participant and a channel."""
    sign_in(page, desk.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Initiatives").click()
    page.get_by_role("link", name="Register an initiative").click()
    page.get_by_label("Valley conflict").check()
    page.get_by_role("button", name="Continue").click()

    fill_scope(page, desk, end_date="2026-01-15")
    page.get_by_role("button", name="Save and continue to participants").click()

    error = page.locator("#end_date-error")
    assert error.inner_text() == "The end date must not be before the start date."
    assert page.get_by_label("End date").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Title").input_value() == "Upland water dialogue"
    assert page.get_by_label(desk.issue).is_checked()
    page.get_by_role("link", name="End date").click()  # the summary links to the field

    page.get_by_label("End date").fill("2026-12-31")
    page.get_by_role("button", name="Save and continue to participants").click()
    page.get_by_text("Step 2 of 4: who takes part").wait_for()

    add_new_person(page, "Amina Yusuf", "Upland herders")
    page.get_by_role("link", name="Continue to channels to Track One").click()
    add_channel(page, desk.body, carrier="Amina Yusuf")
    assert page.get_by_role("cell", name=desk.body, exact=True).is_visible()


def find_it_in_the_table(page: Any) -> None:
    """Find the new initiative in the organisation's table, then its participant on its page."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Initiatives").click()
    row = page.get_by_role("row", name="Upland water dialogue")
    assert "Active" in row.inner_text()
    assert "2026-03-01 – 2026-12-31" in row.inner_text()
    row.get_by_role("link", name="Upland water dialogue", exact=True).click()
    assert page.get_by_role("cell", name="Amina Yusuf", exact=True).is_visible()


def test_editor_registers_an_initiative_fixes_an_error_and_finds_it_in_the_table(
    in_browser: Any, desk: Desk
) -> None:
    def scenario(page: Any) -> None:
        register_with_an_error_then_fix_it(page, desk)
        find_it_in_the_table(page)

    in_browser(scenario)


def test_editor_registers_ten_participants_and_two_channels(in_browser: Any, desk: Desk) -> None:
    initiative_id = initiative_on(scope_of(desk), desk.organisation_id, title="Elders forum").id

    def scenario(page: Any) -> None:
        sign_in(page, desk.email)
        page.goto(f"/initiatives/{initiative_id}/participants")
        for n in range(1, 11):
            add_new_person(page, f"Participant Number{n}", desk.party)
        page.get_by_role("link", name="Continue to channels to Track One").click()
        add_channel(page, desk.body, carrier="Participant Number3")
        add_channel(page, desk.second_body, carrier=None)
        page.get_by_role("link", name="View the initiative").click()
        assert page.get_by_role("cell", name="Participant Number10", exact=True).is_visible()

    in_browser(scenario)

    db.session.rollback()  # read what the server wrote, not an older snapshot
    rows = sa.select(sa.func.count()).select_from(Participation)
    assert db.session.scalar(rows.where(Participation.initiative_id == initiative_id)) == 10
    channels = sa.select(sa.func.count()).select_from(TransferChannel)
    assert db.session.scalar(channels.where(TransferChannel.initiative_id == initiative_id)) == 2


def test_proposal_form_offers_only_initiatives_of_the_chosen_conflict(
    in_browser: Any, desk: Desk
) -> None:
    ours = initiative_on(scope_of(desk), desk.organisation_id, title="Our dialogue").id
    other_org = OrganisationFactory(name="Kerio Partners").id
    initiative_on(scope_of(desk), other_org, title="Their forum")
    initiative_on(scope(name="Border dispute"), other_org, title="Border talks")

    def scenario(page: Any) -> None:
        sign_in(page, desk.email)
        page.goto("/links/new")
        page.get_by_label("Your initiative").select_option(str(ours))
        other = page.get_by_label("The initiative to coordinate with")
        assert other.locator("optgroup[label='Border dispute']").get_attribute("hidden") is not None
        assert other.locator("optgroup[label='Valley conflict']").get_attribute("hidden") is None
        other.select_option(label="Their forum (Kerio Partners)")
        page.get_by_label("Sequencing").check()
        page.get_by_role("button", name="Send the proposal").click()
        assert page.get_by_text("Waiting for the other side").is_visible()

    in_browser(scenario)


def scope_of(desk: Desk) -> Any:
    """Return the desk's conflict with its first issue, as initiative_on expects."""
    from registry.models import Conflict, Issue

    conflict = db.session.get(Conflict, desk.conflict_id)
    issue = db.session.scalar(sa.select(Issue).filter_by(conflict_id=conflict.id, name=desk.issue))
    return Scope(conflict=conflict, issue=issue, region=None, party=None, body=None)
