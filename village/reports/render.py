"""What a public report shows, and its PDF (read by the page, and by the worker that renders the PDF)."""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from village.governance.models import Decision
from village.governance.queries import public_decisions
from village.indicators import figures
from village.indicators.figures import Board
from village.indicators.models import Celebration, Indicator, Period, Review
from village.indicators.vocab import ReviewStatus
from village.lib.suppression import Rate, small_n
from village.lib.translation import plain_text
from village.orgs.models import District, School
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


def report_context(district: District, school: School | None) -> ReportContext:
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
        "decisions": decisions(district, school),
        "reviews": reviews,
        "schools": School.objects.filter(district=district).order_by("name") if not school else [],
        "small_n": small_n(),
    }


def render_pdf(district: District, school: School | None) -> bytes:
    context = report_context(district, school)
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


def decisions(district: District, school: School | None) -> list[Decision]:
    """The councils' decisions from the public decision log (the school's and the district's)."""
    found = public_decisions().filter(district=district)
    if school is not None:
        found = found.filter(Q(council__school=school) | Q(council__school__isnull=True))
    return list(found.order_by("-decided_at")[:20])
