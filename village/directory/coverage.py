"""Coverage per school: how many services a school's families can reach, per need category.

A service counts for a school and category when it is active, has a location within
VILLAGE_COVERAGE_KM of the school, is open outside the school day, and is offered in the
language being counted. A cell's number is the count in the school's worst-served top
home language, so a school whose Somali-speaking families have no reachable tutoring
shows a gap even when English speakers have five options.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F

from village.directory import search
from village.directory.models import SearchEntry, TaxonomyTerm
from village.directory.taxonomy import Need
from village.families.models import Student
from village.lib.languages import language_name
from village.orgs.models import School

TOP_LANGUAGES = 3
THIN = 2  # one or two services: thin coverage, highlighted like a gap but less strongly


@dataclass
class Cell:
    count: int
    weakest_language: str = ""

    @property
    def level(self) -> str:
        if self.count == 0:
            return "gap"
        return "thin" if self.count <= THIN else "covered"


@dataclass
class Row:
    school: School
    languages: list[str]
    cells: list[Cell] = field(default_factory=list)
    located: bool = True

    @property
    def gaps(self) -> int:
        return sum(1 for c in self.cells if c.level == "gap")


def top_languages(schools: list[School]) -> dict[int, list[str]]:
    """Each school's most common home languages among enrolled students' households (one query)."""
    counts = (
        Student.objects.filter(school__in=schools, status="enrolled", household__isnull=False)
        .values("school_id", "household__home_language")
        .annotate(n=Count("id"))
        .order_by("school_id", "-n", "household__home_language")
    )
    found: dict[int, list[str]] = defaultdict(list)
    for row in counts:
        code = (row["household__home_language"] or "").lower()
        if code and len(found[row["school_id"]]) < TOP_LANGUAGES:
            found[row["school_id"]].append(code)
    return found


def need_terms() -> list[TaxonomyTerm]:
    return list(TaxonomyTerm.objects.filter(taxonomy__name="Village needs", code__in=Need.values).order_by("pk"))


def coverage(schools: list[School], km: float | None = None) -> tuple[list[TaxonomyTerm], list[Row]]:
    km = float(km if km is not None else settings.VILLAGE_COVERAGE_KM)
    terms = need_terms()
    languages = top_languages(schools)
    located = [s for s in schools if s.latitude is not None and s.longitude is not None]
    entries: list[dict[str, Any]] = []
    if located:
        lats = [float(s.latitude or 0) for s in located]
        lons = [float(s.longitude or 0) for s in located]
        dlat = km / search.KM_PER_DEGREE
        dlon = km / (search.KM_PER_DEGREE * max(min(math.cos(math.radians(v)) for v in lats), 1e-6))
        entries = [
            dict(row)
            for row in SearchEntry.objects.filter(
                category__in=[t.pk for t in terms],
                latitude__gte=min(lats) - dlat,
                latitude__lte=max(lats) + dlat,
                longitude__gte=min(lons) - dlon,
                longitude__lte=max(lons) + dlon,
            )
            .annotate(outside=F("flags").bitand(search.OUTSIDE_SCHOOL))
            .filter(outside__gt=0)
            .values("service_id", "category", "languages", "latitude", "longitude")
        ]
    rows = []
    for school in schools:
        langs = languages.get(school.pk) or ["en"]
        row = Row(school, langs, located=school in located)
        if not row.located:
            row.cells = [Cell(0) for _ in terms]
            rows.append(row)
            continue
        lat, lon = float(school.latitude or 0), float(school.longitude or 0)
        kx = search.KM_PER_DEGREE * math.cos(math.radians(lat))
        reach: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for e in entries:
            dy = (float(e["latitude"]) - lat) * search.KM_PER_DEGREE
            dx = (float(e["longitude"]) - lon) * kx
            if dx * dx + dy * dy > km * km:
                continue
            offered = str(e["languages"]).split()
            for code in langs:
                if code in offered:
                    reach[int(e["category"])][code].add(int(e["service_id"]))
        for term in terms:
            per_language = {code: len(reach[term.pk][code]) for code in langs}
            weakest = min(langs, key=lambda c: (per_language[c], c))
            row.cells.append(Cell(per_language[weakest], language_name(weakest) if len(langs) > 1 else ""))
        rows.append(row)
    return terms, rows
