"""Public reports of a district and of each school: no sign-in, printable, and as a PDF in every language.

They show only suppressed figures (through `indicators.figures`), the councils' decisions,
closed gap reviews and celebrations.
"""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from village.accounts.http import PublicHttpRequest
from village.governance.models import Decision
from village.governance.queries import public_decisions
from village.indicators import figures
from village.indicators.figures import Board
from village.indicators.models import Celebration, Indicator, Period, Review
from village.indicators.vocab import ReviewStatus
from village.lib.suppression import Rate, small_n
from village.lib.translation import plain_text
from village.orgs.models import District, School
from village.reports import cache
from village.reports.access import public_district, public_school
from village.reports.pdf import report_pdf


class ReportContext(TypedDict):
    district: District
    school: School | None
    periods: list[Period]
    boards: list[Board]
    by_school: list[tuple[Indicator, list[tuple[School, Rate]]]]
    celebrations: QuerySet[Celebration]
    decisions: list[Decision]
    reviews: QuerySet[Review]
    schools: QuerySet[School] | list[School]
    small_n: int


def _report_context(district: District, school: School | None) -> ReportContext:
    periods = figures.latest_periods(district.pk, figures.TREND)
    schools = [school] if school else list(School.objects.filter(district=district).order_by("name"))
    indicators = list(Indicator.objects.filter(district=district, active=True).order_by("name"))
    latest = periods[-1] if periods else None
    reviews = Review.objects.filter(district=district, school__in=schools, status=ReviewStatus.CLOSED)
    reviews = reviews.annotate(action_count=Count("actions")).select_related("indicator", "school", "period")[:20]
    return {
        "district": district,
        "school": school,
        "periods": periods,
        "boards": figures.boards(indicators, periods, schools) if periods else [],
        "by_school": [(i, figures.by_school(i, latest, schools)) for i in indicators] if latest and not school else [],
        "celebrations": figures.celebrations(district, schools)[:20],
        "decisions": _decisions(district, school),
        "reviews": reviews,
        "schools": School.objects.filter(district=district).order_by("name") if not school else [],
        "small_n": small_n(),
    }


def _report(request: PublicHttpRequest, district: District, school: School | None) -> HttpResponse:
    body = cache.page_body(
        cache.version(district, school),
        lambda: render_to_string("reports/_report_body.html", dict(_report_context(district, school))),
    )
    return render(request, "reports/report.html", {"district": district, "school": school, "body": body})


def _report_pdf(district: District, school: School | None) -> HttpResponse:
    """The PDF, from its file: rendered once per release and language (see `reports.cache`)."""
    path = cache.pdf_file(cache.version(district, school), lambda: _render_pdf(district, school))
    name = f"report-{district.slug}" + (f"-school-{school.pk}" if school else "")
    response = HttpResponse(path.read_bytes(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def _render_pdf(district: District, school: School | None) -> bytes:
    context = _report_context(district, school)
    place = school.name if school else district.name
    decisions = [
        f"{plain_text(d.proposal.title, d.proposal.source_language)} · {d.get_outcome_display()} · "
        f"{_('Equity goal')}: {plain_text(d.proposal.equity_goal, d.proposal.source_language)}"
        for d in context["decisions"]
    ] + [
        _("Gap review: %(indicator)s · %(school)s · %(period)s")
        % {
            "indicator": plain_text(r.indicator.name, r.indicator.source_language),
            "school": r.school.name,
            "period": r.period.label,
        }
        for r in context["reviews"]
    ]
    return report_pdf(
        _("How our students are doing: %(place)s") % {"place": place},
        context["boards"],
        list(context["celebrations"]),
        decisions,
    )


def public_district_pdf(request: PublicHttpRequest, slug: str) -> HttpResponse:
    return _report_pdf(public_district(slug), None)


def public_school_pdf(request: PublicHttpRequest, slug: str, pk: int) -> HttpResponse:
    district = public_district(slug)
    return _report_pdf(district, public_school(district, pk))


def _decisions(district: District, school: School | None) -> list[Decision]:
    """The councils' decisions from the public decision log (the school's and the district's)."""
    found = public_decisions().filter(district=district)
    if school is not None:
        found = found.filter(Q(council__school=school) | Q(council__school__isnull=True))
    return list(found.order_by("-decided_at")[:20])


def public_district_report(request: PublicHttpRequest, slug: str) -> HttpResponse:
    return _report(request, public_district(slug), None)


def public_school_report(request: PublicHttpRequest, slug: str, pk: int) -> HttpResponse:
    district = public_district(slug)
    return _report(request, district, public_school(district, pk))
