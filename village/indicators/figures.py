"""What a page shows of the indicators: every figure that leaves a school's staff is read from the
period's release (`village.indicators.published`), protected together with every other output;
charts and gaps are drawn from the printed (rounded) values. Gap reviews, which stay with staff,
read the stored values (`published=False`). The tables themselves are built in `tables`."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Sum

from village.indicators import published as releases
from village.indicators import release
from village.indicators.models import ALL_STUDENTS, Indicator, Period, Value
from village.indicators.tables import (
    NO_DATA,
    TREND,
    Board,
    Row,
    celebrations,
    chart,
    group_label,
    latest_periods,
    show,
    sums,
)
from village.indicators.tables import boards as tables_boards
from village.lib.suppression import Rate
from village.orgs.models import School

__all__ = [
    "NO_DATA",
    "TREND",
    "Board",
    "Row",
    "boards",
    "by_school",
    "celebrations",
    "chart",
    "group_label",
    "latest_periods",
    "show",
    "sums",
]


def boards(
    indicators: Sequence[Indicator],
    periods: Sequence[Period],
    schools: Sequence[School],
    group: str = "",
    *,
    published: bool = True,
) -> list[Board]:
    """Each indicator's table and chart for `schools`: from the period's release when `published`
    (every page that leaves a school's staff), or from the stored values (gap reviews)."""
    if not published or not release.PROTECT:
        return tables_boards(indicators, periods, schools, group)
    current = {p.pk: releases.current(p.district_id, p) for p in periods}
    return tables_boards(indicators, periods, schools, group, releases=current)


def by_school(indicator: Indicator, period: Period, schools: Sequence[School]) -> list[tuple[School, Rate]]:
    """One indicator for each school (all students), for the district's report."""
    if release.PROTECT:
        found = releases.current(period.district_id, period)
        return [(s, found.get(indicator, [s], ALL_STUDENTS)) for s in schools]
    rows = (
        Value.objects.filter(indicator=indicator, period=period, school__in=schools, group=ALL_STUDENTS)
        .values("school_id")
        .annotate(n=Sum("numerator"), d=Sum("denominator"), s=Sum("students"))
    )
    stored = {r["school_id"]: (r["n"], r["d"], r["s"]) for r in rows}
    return [(s, show(indicator, *stored.get(s.pk, (0, 0, 0)))) for s in schools]
