"""Public reports of a district and of each school: no sign-in, printable, and as a PDF in every language.

They show only suppressed figures (through `indicators.figures`), the councils' decisions,
closed gap reviews and celebrations.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from village.accounts.http import PublicHttpRequest
from village.orgs.models import District, School
from village.reports import actions, cache
from village.reports.access import public_district, public_school
from village.reports.render import report_context


def _report(request: PublicHttpRequest, district: District, school: School | None) -> HttpResponse:
    body = cache.page_body(
        cache.version(district, school),
        lambda: render_to_string("reports/_report_body.html", dict(report_context(district, school))),
    )
    return render(request, "reports/report.html", {"district": district, "school": school, "body": body})


def _report_pdf(request: PublicHttpRequest, district: District, school: School | None) -> HttpResponse:
    """The PDF from its file, rendered by the task worker once per release and language; until it
    is, a page says it is being prepared (never rendered in a request: see `reports.actions`)."""
    key = cache.version(district, school)
    path = cache.pdf_ready(key)
    if path is None:
        actions.request_pdf(district, school, key)
        path = cache.pdf_ready(key)  # the immediate backend of tests and demos renders on return
    if path is None:
        response = render(request, "reports/pdf_pending.html", {"district": district, "school": school}, status=202)
        response["Retry-After"] = "30"
        return response
    name = f"report-{district.slug}" + (f"-school-{school.pk}" if school else "")
    response = HttpResponse(path.read_bytes(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def public_district_pdf(request: PublicHttpRequest, slug: str) -> HttpResponse:
    return _report_pdf(request, public_district(slug), None)


def public_school_pdf(request: PublicHttpRequest, slug: str, pk: int) -> HttpResponse:
    district = public_district(slug)
    return _report_pdf(request, district, public_school(district, pk))


def public_district_report(request: PublicHttpRequest, slug: str) -> HttpResponse:
    return _report(request, public_district(slug), None)


def public_school_report(request: PublicHttpRequest, slug: str, pk: int) -> HttpResponse:
    district = public_district(slug)
    return _report(request, district, public_school(district, pk))
