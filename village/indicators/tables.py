"""Indicator tables and charts, from a period's release or (for staff-only gap reviews) from the
stored values. `village.indicators.figures` finds the release a page may read; actions that open
reviews read the stored values through here without it."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from village.families.groups import LABELS
from village.indicators.cells import Release
from village.indicators.models import ALL_STUDENTS, Celebration, Indicator, Period, Value
from village.indicators.vocab import Unit
from village.lib.suppression import Rate, suppress_measure, suppress_rate
from village.orgs.models import District, School

TREND = 4  # periods a dashboard or a report shows

NO_DATA = Rate("–", None, "no_data")


def group_label(code: str) -> str:
    return _("All students") if code == ALL_STUDENTS else str(LABELS.get(code, code))


def show(indicator: Indicator, numerator: int, denominator: int, students: int) -> Rate:
    """The publishable form of one figure."""
    if denominator <= 0:
        return NO_DATA
    if indicator.unit == Unit.PERCENT and denominator == students:
        # a share of students: top- and bottom-coded as before releases (the recorded old outputs)
        rate = suppress_rate(numerator, denominator, sized_codes=True)
        return Rate(rate.display, None if rate.value is None else 100 * rate.value, rate.reason)
    value = indicator.value_of(numerator, denominator)
    assert value is not None
    if indicator.unit == Unit.PERCENT:
        text = f"{number_format(round(value, 1), 1)}%"
    else:
        text = number_format(round(value, 1), 1)
    return suppress_measure(value, students, text)


Key = tuple[int, int, str]  # indicator, period, group


def sums(
    indicators: Sequence[Indicator], periods: Sequence[Period], schools: Sequence[School]
) -> dict[Key, tuple[int, int, int]]:
    rows = (
        Value.objects.filter(indicator__in=indicators, period__in=periods, school__in=schools)
        .values("indicator_id", "period_id", "group")
        .annotate(n=Sum("numerator"), d=Sum("denominator"), s=Sum("students"))
    )
    return {(r["indicator_id"], r["period_id"], r["group"]): (r["n"], r["d"], r["s"]) for r in rows}


@dataclass
class Row:
    group: str
    label: str
    cells: list[Rate]
    gap: str = ""  # the latest published gap to all students, in the indicator's unit
    gap_value: float | None = None
    meets_target: bool | None = None


@dataclass
class Board:
    indicator: Indicator
    periods: list[Period]
    rows: list[Row]
    chart: dict[str, object] = field(default_factory=dict)

    @property
    def pending(self) -> bool:
        """The period's first release is still being published (its cells say so)."""
        return any(cell.reason == "pending" for row in self.rows for cell in row.cells)

    @property
    def latest(self) -> Rate:
        return self.rows[0].cells[-1] if self.rows and self.rows[0].cells else NO_DATA


def boards(
    indicators: Sequence[Indicator],
    periods: Sequence[Period],
    schools: Sequence[School],
    group: str = "",
    *,
    releases: Mapping[int, Release] | None = None,
) -> list[Board]:
    """Each indicator's table and chart for `schools`: from each period's release (`releases` by
    period id: every page that leaves a school's staff), or from the stored values when None."""
    legacy = releases is None
    found = sums(indicators, periods, schools) if legacy else {}
    out = []
    for indicator in indicators:
        codes = [ALL_STUDENTS, *[g for g in indicator.groups if not group or g == group]]
        rows = []
        for code in codes:
            if legacy:
                cells = [show(indicator, *found.get((indicator.pk, p.pk, code), (0, 0, 0))) for p in periods]
            else:
                assert releases is not None
                cells = [releases[p.pk].get(indicator, schools, code) for p in periods]
            rows.append(Row(code, group_label(code), cells))
        overall = rows[0].cells[-1] if periods else NO_DATA
        for row in rows:
            latest = row.cells[-1] if row.cells else NO_DATA
            if latest.value is not None and indicator.target is not None:
                row.meets_target = indicator.better(latest.value, float(indicator.target))
            if row.group != ALL_STUDENTS and latest.value is not None and overall.value is not None:
                diff = latest.value - overall.value
                row.gap_value = diff
                row.gap = number_format(round(diff, 1), 1)
        out.append(Board(indicator, list(periods), rows, chart(indicator, list(periods), rows)))
    return out


WIDTH, HEIGHT, PAD = 320, 170, 30


def chart(indicator: Indicator, periods: list[Period], rows: list[Row]) -> dict[str, object]:
    """Coordinates for a small server-rendered line chart (all students and each group); the
    page shows the same figures as a table beside it. Suppressed points are left out, never drawn as 0."""
    values = [c.value for r in rows for c in r.cells if c.value is not None]
    if indicator.target is not None:
        values.append(float(indicator.target))
    if not values or not periods:
        return {}
    # The axis spans the data (and target) with a margin, in steps of ten, so gaps are visible.
    low = max(0.0, math.floor(min(values) / 10) * 10 - 10)
    top = float(math.ceil(max(values) / 10) * 10 + 10)
    if indicator.unit == Unit.PERCENT:
        top = min(100.0, top)
    if top <= low:
        top = low + 10
    step = (WIDTH - 2 * PAD) / max(1, len(periods) - 1)

    def y(v: float) -> float:
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * (min(v, top) - low) / (top - low), 1)

    lines = []
    for i, row in enumerate(rows):
        points = [
            (round(PAD + k * step, 1), y(c.value), c.display) for k, c in enumerate(row.cells) if c.value is not None
        ]
        lines.append(
            {
                "label": row.label,
                "points": points,
                "style": i % 5,
                "path": " ".join(f"{x},{yy}" for x, yy, _d in points),
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "lines": lines,
        "target_y": y(float(indicator.target)) if indicator.target is not None else None,
        "ticks": [(round(PAD + k * step, 1), p.label) for k, p in enumerate(periods)],
        "top": number_format(top, 0),
        "low": number_format(low, 0),
        "top_y": PAD,
        "baseline": HEIGHT - PAD,
        "left": PAD,
        "right": WIDTH - PAD,
    }


def latest_periods(district_id: int, count: int = 4) -> list[Period]:
    periods = list(Period.objects.filter(district_id=district_id).order_by("-starts")[:count])
    return periods[::-1]


def celebrations(district: District, schools: Sequence[School]) -> QuerySet[Celebration]:
    """The schools' celebrations and the district-wide ones (no school)."""
    return (
        Celebration.objects.filter(Q(school__in=schools) | Q(school__isnull=True), district=district)
        .prefetch_related("partners")
        .select_related("school")
    )
