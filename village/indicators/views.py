"""Pages of the indicator framework: set-up, data, dashboards, reviews, celebrations, public reports."""

from __future__ import annotations

from typing import Any

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.indicators import actions, figures
from village.indicators.access import (
    access_framework,
    access_indicator,
    access_partner_organization,
    access_practice_school,
    access_review,
    access_review_action,
    access_school_board,
    review_people,
    reviews_for,
    shared_metrics,
)
from village.indicators.edfi import plan_attendance, weekdays
from village.indicators.forms import (
    AttendanceForm,
    CelebrationForm,
    DashboardFilter,
    ImportForm,
    IndicatorForm,
    PeriodForm,
    PracticeForm,
    RefreshForm,
    ReviewActionForm,
    ReviewForm,
)
from village.indicators.grains import REPLACE
from village.indicators.imports import plan_values
from village.indicators.models import Indicator, Period, PracticeLog, Review
from village.indicators.vocab import ReviewStatus
from village.lib.languages import language_name
from village.lib.spreadsheet import csv_response
from village.lib.translation import plain_text
from village.lib.translation_page import Text, language_states, translation_page
from village.orgs.models import District, School


@login_required
def framework(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_framework(request.user, slug)
    if request.method == "POST" and request.POST.get("starter"):
        added = actions.ensure_starter(district)
        messages.success(request, _("Added %(n)s starter indicators.") % {"n": added})
        return redirect("indicators:framework", slug=slug)
    return render(
        request,
        "indicators/framework.html",
        {
            "district": district,
            "indicators": Indicator.objects.filter(district=district).order_by("-active", "code"),
            "periods": Period.objects.filter(district=district).order_by("-starts"),
            "period_form": PeriodForm(),
            "refresh_form": RefreshForm(district=district),
        },
    )


@login_required
def indicator_edit(request: AuthenticatedHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    district = access_framework(request.user, slug)
    instance = access_indicator(request.user, district, pk) if pk is not None else Indicator(district=district)
    form = IndicatorForm(request.POST or None, instance=instance, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_indicator(
                request.user,
                form.save(commit=False),
                name=form.cleaned_data["name"],
                language=translation.get_language(),
            )
        except ValidationError as error:
            form.add_error("name" if hasattr(error, "error_dict") else "groups", error)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": form.instance})
            return redirect("indicators:framework", slug=slug)
    return render(
        request,
        "indicators/indicator_form.html",
        {
            "district": district,
            "form": form,
            "indicator": instance,
            "written_in": language_name(instance.source_language),
            "translations": language_states(
                _indicator_texts(instance),
                instance.source_language,
                lambda code: reverse(
                    "indicators:indicator_translate", kwargs={"slug": slug, "pk": instance.pk, "language": code}
                ),
            )
            if instance.pk is not None
            else [],
        },
    )


def _indicator_texts(indicator: Indicator) -> list[Text]:
    return [Text("name", _("Name"), indicator.name, max_length=120)]


@login_required
@require_http_methods(["GET", "POST"])
def indicator_translate(request: AuthenticatedHttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    district = access_framework(request.user, slug)
    indicator = access_indicator(request.user, district, pk)
    return translation_page(
        request,
        heading=str(indicator),
        texts=_indicator_texts(indicator),
        source_language=indicator.source_language,
        language=language,
        save=lambda texts: actions.translate_indicator(request.user, indicator, language, texts),
        back=reverse("indicators:indicator_edit", kwargs={"slug": slug, "pk": indicator.pk}),
    )


@login_required
def period_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_framework(request.user, slug)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_period(request.user, district, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Period “%(label)s” added.") % {"label": form.cleaned_data["label"]})
            return redirect("indicators:framework", slug=slug)
    return render(request, "indicators/period_form.html", {"district": district, "form": form})


@login_required
@require_POST
def refresh(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_framework(request.user, slug)
    form = RefreshForm(request.POST, district=district)
    if not form.is_valid():
        messages.error(request, _("Choose a period to compute."))
        return redirect("indicators:framework", slug=slug)
    done = actions.refresh(request.user, district, form.cleaned_data["period"])
    messages.success(
        request,
        _("Computed %(values)s figures. Reviews opened: %(reviews)s. New celebrations: %(celebrations)s.")
        % {"values": done.values, "reviews": len(done.reviews), "celebrations": len(done.celebrations)},
    )
    return redirect("indicators:dashboard", slug=slug)


@login_required
def import_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_framework(request.user, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = plan_values(
            district,
            upload.name,
            upload.read(),
            dry_run=form.cleaned_data["dry_run"],
            replace=form.cleaned_data["existing"] == REPLACE,
        )
        if report.ok and not report.dry_run:
            written = actions.import_values(request.user, district, report)
            messages.success(request, " ".join([_("Imported %(n)s figures.") % {"n": written}, *report.notes]))
            return redirect("indicators:dashboard", slug=slug)
    return render(
        request,
        "indicators/import.html",
        {
            "district": district,
            "form": form,
            "report": report,
            "attendance_form": AttendanceForm(district=district, prefix="attendance"),
            "codes": Indicator.objects.filter(district=district),
        },
    )


@login_required
def import_attendance_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_framework(request.user, slug)
    form = AttendanceForm(request.POST or None, request.FILES or None, district=district, prefix="attendance")
    report = None
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        days = form.cleaned_data["school_days"] or weekdays(period.starts, period.ends)
        upload = form.cleaned_data["file"]
        report = plan_attendance(
            district,
            period,
            upload.name,
            upload.read(),
            days,
            dry_run=form.cleaned_data["dry_run"],
            replace=form.cleaned_data["existing"] == REPLACE,
        )
        if report.ok and not report.dry_run:
            actions.import_attendance(request.user, district, report)
            messages.success(
                request,
                " ".join(
                    [
                        _("Attendance imported from %(n)s events over %(days)s school days.")
                        % {"n": report.rows, "days": days},
                        *report.notes,
                    ]
                ),
            )
            return redirect("indicators:dashboard", slug=slug)
    return render(
        request,
        "indicators/import.html",
        {
            "district": district,
            "form": ImportForm(),
            "report": report,
            "attendance_form": form,
            "codes": Indicator.objects.filter(district=district),
        },
    )


def _board_context(
    request: HttpRequest, district: District, schools: QuerySet[School], school: School | None
) -> dict[str, Any]:
    form = DashboardFilter(request.GET or None, district=district, schools=schools if school is None else None)
    chosen_school, upto, group = school, None, ""
    if form.is_valid():
        chosen_school = school or form.cleaned_data["school"]
        upto = form.cleaned_data["period"]
        group = form.cleaned_data["group"] or ""
    periods = Period.objects.filter(district=district).order_by("-starts")
    if upto is not None:
        periods = periods.filter(starts__lte=upto.starts)
    shown = list(periods[: figures.TREND])[::-1]
    in_scope = [chosen_school] if chosen_school else list(schools)
    indicators = list(Indicator.objects.filter(district=district, active=True).order_by("name"))
    return {
        "district": district,
        "school": chosen_school,
        "form": form,
        "boards": figures.boards(indicators, shown, in_scope, group=group) if shown else [],
        "periods": shown,
        "celebrations": figures.celebrations(district, in_scope)[:6],
        "query": request.GET.urlencode(),
    }


@login_required
def dashboard(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_framework(request.user, slug)
    schools = School.objects.filter(district=district).order_by("name")
    context = _board_context(request, district, schools, None)
    context["csv_url"] = "indicators:dashboard_csv"
    context["csv_args"] = [slug]
    context["open_reviews"] = Review.objects.filter(district=district).exclude(status=ReviewStatus.CLOSED).count()
    return render(request, "indicators/dashboard.html", context)


@login_required
def school_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school_board(request.user, pk)
    context = _board_context(request, school.district, School.objects.filter(pk=school.pk), school)
    context["csv_url"] = "indicators:school_dashboard_csv"
    context["csv_args"] = [school.pk]
    context["open_reviews"] = Review.objects.filter(school=school).exclude(status=ReviewStatus.CLOSED).count()
    return render(request, "indicators/dashboard.html", context)


def _csv(context: dict[str, Any], name: str) -> HttpResponse:
    periods = context["periods"]
    data = tablib.Dataset(
        headers=[_("Indicator"), _("Student group"), *[p.label for p in periods], _("Target"), _("Gap to all students")]
    )
    for board in context["boards"]:
        for row in board.rows:
            data.append(
                [
                    plain_text(board.indicator.name, board.indicator.source_language),
                    row.label,
                    *[cell.display for cell in row.cells],
                    board.indicator.target if board.indicator.target is not None else "",
                    row.gap,
                ]
            )
    return csv_response(data, f"{name}.csv")


@login_required
def dashboard_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_framework(request.user, slug)
    schools = School.objects.filter(district=district).order_by("name")
    return _csv(_board_context(request, district, schools, None), f"indicators-{district.slug}")


@login_required
def school_dashboard_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school_board(request.user, pk)
    return _csv(
        _board_context(request, school.district, School.objects.filter(pk=school.pk), school),
        f"indicators-school-{school.pk}",
    )


@login_required
def partner_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A partner's shared metrics: each agreement metric that follows a Village indicator, for
    the partnership's schools, with the same suppression as every other figure."""
    organization = access_partner_organization(request.user, pk)
    shared = []
    for metric in shared_metrics(organization):
        partnership = metric.version.agreement.partnership
        schools = list(partnership.schools.order_by("name"))
        indicator = metric.indicator
        assert indicator is not None
        periods = figures.latest_periods(indicator.district_id, figures.TREND)
        boards = figures.boards([indicator], periods, schools) if periods and schools else []
        shared.append(
            {"metric": metric, "partnership": partnership, "schools": schools, "board": boards[0] if boards else None}
        )
    return render(request, "indicators/partner.html", {"organization": organization, "shared": shared})


# --- Reviews ----------------------------------------------------------------------------------------


@login_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    reviews = reviews_for(request.user).select_related("school", "indicator", "period").order_by("status", "due")
    return render(request, "indicators/reviews.html", {"reviews": reviews})


@login_required
def review_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = access_review(request.user, pk)
    people = review_people(review)
    form = ReviewForm(
        request.POST or None,
        people=people,
        initial={
            "findings": review.findings,
            "reallocations": review.reallocations,
            "participants": review.participants.all(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_review(request.user, review, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Review saved."))
            return redirect("indicators:review", pk=pk)
    return render(
        request,
        "indicators/review.html",
        {
            "review": review,
            "form": form,
            "action_form": ReviewActionForm(people=people),
            "group_label": figures.group_label(review.group),
        },
    )


@login_required
@require_POST
def review_action_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = access_review(request.user, pk)
    form = ReviewActionForm(request.POST, people=review_people(review))
    if form.is_valid():
        try:
            actions.add_review_action(request.user, review, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Action added."))
        return redirect("indicators:review", pk=pk)
    return render(
        request,
        "indicators/review.html",
        {
            "review": review,
            "form": ReviewForm(
                people=review_people(review),
                initial={"findings": review.findings, "reallocations": review.reallocations},
            ),
            "action_form": form,
            "group_label": figures.group_label(review.group),
        },
        status=400,
    )


@login_required
@require_POST
def review_action_done(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    review = access_review(request.user, pk)
    actions.finish_review_action(request.user, access_review_action(request.user, review, action_pk))
    messages.success(request, _("Action marked done."))
    return redirect("indicators:review", pk=pk)


@login_required
@require_POST
def review_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = access_review(request.user, pk)
    try:
        actions.close_review(request.user, review)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Review closed."))
    return redirect("indicators:review", pk=pk)


# --- Celebrations and practices ---------------------------------------------------------------------


@login_required
def celebration_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_framework(request.user, slug)
    form = CelebrationForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        actions.add_celebration(request.user, district, **form.cleaned_data)
        messages.success(request, _("Celebration added. It shows on dashboards and public reports."))
        return redirect("indicators:dashboard", slug=slug)
    return render(request, "indicators/celebration_form.html", {"district": district, "form": form})


@login_required
def practice(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_practice_school(request.user, pk)
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.log_practice(request.user, school, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("happened_on", error)
        else:
            messages.success(request, _("Logged. Thank you."))
            return redirect("indicators:practice", pk=pk)
    recent = PracticeLog.objects.filter(school=school, educator_id=request.user.pk)[:10]
    return render(request, "indicators/practice.html", {"school": school, "form": form, "recent": recent})
