"""The administration pages' forms: their labels, how their fields are read, and helpers."""

from __future__ import annotations

from typing import Any

from ..forms import CHOICE, INTEGER, OPTIONAL_TEXT, SECRET, TEXT, FormState

ORGANISATION_LABELS = {
    "name": "Name",
    "kind": "Kind",
    "country": "Country (two-letter code)",
    "jurisdictions": "Jurisdictions whose laws bind it (codes separated by spaces)",
}
ORGANISATION_KINDS = {"name": TEXT, "kind": CHOICE, "country": OPTIONAL_TEXT, "jurisdictions": TEXT}

USER_LABELS = {
    "email": "Email",
    "display_name": "Name shown to colleagues",
    "organisation_id": "Organisation",
    "role": "Role",
    "password": "Initial password (at least 12 characters; leave empty to set one later)",
}
USER_KINDS = {
    "email": TEXT,
    "display_name": TEXT,
    "organisation_id": INTEGER,
    "role": CHOICE,
    "password": SECRET,
}
ROLE_LABELS = {"role": "Role"}

CONFLICT_LABELS = {
    "name": "Name",
    "slug": "Short name in addresses (lower-case letters, digits and hyphens)",
    "summary": "Summary",
    "countries": "Countries (two-letter codes separated by spaces)",
    "track_one_status": "Track One status",
    "escalation_stage": "Escalation stage",
}
CONFLICT_KINDS = {
    "name": TEXT,
    "slug": TEXT,
    "summary": OPTIONAL_TEXT,
    "countries": TEXT,
    "track_one_status": CHOICE,
    "escalation_stage": CHOICE,
}
COORDINATOR_LABELS = {"email": "Email of the user to assign"}


def choices(values: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """Return select choices that read as words ("org_admin" -> "org admin")."""
    return [(value, value.replace("_", " ")) for value in values]


def codes(text: str | None) -> list[str]:
    """Split space- or comma-separated codes into a list."""
    return (text or "").replace(",", " ").split()


def with_codes(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """Return the data with each named text of codes split into a list."""
    return {**data, **{name: codes(data.get(name)) for name in names}}


def shown(labels: dict[str, str], values: dict[str, Any]) -> FormState:
    """Return a form showing stored values (lists of codes joined by spaces)."""
    typed = {
        name: " ".join(value) if isinstance(value, list | tuple) else value
        for name, value in values.items()
    }
    return FormState(
        labels, {name: "" if value is None else value for name, value in typed.items()}
    )
