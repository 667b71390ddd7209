"""Bench-only settings: the project's settings with no apps, no middleware, one-view URLconf.

Serving ``tests.bench.urls_bare`` with these settings gives the ceiling every HTTP benchmark
is compared against: the WSGI server, Django's request/response cycle, URL resolution and a
view, and nothing the project adds. Database, cache and broker settings are left as configured.
"""

from __future__ import annotations

from assistant.settings import *  # noqa: F403  (the real settings are the starting point)

# No app is needed by the bare view, and one is in the way: allauth's AppConfig.ready() refuses
# to start without its middleware. Apps cost start-up time, not per-request time, so dropping
# them does not flatter the ceiling.
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "tests.bench.urls_bare"
