"""The helpers every test module shares: apps, requests as users make them, stored records.

Import them from here (`from tests.helpers import assert_error`); the submodules group
them by what they touch.
"""

from tests.helpers.apps import (
    REDIS_URL,
    SYSTEM,
    TEST_KEYS,
    IsolatedClient,
    custom_app,
    flush_redis,
    make_app,
    truncate_all,
)
from tests.helpers.audit import audit_rewritable
from tests.helpers.http import (
    ID_WORDING,
    PASSWORD,
    Tokens,
    api_findings,
    assert_error,
    bearer_for,
    form_csrf_token,
    is_signed_in,
    meta_csrf_token,
    sign_in_as,
    signed_in,
)
from tests.helpers.records import (
    count,
    counted,
    initiative_titles,
    refreshed,
    row_counts,
    stored,
    stored_finding,
)

__all__ = [
    "ID_WORDING",
    "PASSWORD",
    "REDIS_URL",
    "SYSTEM",
    "TEST_KEYS",
    "IsolatedClient",
    "Tokens",
    "api_findings",
    "assert_error",
    "audit_rewritable",
    "bearer_for",
    "count",
    "counted",
    "custom_app",
    "flush_redis",
    "form_csrf_token",
    "initiative_titles",
    "is_signed_in",
    "make_app",
    "meta_csrf_token",
    "refreshed",
    "row_counts",
    "sign_in_as",
    "signed_in",
    "stored",
    "stored_finding",
    "truncate_all",
]
