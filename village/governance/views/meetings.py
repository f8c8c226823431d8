"""Meetings: scheduling with accommodations, agenda, attendance, minutes and quorum."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.governance import actions, queries
from village.governance.access import (
    access_council,
    access_meeting,
)
from village.governance.forms import (
    AgendaForm,
    MeetingForm,
    RecordMeetingForm,
)
from village.governance.models import CouncilMember, Meeting
from village.governance.views import attach_errors
from village.lib.languages import language_name


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk, "governance.run_council")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = actions.schedule_meeting(request.user, council, **form.cleaned_data)
        messages.success(request, _("The meeting is scheduled. Add its agenda."))
        return redirect(meeting)
    return render(request, "governance/meeting_new.html", {"council": council, "form": form})


def _meeting_context(request: HttpRequest, meeting: Meeting, **forms_: object) -> dict[str, object]:
    council = meeting.council
    day = meeting.starts_at.date()
    members = CouncilMember.objects.filter(council=council).serving_on(day).select_related("user")
    return {
        "meeting": meeting,
        "council": council,
        "interpretation": [language_name(code) for code in meeting.interpretation],
        "agenda": meeting.agenda.select_related("proposal", "review__indicator", "review__school"),
        "attendees": meeting.attendees.select_related("user"),
        "quorum": queries.meeting_quorum(meeting),
        "can_run": request.user.has_perm("governance.run_council", council),
        "agenda_form": forms_.get("agenda_form") or AgendaForm(council_id=council.pk),
        "record_form": forms_.get("record_form")
        or RecordMeetingForm(
            members=members,
            initial={"attendees": list(meeting.attendees.all()), "minutes": meeting.minutes},
        ),
    }


@login_required
def meeting_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk)
    return render(request, "governance/meeting.html", _meeting_context(request, meeting))


@login_required
@require_POST
def meeting_agenda(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, "governance.run_council")
    form = AgendaForm(request.POST, council_id=meeting.council_id)
    if form.is_valid():
        try:
            actions.add_agenda_item(request.user, meeting, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect(meeting)
    return render(request, "governance/meeting.html", _meeting_context(request, meeting, agenda_form=form), status=400)


@login_required
@require_POST
def meeting_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access_meeting(request.user, pk, "governance.run_council")
    members = CouncilMember.objects.filter(council=meeting.council)
    form = RecordMeetingForm(request.POST, members=members)
    if form.is_valid():
        try:
            actions.record_meeting(request.user, meeting, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Attendance and minutes are saved."))
            return redirect(meeting)
    return render(request, "governance/meeting.html", _meeting_context(request, meeting, record_form=form), status=400)
