"""The registry under gunicorn with every request held a while first (graceful-shutdown test)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from registry import create_app

registry_app = create_app()
DELAY = float(os.environ.get("REGISTRY_TEST_REQUEST_DELAY", "0"))


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Wait, as a slow query would, then answer as the registry does."""
    if environ.get("PATH_INFO") != "/healthz":  # the readiness probe answers at once
        time.sleep(DELAY)
    return registry_app(environ, start_response)  # type: ignore[no-any-return]
