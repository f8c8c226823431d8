"""Coverage per school for coordinators and district leads, as a table and a CSV file."""

from __future__ import annotations

import tablib
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from village.directory.access import access_coverage_schools
from village.directory.coverage import coverage
from village.lib.spreadsheet import csv_response


def _rows(request: HttpRequest) -> tuple[list[object], list[object]]:
    schools = access_coverage_schools(request.user)
    terms, rows = coverage(schools)
    return list(terms), list(rows)


@login_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    terms, rows = _rows(request)
    markers = []
    for row in rows:
        school = row.school  # type: ignore[attr-defined]
        if not row.located:  # type: ignore[attr-defined]
            continue
        gaps = row.gaps  # type: ignore[attr-defined]
        thin = len([c for c in row.cells if c.level == "thin"])  # type: ignore[attr-defined]
        markers.append(
            {
                "lat": float(school.latitude),
                "lon": float(school.longitude),
                "name": _("%(school)s: %(gaps)s gaps, %(thin)s thin")
                % {"school": school.name, "gaps": gaps, "thin": thin},
                "level": "gap" if gaps else ("thin" if thin else "covered"),
            }
        )
    return render(
        request,
        "directory/coverage.html",
        {
            "terms": terms,
            "rows": rows,
            "km": settings.VILLAGE_COVERAGE_KM,
            "markers": markers,
            "tile_url": settings.VILLAGE_MAP_TILE_URL,
        },
    )


@login_required
def coverage_csv(request: HttpRequest) -> HttpResponse:
    terms, rows = _rows(request)
    data = tablib.Dataset(headers=[_("School"), _("District"), _("Top home languages"), *[str(t) for t in terms]])
    for row in rows:
        data.append(
            [
                row.school.name,  # type: ignore[attr-defined]
                row.school.district.name,  # type: ignore[attr-defined]
                " ".join(row.languages),  # type: ignore[attr-defined]
                *[cell.count for cell in row.cells],  # type: ignore[attr-defined]
            ]
        )
    return csv_response(data, "coverage.csv")
