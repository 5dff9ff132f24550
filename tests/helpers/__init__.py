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
    assert_error,
    bearer_for,
    form_csrf_token,
    meta_csrf_token,
    sign_in_as,
    signed_in,
)
from tests.helpers.records import count, refreshed, row_counts, stored

__all__ = [
    "ID_WORDING",
    "PASSWORD",
    "REDIS_URL",
    "SYSTEM",
    "TEST_KEYS",
    "IsolatedClient",
    "Tokens",
    "assert_error",
    "audit_rewritable",
    "bearer_for",
    "count",
    "custom_app",
    "flush_redis",
    "form_csrf_token",
    "make_app",
    "meta_csrf_token",
    "refreshed",
    "row_counts",
    "sign_in_as",
    "signed_in",
    "stored",
    "truncate_all",
]
