"""The pages volunteers use without an account: an opportunity's sign-up page, and their own
private page (sign-ups, hours) behind the link they were given."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import PublicHttpRequest
from village.community import actions
from village.community.access import opportunity_by_token, volunteer_by_link
from village.community.forms import HoursForm, SignupForm
from village.community.models import Pair, SignupStatus
from village.lib.forms import errors_to_form
from village.lib.languages import language_name


@require_http_methods(["GET", "POST"])
def signup(request: PublicHttpRequest, token: str) -> HttpResponse:
    opportunity = opportunity_by_token(token)
    form = SignupForm(request.POST or None)
    context = {
        "opportunity": opportunity,
        "form": form,
        "languages": [language_name(c) for c in opportunity.languages],
    }
    if request.method != "POST":
        return render(request, "community/signup.html", context)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = actions.sign_up(
                opportunity,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                message=data["message"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            return render(
                request,
                "community/signed_up.html",
                {"opportunity": opportunity, "link": result.link, "signup": result.signup},
            )
    return render(request, "community/signup.html", context, status=400)


@require_http_methods(["GET", "POST"])
def volunteer(request: PublicHttpRequest, token: str) -> HttpResponse:
    """A volunteer's own page: their sign-ups and clearances, and a form to log hours."""
    person = volunteer_by_link(token)
    signups = person.signups.select_related("opportunity__school").order_by("-created_at")
    approved = signups.filter(status=SignupStatus.APPROVED)
    # With one approved sign-up there is nothing to choose: it is chosen already.
    only = list(approved[:2])
    initial: dict[str, object] = {"signup": only[0].pk} if len(only) == 1 else {}
    form = HoursForm(request.POST or None, signups=approved, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.log_hours(person, data["signup"], date=data["date"], hours=data["hours"], note=data["note"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Thank you. Your hours are logged and wait for the coordinator to confirm them.")
            )
            return redirect("community:volunteer", token=token)
    context = {
        "volunteer": person,
        "signups": signups,
        "approved": approved.exists(),
        "form": form,
        "hours": [h for s in signups.prefetch_related("hours") for h in s.hours.all()],
        "clearances": person.clearances.all(),
        "matches": Pair.objects.filter(mentor__volunteer=person, ended_on__isnull=True).select_related("program"),
        "token": token,
    }
    return render(request, "community/volunteer.html", context, status=400 if request.method == "POST" else 200)
