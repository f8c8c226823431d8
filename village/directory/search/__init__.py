"""Directory search: one interface, two database backends, one brute-force baseline.

`nearest(query)` answers with the database's spatial and full-text indexes: a GiST index
on (category, point) plus a tsvector GIN index on PostgreSQL, an R*Tree over
(longitude, latitude, category) plus FTS5 on SQLite. Both search expanding boxes around
the query point and stop once the k-th result lies inside the box's inscribed circle, so
the answer is exact. `brute_force(query)` scans every row with the same filters and the
same distance, and is what the recall tests and the benchmark compare against.

Distance is the equirectangular ("local flat earth") distance at the query's latitude, in
kilometres: within a region (tens of km) it differs from the great-circle distance by far
less than the precision a family needs, and every backend computes it identically.
"""

from __future__ import annotations

from django.db import connection

from village.directory.search import postgres, sqlite
from village.directory.search.query import (
    ACCESSIBILITY_SHIFT,
    EVENING,
    FEE,
    FREE,
    KM_PER_DEGREE,
    OUTSIDE_SCHOOL,
    SEATS,
    SLIDING,
    WEEKEND,
    Hit,
    Query,
    accessibility_bit,
    brute_force,
    normalise_text,
    tokens,
)

__all__ = [
    "ACCESSIBILITY_SHIFT",
    "EVENING",
    "FEE",
    "FREE",
    "KM_PER_DEGREE",
    "OUTSIDE_SCHOOL",
    "SEATS",
    "SLIDING",
    "WEEKEND",
    "Hit",
    "Query",
    "accessibility_bit",
    "brute_force",
    "nearest",
    "normalise_text",
    "tokens",
]


def nearest(query: Query) -> list[Hit]:
    """The `limit` nearest entries matching the query, using the database's indexes."""
    if connection.vendor == "postgresql":
        return postgres.nearest(query)
    return sqlite.nearest(query)
