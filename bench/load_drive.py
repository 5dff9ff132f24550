"""The load benchmark's client: sign in, then hold N connections busy on one address.

httpx on asyncio, one event loop, one connection pool per scenario; every request is
bounded by a count and a time, and goes to the loopback address the stack serves.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

TIMEOUT = 60.0  # seconds one request may take before it counts as an error
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Outcome:
    """What a scenario measured: counts, rate and latency percentiles in milliseconds."""

    name: str
    path: str
    connections: int
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list, repr=False)
    statuses: Counter[str] = field(default_factory=Counter)
    # Percentiles in milliseconds by rank (50, 95, 99) when another client measured them.
    measured: dict[int, float] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        if self.measured:
            return self.measured[round(share * 100)]
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "connections": self.connections,
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile(0.50), 1),
            "p95_ms": round(self.percentile(0.95), 1),
            "p99_ms": round(self.percentile(0.99), 1),
            "statuses": dict(self.statuses),
        }


def cookie_header(response: httpx.Response, jar: dict[str, str]) -> str:
    """Keep the cookies a response sets and return them as a Cookie header.

    Production cookies are `Secure` (`__Host-session`); on plain loopback HTTP a client's
    cookie jar would rightly withhold them, so the bench carries them by hand.
    """
    for line in response.headers.get_list("set-cookie"):
        name, _, value = line.split(";", 1)[0].partition("=")
        jar[name.strip()] = value.strip()
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def sign_in(base_url: str, email: str, password: str) -> dict[str, str]:
    """Sign in through the sign-in page; return the headers of the signed-in session."""
    jar: dict[str, str] = {}
    with httpx.Client(base_url=base_url, timeout=TIMEOUT) as client:
        page = client.get("/signin")
        token = CSRF.search(page.text)
        if page.status_code != 200 or token is None:
            raise SystemExit(f"the sign-in page answered {page.status_code}")
        form = {"email": email, "password": password, "csrf_token": token.group(1)}
        cookies = cookie_header(page, jar)
        answer = client.post("/signin", data=form, headers={"Cookie": cookies})
        if answer.status_code != 302 or "/home" not in answer.headers.get("location", ""):
            raise SystemExit(f"signing in as {email} answered {answer.status_code}")
        return {"Cookie": cookie_header(answer, jar)}


def bearer(base_url: str, email: str, password: str) -> dict[str, str]:
    """Ask the API for a token; return the headers that carry it."""
    body = {"email": email, "password": password, "label": "load bench"}
    answer = httpx.post(f"{base_url}/api/v1/auth/tokens", json=body, timeout=TIMEOUT)
    if answer.status_code != 201:
        raise SystemExit(f"a token for {email} answered {answer.status_code}")
    return {"Authorization": f"Bearer {answer.json()['token']}"}


async def _hammer(
    outcome: Outcome,
    base_url: str,
    headers: Mapping[str, str],
    limit: int,
    seconds: float,
    body: Any = None,
) -> None:
    """Keep `outcome.connections` requests in flight until `limit` or `seconds` is reached."""
    pool = httpx.Limits(max_connections=outcome.connections, max_keepalive_connections=None)
    sent = 0
    async with httpx.AsyncClient(
        base_url=base_url, headers=dict(headers), limits=pool, timeout=TIMEOUT
    ) as client:
        started = time.perf_counter()
        deadline = started + seconds

        async def connection() -> None:
            nonlocal sent
            while sent < limit and time.perf_counter() < deadline:
                number = sent
                sent += 1
                began = time.perf_counter()
                try:
                    if body is None:
                        answer = await client.get(outcome.path)
                    else:
                        answer = await client.post(outcome.path, json=body(number))
                    status = str(answer.status_code)
                except httpx.HTTPError as error:
                    status = type(error).__name__
                outcome.latencies.append(time.perf_counter() - began)
                outcome.statuses[status] += 1
                if not status.startswith(("2", "3")):
                    outcome.errors += 1

        await asyncio.gather(*(connection() for _ in range(outcome.connections)))
        outcome.seconds = time.perf_counter() - started
        outcome.requests = len(outcome.latencies)


def hammer(
    name: str,
    base_url: str,
    path: str,
    headers: Mapping[str, str],
    *,
    connections: int,
    limit: int,
    seconds: float,
    body: Any = None,
) -> Outcome:
    """Run one scenario: GET (or POST `body(n)` as JSON) `path` over `connections`."""
    outcome = Outcome(name, path, connections)
    asyncio.run(_hammer(outcome, base_url, headers, limit, seconds, body))
    return outcome


def timed_get(base_url: str, path: str, headers: Mapping[str, str]) -> dict[str, Any]:
    """GET one page once; return its status, time in milliseconds and refresh marker."""
    began = time.perf_counter()
    try:
        answer = httpx.get(f"{base_url}{path}", headers=dict(headers), timeout=TIMEOUT)
        status, refreshing = answer.status_code, answer.headers.get("X-Refreshing") == "true"
        size = len(answer.content)
    except httpx.HTTPError as error:
        status, refreshing, size = 0, False, 0
        print(f"  {path}: {type(error).__name__}")
    return {
        "path": path,
        "status": status,
        "ms": round((time.perf_counter() - began) * 1000, 1),
        "refreshing": refreshing,
        "bytes": size,
    }
