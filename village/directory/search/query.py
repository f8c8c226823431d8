"""What every search backend shares: the query, the hit, the filters, the distance and the baseline scan."""

# ruff: noqa: S608  (SQL here joins constant fragments; every value travels as a %s parameter)
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from village.directory.taxonomy import Accessibility

KM_PER_DEGREE = 111.195  # mean Earth radius 6371 km * pi / 180

# SearchEntry.flags bits.
FREE = 1 << 0
SLIDING = 1 << 1
FEE = 1 << 2
EVENING = 1 << 3
WEEKEND = 1 << 4
OUTSIDE_SCHOOL = 1 << 5
SEATS = 1 << 6
ACCESSIBILITY_SHIFT = 8

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens: the one tokenisation every backend indexes and matches."""
    return _TOKEN.findall(text.lower())


def normalise_text(text: str) -> str:
    """Text as stored in SearchEntry.text: tokens between single spaces, padded, so `LIKE '% word %'` is exact."""
    return " " + " ".join(tokens(text)) + " "


def accessibility_bit(code: str) -> int:
    return 1 << (ACCESSIBILITY_SHIFT + list(Accessibility.values).index(code))


@dataclass(frozen=True)
class Query:
    latitude: float
    longitude: float
    category: int = 0  # a TaxonomyTerm id; 0 means any category
    language: str = ""
    flags_all: int = 0  # every one of these bits must be set
    flags_any: int = 0  # at least one of these bits must be set (when non-zero)
    age: int | None = None
    grade: int | None = None
    text: str = ""
    max_km: float | None = None
    limit: int = 10


@dataclass(frozen=True)
class Hit:
    entry_id: int
    service_id: int
    service_at_location_id: int
    distance_km: float


@dataclass
class _Sql:
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, clause: str, *params: object) -> None:
        self.where.append(clause)
        self.params.extend(params)


def _scale(query: Query) -> tuple[float, float]:
    """Kilometres per degree of latitude and of longitude at the query point."""
    return KM_PER_DEGREE, KM_PER_DEGREE * max(math.cos(math.radians(query.latitude)), 1e-6)


def distance_sql(query: Query) -> tuple[str, list[object]]:
    ky, kx = _scale(query)
    sql = "((e.latitude - %s) * (e.latitude - %s) * %s + (e.longitude - %s) * (e.longitude - %s) * %s)"
    return sql, [query.latitude, query.latitude, ky * ky, query.longitude, query.longitude, kx * kx]


def filters(query: Query) -> _Sql:
    """The filters every backend applies alike (the text filter's exact form included)."""
    f = _Sql()
    f.add("e.category = %s", query.category)
    if query.language:
        f.add("e.languages LIKE %s", f"% {query.language.lower()} %")
    if query.flags_all:
        f.add("(e.flags & %s) = %s", query.flags_all, query.flags_all)
    if query.flags_any:
        f.add("(e.flags & %s) <> 0", query.flags_any)
    if query.age is not None:
        f.add("(e.min_age IS NULL OR e.min_age <= %s) AND (e.max_age IS NULL OR e.max_age >= %s)", query.age, query.age)
    if query.grade is not None:
        f.add(
            "(e.min_grade IS NULL OR e.min_grade <= %s) AND (e.max_grade IS NULL OR e.max_grade >= %s)",
            query.grade,
            query.grade,
        )
    for token in tokens(query.text):
        f.add("e.text LIKE %s", f"% {token} %")
    if query.max_km is not None:
        dist, params = distance_sql(query)
        f.add(f"{dist} <= %s", *params, query.max_km * query.max_km)
    return f


def _run(sql: str, params: list[Any]) -> list[Hit]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(int(r[0]), int(r[1]), int(r[2]), math.sqrt(max(float(r[3]), 0.0))) for r in cursor.fetchall()]


def brute_force(query: Query) -> list[Hit]:
    """Every row, filtered and sorted by distance, with no spatial or text index: the baseline."""
    f = filters(query)
    dist, dist_params = distance_sql(query)
    # "+ 0" keeps the planner from using the category index: this is the scan we compare against.
    where = " AND ".join(["(e.category + 0) = %s", *f.where[1:]])
    sql = (
        f"SELECT e.id, e.service_id, e.service_at_location_id, {dist} AS d2 FROM directory_searchentry e "
        f"WHERE {where} ORDER BY d2, e.id LIMIT %s"
    )
    return _run(sql, [*dist_params, *f.params, query.limit])


def expanding_search(
    query: Query,
    box_sql: str,
    box_params: Callable[[float, float, float, float], list[object]],
    text_sql: str,
    text_params: list[object],
) -> list[Hit]:
    """Search boxes of growing radius; stop once the k-th hit is no farther than the box's half-width."""
    f = filters(query)
    dist, dist_params = distance_sql(query)
    ky, kx = _scale(query)
    radius = 1.0
    limit_km = query.max_km if query.max_km is not None else 25_000.0
    while True:
        r = min(radius, limit_km)
        everything = r >= 20_000.0
        where = [*f.where]
        params: list[object] = [*f.params]
        if not everything:
            dlat, dlon = r / ky, r / kx
            where.append(box_sql)
            params.extend(
                box_params(query.longitude - dlon, query.latitude - dlat, query.longitude + dlon, query.latitude + dlat)
            )
        if text_sql and query.text:
            where.append(text_sql)
            params.extend(text_params)
        sql = (
            f"SELECT e.id, e.service_id, e.service_at_location_id, {dist} AS d2 FROM directory_searchentry e "
            f"WHERE {' AND '.join(where)} ORDER BY d2, e.id LIMIT %s"
        )
        hits = _run(sql, [*dist_params, *params, query.limit])
        complete = len(hits) == query.limit and hits[-1].distance_km <= r
        if complete or everything or r >= limit_km:
            return hits
        radius *= 4
