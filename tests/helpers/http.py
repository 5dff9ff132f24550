"""Talk to the app as its users do: sign-ins, token headers, CSRF tokens, error answers."""

from __future__ import annotations

import re
import time
from typing import Any, Protocol

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

PASSWORD = "correct horse battery staple"  # UserFactory's default

# "user 8", "Organisation 4", "person 44": the ids the pages must never show.
ID_WORDING = re.compile(
    r"\b(user|person|organisation|organization|initiative|conflict|party|issue)\s+#?\d+\b",
    re.IGNORECASE,
)

_HIDDEN_CSRF = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]+)"')
_META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


class Account(Protocol):
    """What signing in needs of a user: an id for the session, an email for the form."""

    email: str

    def get_id(self) -> str: ...


def assert_error(response: TestResponse, status: int, field: str | None = None) -> None:
    """Check an error answer: the status, the JSON shape and, for a 422, the field it names."""
    body = response.get_json()
    assert response.status_code == status, body
    assert body["code"] == status
    assert isinstance(body["status"], str) and body["status"]
    assert isinstance(body["message"], str) and body["message"]
    if field is not None:
        fields = {name for location in body["errors"].values() for name in location}
        assert field in fields, body["errors"]


def sign_in_as(client: FlaskClient, user: Account) -> FlaskClient:
    """Give a test client the session the sign-in page would, without the Argon2 check.

    For tests about what a signed-in user sees; tests of signing in itself use /signin.
    """
    with client.session_transaction() as cookie_session:
        cookie_session.clear()
        cookie_session["_user_id"] = user.get_id()
        cookie_session["_fresh"] = True
        now = int(time.time())
        cookie_session["signed_in_at"] = cookie_session["seen_at"] = now
        cookie_session["authenticated_at"] = now  # signing in counts for step-up
        cookie_session.permanent = True
    return client


def signed_in(client: FlaskClient, user: Account) -> FlaskClient:
    """Sign a test client in through the sign-in form, as a person does."""
    response = client.post("/signin", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def bearer_for(user: Any, label: str = "tests") -> dict[str, str]:
    """Issue an API token for a user and return the Authorization header that carries it."""
    from registry.services import authentication

    raw, _ = authentication.issue_token(user, label)
    return {"Authorization": f"Bearer {raw}"}


class Tokens(dict[str, dict[str, str]]):
    """Authorization headers by user key, issued on first use (anonymous: no header)."""

    def __init__(self, people: dict[str, Any]) -> None:
        super().__init__(anonymous={})
        self.people = people

    def __missing__(self, who: str) -> dict[str, str]:
        self[who] = bearer_for(self.people[who])
        return self[who]


def form_csrf_token(html: str) -> str:
    """Return the CSRF token of the first form on a page."""
    match = _HIDDEN_CSRF.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def meta_csrf_token(html: str) -> str:
    """Return the CSRF token a page offers its scripts in <meta name="csrf-token">."""
    match = _META_CSRF.search(html)
    assert match, "the page has no csrf-token meta tag"
    return match.group(1)


def is_signed_in(client: FlaskClient) -> bool:
    """Tell whether the client's session still opens the home page."""
    response = client.get("/home")
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def api_findings(
    client: FlaskClient, conflict_id: int, user: Any, **query: Any
) -> list[dict[str, Any]]:
    """Return every finding of a conflict the API answers a user (with a new token)."""
    response = client.get(
        f"/api/v1/conflicts/{conflict_id}/findings",
        query_string={"page_size": 500, **query},
        headers=bearer_for(user),
    )
    assert response.status_code == 200, response.get_json()
    findings: list[dict[str, Any]] = response.get_json()
    return findings
