"""The pages of the people who run volunteering at a school: its opportunities, posting one,
and an opportunity's sign-ups, clearances and hours."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest, PublicHttpRequest
from village.accounts.models import User
from village.community import actions
from village.community.access import (
    access_hours,
    access_opportunity,
    access_poster_school,
    access_signup,
    any_school,
    managed_at,
    open_at,
)
from village.community.forms import ClearanceForm, OpportunityForm
from village.community.models import Clearance, ClearanceKind, HoursStatus, SignupStatus
from village.events.rules import hosting_organization
from village.lib.forms import errors_to_form
from village.lib.languages import language_name
from village.orgs.models import School
from village.orgs.rules import CURRENT_PARTNERSHIP_STATUSES
from village.partnerships.access import visible_partnerships
from village.partnerships.models import Partnership


def school_opportunities(request: PublicHttpRequest, pk: int) -> HttpResponse:
    """A school's volunteer opportunities: open ones for everyone, and those the person runs."""
    school = any_school(pk)
    poster = request.user.is_authenticated and request.user.has_perm("community.post_at", school)
    managed = managed_at(request.user, school) if isinstance(request.user, User) and poster else []
    return render(
        request,
        "community/school.html",
        {"school": school, "open": open_at(school), "managed": managed, "poster": poster},
    )


def _partnerships(user: User, school: School) -> QuerySet[Partnership]:
    serving = Q(schools=school) | Q(district_id=school.district_id, district_wide=True)
    return (
        visible_partnerships(user).filter(serving, status__in=CURRENT_PARTNERSHIP_STATUSES).distinct().order_by("name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_poster_school(request.user, pk)
    organization = hosting_organization(request.user, school)
    partnerships = _partnerships(request.user, school)
    if organization is not None:
        partnerships = partnerships.filter(members__organization=organization)
    form = OpportunityForm(request.POST or None, partnerships=partnerships)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opportunity = actions.post_opportunity(
                request.user, school, fields=data, organization=organization, partnership=data["partnership"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The opportunity is posted. Share its sign-up link."))
            return redirect("community:opportunity", pk=opportunity.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/opportunity_form.html", {"form": form, "school": school}, status=status)


@login_required
def opportunity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = access_opportunity(request.user, pk)
    signups = list(opportunity.signups.select_related("volunteer").prefetch_related("volunteer__clearances", "hours"))
    rows = []
    for signup in signups:
        held: dict[str, Clearance] = {}
        for clearance in signup.volunteer.clearances.all():
            held.setdefault(clearance.kind, clearance)  # the latest of each kind first (ordering)
        kinds = sorted(set(opportunity.clearances) | set(held))
        rows.append(
            {
                "signup": signup,
                "clearances": [
                    {
                        "name": ClearanceKind(k).label,
                        "record": held.get(k),
                        "status": held[k].status() if k in held else "missing",
                        "required": k in opportunity.clearances,
                    }
                    for k in kinds
                ],
                "missing": actions.missing_clearances(signup.volunteer, opportunity.clearances),
            }
        )
    waiting = [h for s in signups for h in s.hours.all() if h.status == HoursStatus.LOGGED]
    confirmed = sum((h.hours for s in signups for h in s.hours.all() if h.status == HoursStatus.CONFIRMED), start=0)
    return render(
        request,
        "community/opportunity.html",
        {
            "opportunity": opportunity,
            "rows": rows,
            "waiting": waiting,
            "confirmed": confirmed,
            "languages": [language_name(c) for c in opportunity.languages],
            "pending": SignupStatus.PENDING,
            "approved": SignupStatus.APPROVED,
        },
    )


@login_required
@require_POST
def set_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = access_opportunity(request.user, pk)
    actions.set_open(request.user, opportunity, request.POST.get("open") == "1")
    return redirect("community:opportunity", pk=opportunity.pk)


@login_required
@require_POST
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    signup = access_signup(request.user, pk)
    try:
        actions.decide_signup(request.user, signup, approve=request.POST.get("decision") == "approve")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The volunteer is told by email."))
    return redirect("community:opportunity", pk=signup.opportunity_id)


@login_required
@require_http_methods(["GET", "POST"])
def clearance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record a clearance the volunteer showed (status and dates; Village runs no check)."""
    signup = access_signup(request.user, pk)
    form = ClearanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_clearance(
                request.user,
                signup.volunteer,
                kind=data["kind"],
                cleared_on=data["cleared_on"],
                expires_on=data["expires_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The clearance is recorded."))
            return redirect("community:opportunity", pk=signup.opportunity_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "signup": signup, "clearances": signup.volunteer.clearances.all()}
    return render(request, "community/clearance_form.html", context, status=status)


@login_required
@require_POST
def confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    log = access_hours(request.user, pk)
    try:
        actions.confirm_hours(request.user, log, confirm=request.POST.get("decision") == "confirm")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if log.status == HoursStatus.CONFIRMED and log.resource is not None:
            messages.success(request, _("The hours are confirmed and added to the partnership's shared resources."))
        elif log.status == HoursStatus.CONFIRMED:
            messages.success(request, _("The hours are confirmed."))
        else:
            messages.success(request, _("The hours are marked as not confirmed."))
    return redirect("community:opportunity", pk=log.signup.opportunity_id)
