"""Sum student-period rows into the finest cube (school × student group × period), in the database.

One GROUP BY per indicator sums every period and school at once, with a filtered sum per
student group (a student may be in several groups, so groups are not a GROUP BY key).
`village.indicators.actions.rebuild_cube` stores the sums as `Value` rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Sum

from village.families.groups import group_filter
from village.indicators.models import ALL_STUDENTS, Indicator, Period, StudentValue


def sums(
    indicator: Indicator, periods: Sequence[Period] | None = None
) -> dict[tuple[int, int, str], tuple[int, int, int]]:
    """(period, school, group) → (numerator, denominator, students), computed by the database."""
    aggregates: dict[str, Any] = {"n": Sum("numerator"), "d": Sum("denominator"), "c": Count("id")}
    for k, code in enumerate(indicator.groups):
        where = group_filter(code, "student__")
        aggregates[f"g{k}n"] = Sum("numerator", filter=where)
        aggregates[f"g{k}d"] = Sum("denominator", filter=where)
        aggregates[f"g{k}c"] = Count("id", filter=where)
    rows = StudentValue.objects.filter(indicator=indicator)
    if periods is not None:
        rows = rows.filter(period__in=periods)
    out: dict[tuple[int, int, str], tuple[int, int, int]] = {}
    for found in rows.values("period_id", "school_id").annotate(**aggregates).order_by():
        row: dict[str, Any] = dict(found)
        key = (row["period_id"], row["school_id"])
        out[(*key, ALL_STUDENTS)] = (row["n"], row["d"], row["c"])
        for k, code in enumerate(indicator.groups):
            if row[f"g{k}c"]:
                out[(*key, code)] = (row[f"g{k}n"], row[f"g{k}d"], row[f"g{k}c"])
    return out
