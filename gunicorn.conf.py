"""gunicorn's configuration for the registry: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be changed by the environment variable named beside it.
"""

from __future__ import annotations

import multiprocessing
import os


def _number(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads: a read may wait up to the analysis read budget for a fresh result, and
# threads keep other requests of the same worker moving meanwhile.
worker_class = "gthread"
workers = int(_number("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(_number("GUNICORN_THREADS", 4))
# Above the longest thing a request may do: a coordinator's "run now" is bounded by
# REGISTRY_ANALYSIS_RUN_BUDGET, every read by REGISTRY_ANALYSIS_READ_BUDGET.
_run_budget = _number("REGISTRY_ANALYSIS_RUN_BUDGET", 60)
_read_budget = _number("REGISTRY_ANALYSIS_READ_BUDGET", 5)
timeout = int(_number("GUNICORN_TIMEOUT", max(_run_budget, _read_budget) + 30))
# On SIGTERM the workers stop accepting and finish the requests they hold for up to
# this long before they are killed; the proxy holds queued connections meanwhile.
graceful_timeout = int(_number("GUNICORN_GRACEFUL_TIMEOUT", timeout))
keepalive = int(_number("GUNICORN_KEEPALIVE", 5))
# A queue deep enough that a burst waits in the listen backlog rather than being reset.
backlog = int(_number("GUNICORN_BACKLOG", 2048))
# Each gthread worker accepts up to this many connections into its own queue at once,
# so a burst waits inside a worker, whose requests SIGTERM lets finish, rather than in
# the kernel's backlog, which is reset when the listener closes
# (tests/test_gunicorn_shutdown.py).
worker_connections = int(_number("GUNICORN_WORKER_CONNECTIONS", 1000))
# Recycle workers now and then (with jitter, so not all at once) to bound memory growth.
# Booting a worker costs about a second of CPU: at 5,000 requests a busy server spent a
# core on reboots and /healthz's p99 rose to 1.3 s under 32 connections (58 ms at 50,000).
max_requests = int(_number("GUNICORN_MAX_REQUESTS", 50000))
max_requests_jitter = int(_number("GUNICORN_MAX_REQUESTS_JITTER", 5000))
# Load the app in each worker: database pools and queue connections are never shared
# across fork.
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# The request id (X-Request-Id) joins access lines to the application's log lines.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request=%({x-request-id}o)s'
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
