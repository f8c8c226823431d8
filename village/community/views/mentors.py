"""The mentoring pages without an account: a mentor's match behind their private link (what the
consent covers of the student, logging a meeting, checking in), and the check-in link a family
or a mentor is sent once a month."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import PublicHttpRequest
from village.community.access import check_in_by_token, mentor_pair, volunteer_by_link
from village.community.actions import mentoring as actions
from village.community.mentoring import mentor_card, shown_elements
from village.community.mentoring_forms import CheckInForm, MeetingForm
from village.community.models import CheckInSide, Interest, MeetingTime
from village.lib.forms import errors_to_form


@require_http_methods(["GET", "POST"])
def mentor_match(request: PublicHttpRequest, token: str, pk: int) -> HttpResponse:
    volunteer = volunteer_by_link(token)
    pair = mentor_pair(volunteer, pk)
    which = request.POST.get("form") if request.method == "POST" else None
    meeting_form = MeetingForm(request.POST if which == "meeting" else None, prefix="meeting")
    check_in_form = CheckInForm(request.POST if which == "check_in" else None, prefix="check_in")
    if which == "meeting" and meeting_form.is_valid():
        data = meeting_form.cleaned_data
        try:
            actions.log_meeting(volunteer, pair, date=data["date"], minutes=data["minutes"], note=data["note"])
        except ValidationError as exc:
            errors_to_form(meeting_form, exc)
        else:
            messages.success(request, _("Thank you. The meeting is logged."))
            return redirect("community:mentor_match", token=token, pk=pair.pk)
    elif which == "check_in" and check_in_form.is_valid():
        data = check_in_form.cleaned_data
        try:
            actions.mentor_check_in(volunteer, pair, score=data["score"], comment=data["comment"])
        except ValidationError as exc:
            errors_to_form(check_in_form, exc)
        else:
            messages.success(request, _("Thank you for checking in."))
            return redirect("community:mentor_match", token=token, pk=pair.pk)
    mentee = pair.mentee
    covered = actions.record_mentor_view(mentee, shown_elements(mentee))
    times, interests = dict(MeetingTime.choices), dict(Interest.choices)
    context = {
        "token": token,
        "volunteer": volunteer,
        "pair": pair,
        "student": mentor_card(mentee, covered),
        "times": ", ".join(str(times.get(t, t)) for t in sorted(set(mentee.times) & set(pair.mentor.times))),
        "interests": ", ".join(str(interests.get(i, i)) for i in mentee.interests),
        "meetings": pair.meetings.all()[:20],
        "meeting_form": meeting_form,
        "check_in_form": check_in_form,
    }
    return render(request, "community/mentoring/mentor_match.html", context, status=400 if which else 200)


@require_http_methods(["GET", "POST"])
def check_in(request: PublicHttpRequest, token: str) -> HttpResponse:
    """A check-in asked by message: how is it going? Answered once."""
    found = check_in_by_token(token)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_check_in(found, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Thank you for telling us how it goes."))
            return redirect("community:check_in", token=token)
    context = {
        "check_in": found,
        "form": form,
        "student_side": found.side == CheckInSide.STUDENT,
        "program": found.pair.program,
    }
    return render(
        request, "community/mentoring/check_in.html", context, status=400 if request.method == "POST" else 200
    )
