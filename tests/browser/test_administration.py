"""A platform admin, in a real browser: creates a conflict, assigns its coordinator, changes a
user's role and reads the audit log, in names."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from registry.extensions import db
from registry.models import ConflictCoordinator, User
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def operators(live_app: Flask) -> None:
    ops = OrganisationFactory(name="Registry operators", kind="other")
    hub = OrganisationFactory(name="Envoy Support Unit", kind="coordination_body")
    UserFactory(
        organisation_id=ops.id,
        role="platform_admin",
        email="pat@ops.example",
        display_name="Pat Operator",
    )
    UserFactory(
        organisation_id=hub.id,
        role="editor",
        email="cora@hub.example",
        display_name="Cora Wanjiru",
        password=None,
    )


def administer(page: Any) -> str:
    page.goto("/signin")
    page.get_by_label("Email").fill("pat@ops.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Conflicts and coordinators").first.click()

    page.get_by_label("Name", exact=True).fill("Ilemi Triangle")
    page.get_by_label("Short name in addresses", exact=False).fill("Ilemi triangle")
    page.get_by_label("Track One status").select_option("exploratory")
    page.get_by_label("Escalation stage").select_option("segregation")
    page.get_by_role("button", name="Register the conflict").click()
    error = page.locator("#conflict-slug ~ .invalid-feedback")
    assert "lower-case" in error.inner_text()
    page.get_by_label("Short name in addresses", exact=False).fill("ilemi-triangle")
    page.get_by_role("button", name="Register the conflict").click()
    page.get_by_text("Ilemi Triangle is registered").wait_for()

    page.get_by_label("Email of the user to assign").fill("cora@hub.example")
    page.get_by_role("button", name="Assign as coordinator").click()
    page.get_by_text("Cora Wanjiru now coordinates this conflict.").wait_for()

    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Users").click()
    page.get_by_role("link", name="Cora Wanjiru").click()
    page.get_by_role("combobox", name="Role").select_option("org_admin")
    page.get_by_role("button", name="Change the role").click()
    page.get_by_text("Cora Wanjiru is now org admin.").wait_for()

    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Audit log"
    ).click()
    page.get_by_label("What").select_option(label="coordinator: assigned a coordinator to")
    page.get_by_role("button", name="Filter").click()
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    return f"{width}\n" + page.locator("table").inner_text()


def test_platform_admin_creates_a_conflict_assigns_a_coordinator_changes_a_role_and_reads_the_log(
    in_browser: Any, operators: None, live_app: Flask
) -> None:
    width, table = in_browser(administer).split("\n", 1)
    assert int(width) <= 390  # the page does not scroll sideways; the table scrolls in its box
    assert "Pat Operator" in table and "Registry operators" in table
    assert "assigned a coordinator to" in table and "Ilemi Triangle" in table
    assert "Cora Wanjiru (Envoy Support Unit)" in table
    with live_app.app_context():
        cora = db.session.scalar(sa.select(User).where(User.email == "cora@hub.example"))
        assert cora.role == "org_admin"
        assert db.session.scalar(
            sa.select(ConflictCoordinator).where(ConflictCoordinator.user_id == cora.id)
        )
