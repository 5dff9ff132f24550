"""Words for the audit log: what an action did, what kind an object is, what its details say.

Details are shown by a whitelist: field names, roles, statuses and counts, and the users,
conflicts and initiatives they refer to in names (as the reader may see them). Any other
detail, and every id, is left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .audit_log import Names

ACTIONS = {
    "auth.sign_in": "signed in as",
    "auth.sign_in_failed": "failed to sign in as",
    "auth.sign_out_everywhere": "signed out everywhere",
    "auth.password_accepted": "gave the right password, awaiting a code, for",
    "auth.confirm": "confirmed with a password the identity of",
    "auth.confirm_failed": "failed to confirm the identity of",
    "two_factor.start": "began setting up two-factor sign-in for",
    "two_factor.enrol": "turned on two-factor sign-in for",
    "two_factor.verify": "gave a right two-factor code for",
    "two_factor.refused": "gave a wrong or used two-factor code for",
    "two_factor.recovery_codes": "made new recovery codes for",
    "coordinator.assign": "assigned a coordinator to",
    "coordinator.unassign": "took a coordinator from",
    "person.read_full_name": "read the full name of",
    "permission.denied": "was refused",
    "user.reset_password": "reset the password of",
    "user.end_sessions": "ended the sessions of",
    "user.change_password": "changed the password of",
    "database.restore": "restored",
    "people.purge": "erased names past retention in",
    "data.export": "downloaded data of",
    "analysis.evaluate": "evaluated at another date the analysis of",
}
VERBS = {
    "create": "created",
    "update": "edited",
    "delete": "deleted",
    "import": "imported",
    "propose": "proposed",
    "triage": "triaged",
    "run": "ran the analysis of",
    "request": "asked to reveal a name in",
    "decide": "answered",
    "revoke": "revoked",
    "rotate": "rotated the keys of",
    "merge": "merged",
    "erase": "erased the name of",
}
KINDS = {
    "api_token": "API token",
    "coordination_link": "coordination link",
    "designated_entity": "designated entity",
    "reveal_request": "reveal request",
    "track_one_body": "Track One body",
    "route": "request",
}
DETAIL_LABELS = {
    "fields": "fields",
    "role": "role",
    "status": "status",
    "code": "finding",
    "rows": "rows",
    "tokens_revoked": "API tokens revoked",
    "erased": "names erased",
    "endpoint": "page",
    "method": "method",
    "kind": "kind",
    "format": "format",
    "nodes": "initiatives",
    "edges": "overlaps",
    "findings": "findings",
    "as_of": "as of",
}


def action_words(action: str) -> str:
    """Return what an action did, as a verb phrase ("edited", "assigned a coordinator to")."""
    if action in ACTIONS:
        return ACTIONS[action]
    verb = action.rsplit(".", 1)[-1]
    return VERBS.get(verb, verb.replace("_", " "))


def action_label(action: str) -> str:
    """Return an action as a filter's choice names it ("initiative: created")."""
    kind = action.split(".", 1)[0]
    return f"{kind_words(kind)}: {action_words(action)}"


def kind_words(kind: str, article: bool = False) -> str:
    """Return a kind of object in words, with its article when asked ("an API token")."""
    words = KINDS.get(kind, kind.replace("_", " "))
    if not article:
        return words
    return ("an " if words[0].lower() in "aeiou" else "a ") + words


def _value(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.replace("_", " ")
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(item.replace("_", " ") for item in value)
    return None


def detail_words(details: dict[str, Any], names: Names) -> str:
    """Return an event's details in words: whitelisted values, and references in names."""
    parts = []
    if isinstance(details.get("user_id"), int):
        parts.append(f"user: {names.user(details['user_id'])}")
    if isinstance(details.get("conflict_id"), int):
        parts.append(f"in {names.object('conflict', details['conflict_id'])}")
    if isinstance(details.get("initiative_id"), int):
        parts.append(f"in {names.object('initiative', details['initiative_id'])}")
    for key, label in DETAIL_LABELS.items():
        shown = _value(details.get(key))
        if shown:
            parts.append(f"{label}: {shown}")
    return "; ".join(parts)
