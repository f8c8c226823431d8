"""What each published figure says about the hidden counts, as rows for `attack`, and which
counts are protected (the targets).

The attacker knows what any reader of the public pages knows: each indicator's definition and
unit, the district's schools, the student groups shown, and how Village prints a figure
(`village.lib.suppression` and `village.indicators.figures` are public code). From that:

- every indicator × period × school × group is three unknowns: numerator `n`, denominator `d`
  and students `s`, whole and non-negative, with `d >= s` (each student adds at least one to the
  denominator) and `n <= d` for percentages; when the denominator counts people ("Enrolled
  students", "Students answering", ...) `d = s`, and cells with the same such denominator share
  their `s` across indicators (the group of enrolled students is the same group);
- a group is part of its school's students: the complement (all students but the group) is a
  cell too, non-negative in every count;
- a figure for several schools (district, a partner's schools) is the sum of their cells;
- a printed figure: "*" means 1 to N-1 students; "–" no data; "42%" a share of students rounded
  to a whole percent, with at least N who did and who did not unless 0% or 100%; "< 21%" 1 to
  N-1 who did and a denominator with ceil(100·N/d) = 21; "> 79%" its mirror; "12.8%" or "3.4"
  a measure to one decimal about at least N students; a chart point its value within half a
  tenth of a pixel; a gap the difference to all students within 0.05.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from tests.privacy.linear import BIG, Row, Target, Terms, plus, row, terms, times

ALL = "all"
Quantity = Literal["n", "d", "s"]
QUANTITIES: tuple[Quantity, ...] = ("n", "d", "s")
FigureKind = Literal["table", "chart", "gap"]

_SHARE = re.compile(r"^(\d+)%$")
_BOTTOM = re.compile(r"^< (\d+)%$")
_TOP = re.compile(r"^> (\d+)%$")
_MEASURE = re.compile(r"^(-?[\d,]+\.\d)(%?)$")
NO_DATA = "–"
HIDDEN = "*"
COMPLEMENTARY = "**"  # hidden so that another hidden figure cannot be worked out: says nothing
_FEWER = re.compile(r"^fewer than (\d+)$")  # since releases: 1 to N-1 did, whatever the group's size
_ALL_BUT = re.compile(r"^all but fewer than (\d+)$")
HIDDEN_MARK = "“*”"  # how a fact names a figure printed as hidden
PART_OF_ALL = "a group is part of all students"


@dataclass(frozen=True)
class IndicatorInfo:
    """What a reader of the report knows about an indicator (plus `counts_people`, the judge's)."""

    name: str
    unit: str  # "percent", "days" or "per_100"
    denominator: str  # the denominator's definition
    groups: tuple[str, ...]
    counts_people: bool  # the numerator counts students, needs or answers (so it is protected too)

    @property
    def per_person(self) -> bool:
        """The denominator counts people, one each: d = s."""
        text = self.denominator.casefold()
        return text.startswith(("enrolled students", "students", "families answering"))

    @property
    def scale(self) -> float:
        return 1.0 if self.unit == "days" else 100.0


@dataclass(frozen=True)
class Figure:
    """One published figure of an indicator: a table cell, a chart point or a gap to all students."""

    output: str
    indicator: str
    period: str
    schools: frozenset[str]
    group: str
    kind: FigureKind
    text: str = ""
    low: float = 0.0  # a chart point's value interval
    high: float = 0.0

    def where(self) -> str:
        place = next(iter(self.schools)) if len(self.schools) == 1 else f"{len(self.schools)} schools"
        what = {"table": f"“{self.text}”", "gap": f"gap {self.text}", "chart": "chart point"}[self.kind]
        return f"{self.indicator} · {self.period} · {place} · {self.group}: {what}"


def cell_var(info: IndicatorInfo, period: str, school: str, group: str, quantity: Quantity) -> str:
    if quantity == "s" and info.per_person:
        return f"s|{info.denominator}|{period}|{school}|{group}"
    return f"{quantity}|{info.name}|{period}|{school}|{group}"


def aggregate(
    info: IndicatorInfo, period: str, schools: Iterable[str], group: str, quantity: Quantity
) -> dict[str, float]:
    return {cell_var(info, period, school, group, quantity): 1.0 for school in schools}


def to_number(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


@dataclass
class _Interval:
    low: float
    high: float


_Key = tuple[str, str, str, frozenset[str], str]  # output, indicator, period, schools, group


def indicator_rows(
    figures: Sequence[Figure],
    infos: Mapping[str, IndicatorInfo],
    schools: Sequence[str],
    n: int,
) -> list[Row]:
    """Structure of every cell the figures touch, then what each figure says."""
    rows: list[Row] = []
    periods: dict[str, set[str]] = defaultdict(set)
    for f in figures:
        periods[f.indicator].add(f.period)
    for name, seen in periods.items():
        info = infos[name]
        for period in sorted(seen):
            rows += _structure(info, period, schools)
    # Each output's own figures only: what a gap adds is then that output's too.
    intervals: dict[_Key, _Interval] = {}
    for f in figures:
        info = infos[f.indicator]
        key = (f.output, f.indicator, f.period, f.schools, f.group)
        if f.kind == "table":
            rows += _printed(info, f, n)
            value = _value_interval(f.text)
            if value is not None:
                _narrow(intervals, key, value)
        elif f.kind == "chart":
            rows += _rate_rows(info, f, _Interval(f.low, f.high), "chart point")
            _narrow(intervals, key, _Interval(f.low, f.high))
    # A gap (group minus all students, to 0.05) narrows each side by the other's interval.
    gaps = [f for f in figures if f.kind == "gap"]
    for _round in range(3):
        for f in gaps:
            gap = to_number(f.text)
            mine = intervals.get((f.output, f.indicator, f.period, f.schools, f.group))
            overall = intervals.get((f.output, f.indicator, f.period, f.schools, ALL))
            if mine is None or overall is None:
                continue
            _narrow(
                intervals,
                (f.output, f.indicator, f.period, f.schools, f.group),
                _Interval(overall.low + gap - 0.05, overall.high + gap + 0.05),
            )
            _narrow(
                intervals,
                (f.output, f.indicator, f.period, f.schools, ALL),
                _Interval(mine.low - gap - 0.05, mine.high - gap + 0.05),
            )
    for f in gaps:
        info = infos[f.indicator]
        for group in (f.group, ALL):
            interval = intervals.get((f.output, f.indicator, f.period, f.schools, group))
            if interval is not None:
                rows += _rate_rows(
                    info,
                    Figure(f.output, f.indicator, f.period, f.schools, group, "gap", f.text),
                    interval,
                    "through the gap",
                )
    return rows


def _narrow(intervals: dict[_Key, _Interval], key: _Key, value: _Interval) -> None:
    known = intervals.get(key)
    if known is None:
        intervals[key] = _Interval(value.low, value.high)
    else:
        known.low, known.high = max(known.low, value.low), min(known.high, value.high)


def _value_interval(text: str) -> _Interval | None:
    share = _SHARE.match(text)
    if share:
        x = float(share.group(1))
        return _Interval(x - 0.5, x + 0.5)
    measure = _MEASURE.match(text)
    if measure:
        x = to_number(measure.group(1))
        return _Interval(x - 0.05, x + 0.05)
    return None


def _structure(info: IndicatorInfo, period: str, schools: Sequence[str]) -> list[Row]:
    out: list[Row] = []
    why = "structure"

    def v(school: str, group: str, q: Quantity) -> dict[str, float]:
        return {cell_var(info, period, school, group, q): 1.0}

    for school in schools:
        for group in (ALL, *info.groups):
            n, d, s = v(school, group, "n"), v(school, group, "d"), v(school, group, "s")
            if info.per_person:
                out.append(row(plus(d, times(-1, s)), 0, 0, why, f"{info.name}: its denominator counts students"))
            else:
                out.append(
                    row(plus(d, times(-1, s)), 0, math.inf, why, f"{info.name}: each student adds to the denominator")
                )
            if info.unit == "percent":
                out.append(row(plus(d, times(-1, n)), 0, math.inf, why, f"{info.name}: a share is at most 100%"))
            if group == ALL:
                continue
            # The group is part of the school's students: its complement is non-negative too.
            na, da, sa = v(school, ALL, "n"), v(school, ALL, "d"), v(school, ALL, "s")
            out.append(row(plus(na, times(-1, n)), 0, math.inf, why, PART_OF_ALL))
            out.append(row(plus(sa, times(-1, s)), 0, math.inf, why, PART_OF_ALL))
            out.append(row(plus(da, times(-1, d), times(-1, sa), s), 0, math.inf, why, PART_OF_ALL))
            if info.unit == "percent":
                out.append(row(plus(da, times(-1, na), times(-1, d), n), 0, math.inf, why, PART_OF_ALL))
    return out


def _printed(info: IndicatorInfo, f: Figure, n: int) -> list[Row]:
    """What a printed table figure says (`village.lib.suppression.suppress_rate`, `figures.show`)."""
    num = aggregate(info, f.period, f.schools, f.group, "n")
    den = aggregate(info, f.period, f.schools, f.group, "d")
    stu = aggregate(info, f.period, f.schools, f.group, "s")
    fact = f.where()
    text = f.text
    if text in (NO_DATA, ""):
        return [row(m, 0, 0, f.output, fact) for m in (den, num, stu)]
    if text == HIDDEN:
        return [row(stu, 1, n - 1, f.output, fact), row(den, 1, math.inf, f.output, fact)]
    if text == COMPLEMENTARY:
        return []
    fewer, all_but = _FEWER.match(text), _ALL_BUT.match(text)
    if fewer or all_but:
        rest = plus(den, times(-1, num))
        out = [row(stu, n, math.inf, f.output, fact), row(den, n, math.inf, f.output, fact)]
        if fewer:
            return [*out, row(num, 1, n - 1, f.output, fact)]
        return [*out, row(num, n, math.inf, f.output, fact), row(rest, 1, n - 1, f.output, fact)]
    shared = share_rows(num, den, text, n, f.output, fact)
    if shared is not None:
        return [row(plus(den, times(-1, stu)), 0, 0, f.output, fact), *shared]  # a share of students: d = s
    measure = _MEASURE.match(text)
    if measure is None:
        raise ValueError(f"Unreadable figure “{text}” in {f.output}")
    x = to_number(measure.group(1))
    return [
        row(stu, n, math.inf, f.output, fact),
        row(den, 1, math.inf, f.output, fact),
        *interval_rows(num, den, info.scale, _Interval(x - 0.05, x + 0.05), f.output, fact),
    ]


def share_rows(
    num: Mapping[str, float], den: Mapping[str, float], text: str, n: int, output: str, fact: str
) -> list[Row] | None:
    """A share printed by `suppress_rate(num, den)` when it is printed at all ("42%", "< 21%",
    "> 79%"); None for any other text."""
    out: list[Row] = []

    def add(mapping: Mapping[str, float], low: float, high: float) -> None:
        out.append(row(mapping, low, high, output, fact))

    share, bottom, top = _SHARE.match(text), _BOTTOM.match(text), _TOP.match(text)
    rest = plus(den, times(-1, num))
    fewer, all_but = _FEWER.match(text), _ALL_BUT.match(text)
    if fewer or all_but:  # since releases: codes whose words do not depend on the denominator
        add(den, n, math.inf)
        if fewer:
            add(num, 1, n - 1)
        else:
            add(num, n, math.inf)
            add(rest, 1, n - 1)
        return out
    if share:
        x = int(share.group(1))
        add(den, n, math.inf)
        out += interval_rows(num, den, 100.0, _Interval(x - 0.5, x + 0.5), output, fact)
        if x >= 1:
            add(num, n, math.inf)
        else:
            out += _zero_or_many(num, output, fact, n)
        if x <= 99:
            add(rest, n, math.inf)
        else:
            out += _zero_or_many(rest, output, fact, n)
        return out
    if bottom:
        k = int(bottom.group(1))
        add(den, n, math.inf)
        add(num, 1, n - 1)
        add(times(k, den), 100 * n, math.inf)  # ceil(100·N/d) = k
        if k >= 2:
            add(times(k - 1, den), 0, 100 * n - 1)
        return out
    if top:
        k = int(top.group(1))
        add(den, n, math.inf)
        add(num, n, math.inf)
        add(rest, 1, n - 1)
        add(times(100 - k, den), 100 * n, math.inf)  # floor(100 - 100·N/d) = k
        if k <= 98:
            add(times(99 - k, den), 0, 100 * n - 1)
        return out
    return None


def _zero_or_many(mapping: Mapping[str, float], output: str, fact: str, n: int) -> list[Row]:
    """0 or at least N (a published 0% or 100% hides no small count): one binary."""
    flag = "bin|" + "+".join(f"{k}*{v:g}" for k, v in sorted(mapping.items()))
    return [
        row(plus(mapping, {flag: -BIG}), -math.inf, 0, output, fact),
        row(plus(mapping, {flag: -float(n)}), 0, math.inf, output, fact),
    ]


def interval_rows(
    num: Mapping[str, float], den: Mapping[str, float], scale: float, interval: _Interval, output: str, fact: str
) -> list[Row]:
    """low <= scale·num/den <= high as two linear rows (den > 0 where a value is printed)."""
    slack = 1e-7 * max(1.0, abs(interval.low), abs(interval.high))
    low, high = interval.low - slack, interval.high + slack
    return [
        row(plus(times(scale, num), times(-low, den)), 0, math.inf, output, fact),
        row(plus(times(scale, num), times(-high, den)), -math.inf, 0, output, fact),
    ]


def _rate_rows(info: IndicatorInfo, f: Figure, interval: _Interval, how: str) -> list[Row]:
    num = aggregate(info, f.period, f.schools, f.group, "n")
    den = aggregate(info, f.period, f.schools, f.group, "d")
    return interval_rows(num, den, info.scale, interval, f.output, f"{f.where()} ({how})")


# --- Targets: the protected counts ---------------------------------------------------------------


@dataclass(frozen=True)
class CellTruth:
    numerator: int
    denominator: int
    students: int


def indicator_targets(
    infos: Mapping[str, IndicatorInfo],
    truth: Mapping[tuple[str, str, str, str], CellTruth],
    periods: Mapping[str, set[str]],
    schools: Sequence[str],
    n: int,
) -> list[Target]:
    """Counts about fewer than N students (a small group, or all students but a group), and the
    few who did or did not in a larger group; for a measure about a small group, its value."""
    out: list[Target] = []
    for name, seen in periods.items():
        info = infos[name]
        for period in sorted(seen):
            for school in schools:
                everyone = truth.get((name, period, school, ALL), CellTruth(0, 0, 0))
                for group in (ALL, *info.groups):
                    cell = truth.get((name, period, school, group), CellTruth(0, 0, 0))
                    label = f"{name} · {period} · {school} · {group}"
                    mine = {q: {cell_var(info, period, school, group, q): 1.0} for q in QUANTITIES}
                    out += _cell_targets(info, label, mine["n"], mine["d"], mine["s"], cell, n, "")
                    if group == ALL:
                        continue
                    rest = CellTruth(
                        everyone.numerator - cell.numerator,
                        everyone.denominator - cell.denominator,
                        everyone.students - cell.students,
                    )
                    every = {q: {cell_var(info, period, school, ALL, q): 1.0} for q in QUANTITIES}
                    out += _cell_targets(
                        info,
                        f"{name} · {period} · {school} · all students but {group}",
                        plus(every["n"], times(-1, mine["n"])),
                        plus(every["d"], times(-1, mine["d"])),
                        plus(every["s"], times(-1, mine["s"])),
                        rest,
                        n,
                        "complement ",
                    )
    return out


def _cell_targets(
    info: IndicatorInfo,
    label: str,
    num: dict[str, float],
    den: dict[str, float],
    stu: dict[str, float],
    cell: CellTruth,
    n: int,
    prefix: str,
) -> list[Target]:
    small = 0 < cell.students < n
    out: list[Target] = []
    if small:
        about = f"{prefix}group of {cell.students} students"
        out.append(Target(f"{label} · students", "count", terms(stu), cell.students, about=about))
        if info.counts_people:
            out.append(Target(f"{label} · who did", "count", terms(num), cell.numerator, about=about))
            out.append(
                Target(
                    f"{label} · who did not",
                    "count",
                    terms(plus(den, times(-1, num))),
                    cell.denominator - cell.numerator,
                    about=about,
                )
            )
        elif info.unit == "percent" and cell.denominator > 0:
            out.append(
                Target(
                    f"{label} · value",
                    "rate",
                    terms(num),
                    100 * cell.numerator / cell.denominator,
                    terms(den),
                    info.scale,
                    about,
                )
            )
        return out
    if cell.students >= n and info.counts_people:
        did, did_not = cell.numerator, cell.denominator - cell.numerator
        if 0 < did < n:
            out.append(Target(f"{label} · who did", "count", terms(num), did, about=f"{prefix}{did} who did"))
        if 0 < did_not < n:
            out.append(
                Target(
                    f"{label} · who did not",
                    "count",
                    terms(plus(den, times(-1, num))),
                    did_not,
                    about=f"{prefix}{did_not} who did not",
                )
            )
    return out


def count_targets(rows: Iterable[Row], truth: Mapping[str, float], n: int, labels: Mapping[Terms, str]) -> list[Target]:
    """Survey, barrier and representation counts: every count printed as "*" somewhere, and every
    unknown or printed sum whose truth is 1 to N-1."""
    hidden = {r.terms for r in rows if HIDDEN_MARK in r.fact}
    out: list[Target] = []
    for expression, label in labels.items():
        value = sum(c * truth.get(k, 0.0) for k, c in expression)
        if expression in hidden or 0 < value < n:
            about = "printed as *" if expression in hidden else f"{value:.0f} people"
            out.append(Target(label, "count", expression, value, about=about))
    return out
