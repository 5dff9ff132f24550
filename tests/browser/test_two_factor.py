"""A coordinator required to use two factors enrols on /account and signs in with a code."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import pyotp
import pytest
from flask import Flask

from registry.services import users
from tests.factories import SYSTEM, ConflictFactory, OrganisationFactory, UserFactory
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("REGISTRY_SCREENSHOTS")  # a folder, to look at the pages by hand


@dataclass(frozen=True)
class Coordinator:
    email: str
    conflict_id: int


@pytest.fixture
def coordinator(live_app: Flask) -> Coordinator:
    """Return a coordinator of a conflict, who must enrol (coordinators need two factors)."""
    live_app.config["TWO_FACTOR_ROLES"] = frozenset({"coordinator"})
    organisation = OrganisationFactory(name="Peace Coordination Secretariat")
    user = UserFactory(email="coordinator@example.org", organisation_id=organisation.id)
    conflict = ConflictFactory(name="Valley conflict")
    users.assign_coordinator(SYSTEM, user.id, conflict.id)
    return Coordinator(email=user.email, conflict_id=conflict.id)


def shoot(page: Any, name: str) -> None:
    """Keep a desktop and a 390 px screenshot when REGISTRY_SCREENSHOTS names a folder."""
    if not SHOTS:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def enter_password(page: Any, email: str) -> None:
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def enrol_and_sign_in_again(page: Any, who: Coordinator) -> dict[str, Any]:
    findings = f"/conflicts/{who.conflict_id}/findings"
    enter_password(page, who.email)
    page.goto(findings)
    page.wait_for_url("**/account/two-factor")  # not the findings: enrol first
    page.goto("/account/")
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    page.wait_for_url("**/account/two-factor")
    qr_drawn = page.get_by_role("img", name="QR code", exact=False).evaluate(
        "image => image.complete && image.naturalWidth > 0"
    )
    shoot(page, "enrol")
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text().strip())
    page.get_by_label("Code from your authenticator app").fill(totp.now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    recovery_codes = page.locator("#recovery-codes li").all_inner_texts()
    shoot(page, "recovery-codes")
    page.goto(findings)
    reached_findings = page.url.endswith(findings)
    page.get_by_role("button", name="Sign out").click()

    enter_password(page, who.email)
    page.wait_for_url("**/signin/code")
    shoot(page, "code")
    # The enrolment used this time step's code; the next step's is within tolerance.
    page.get_by_label("Code from your authenticator app", exact=False).fill(
        totp.at(time.time() + 30)
    )
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home")
    page.goto(findings)
    return {
        "qr_drawn": qr_drawn,
        "recovery_codes": recovery_codes,
        "reached_findings": reached_findings,
        "after_sign_in": page.url,
    }


def test_coordinator_enrols_on_the_account_page_and_signs_in_with_a_code(
    coordinator: Coordinator, in_browser: Any
) -> None:
    seen = in_browser(lambda page: enrol_and_sign_in_again(page, coordinator))

    assert seen["qr_drawn"]
    assert len(seen["recovery_codes"]) == 10
    assert seen["reached_findings"]
    assert seen["after_sign_in"].endswith(f"/conflicts/{coordinator.conflict_id}/findings")
