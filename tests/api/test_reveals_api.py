"""Reveal requests through the API: a coordinator asks, the owner's admin answers."""

from __future__ import annotations

from registry.extensions import db
from registry.services import authentication, people, users
from registry.services.inputs import build
from registry.services.inputs.people import PersonInput
from tests.factories import (
    SYSTEM,
    ConflictFactory,
    InitiativeFactory,
    OrganisationFactory,
    UserFactory,
    participate,
    reference,
)


def bearer(user) -> dict[str, str]:
    raw, _ = authentication.issue_token(user)
    return {"Authorization": f"Bearer {raw}"}


def test_reveal_request_approved_through_the_api_lets_the_coordinator_read(app, client) -> None:
    ngo, hub = OrganisationFactory(), OrganisationFactory(kind="coordination_body")
    conflict = ConflictFactory()
    initiative = InitiativeFactory(
        conflict_id=conflict.id, sponsor_id=ngo.id, issue_ids=[reference("issue", conflict.id).id]
    )
    person = people.create(
        SYSTEM,
        build(
            PersonInput,
            {
                "organisation_id": ngo.id,
                "full_name": "Canary Joseph Ekiru",
                "gender": "male",
                "sector": "youth",
                "proximity": 2,
            },
        ),
    )
    participate(initiative.id, person.id)
    coordinator = UserFactory(organisation_id=hub.id, role="viewer")
    users.assign_coordinator(SYSTEM, coordinator.id, conflict.id)
    admin = UserFactory(organisation_id=ngo.id, role="org_admin")
    db.session.refresh(coordinator)

    asked = client.post(
        f"/api/v1/people/{person.id}/reveal-requests",
        json={"reason": "Security vetting before the Lodwar meeting"},
        headers=bearer(coordinator),
    )
    assert asked.status_code == 201, asked.json
    assert "Canary" not in asked.get_data(as_text=True)

    listed = client.get("/api/v1/reveal-requests", headers=bearer(admin))
    assert [item["id"] for item in listed.json] == [asked.json["id"]]

    answered = client.patch(
        f"/api/v1/reveal-requests/{asked.json['id']}",
        json={"status": "approved"},
        headers={**bearer(admin), "If-Match": '"1"'},
    )
    assert answered.status_code == 200, answered.json
    assert answered.json["status"] == "approved" and answered.json["expires_at"]


def test_reveal_request_for_a_stranger_is_not_found(app, client) -> None:
    member = UserFactory(role="editor")
    person = people.create(
        SYSTEM,
        build(
            PersonInput,
            {
                "organisation_id": OrganisationFactory().id,
                "full_name": "Canary Other",
                "gender": "female",
                "sector": "media",
                "proximity": 3,
            },
        ),
    )
    response = client.post(
        f"/api/v1/people/{person.id}/reveal-requests",
        json={"reason": "Curious"},
        headers=bearer(member),
    )
    assert response.status_code == 404
