"""Pages of the real project under the same load as the bare-view ceiling.

Each benchmark here is a few lines: serve the full site, load one URL, return the rows with
``reference=Ceiling.HTTP`` so the table shows how far below the ceiling the page runs.
"""

from __future__ import annotations

from tests.bench.context import FULL_SITE, BenchContext
from tests.bench.registry import Ceiling, Row, benchmark


@benchmark("health endpoint")
def health_endpoint(ctx: BenchContext) -> list[Row]:
    """``/health/``: every middleware, one database query and a broker connection per request."""
    result = ctx.load(ctx.http_server(FULL_SITE) + "/health/")
    return result.rows("http.health", "GET /health/", reference=Ceiling.HTTP)
