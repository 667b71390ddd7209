"""Bench-only settings: the project's settings with one table's app, no middleware, and the
bench's URLconf.

Serving ``tests.bench.urls_bare`` with these settings gives the ceilings HTTP benchmarks are
compared against: the WSGI server, Django's request/response cycle, URL resolution and a
view, and nothing the project adds (plus, for the store-and-enqueue view, one INSERT and one
published job). Database, cache and broker settings are left as configured.
"""

from __future__ import annotations

from assistant.settings import *  # noqa: F403  (the real settings are the starting point)

# The bare views need no app but the one owning the table the store-and-enqueue view writes
# (sessions: no ready(), no signals, nothing per request), and others are in the way:
# allauth's AppConfig.ready() refuses to start without its middleware. Apps cost start-up
# time, not per-request time, so leaving them out does not flatter the ceilings.
INSTALLED_APPS: list[str] = ["django.contrib.sessions"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "tests.bench.urls_bare"
