"""Calendar feeds (a school's public events, a person's private feed) and the school's own
calendar, imported from an .ics file."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest, PublicHttpRequest
from village.events import actions
from village.events.access import access_organizer_school, any_organization, any_school, feed_by_token
from village.events.calendars import calendar_bytes, read_school_calendar
from village.events.forms import CalendarUploadForm
from village.events.models import NOT_COMING, Audience, Event, RsvpStatus, SchoolDate
from village.events.rules import community_school_ids, organizer_school_ids
from village.events.views.common import ics_response
from village.lib.import_rows import problems_by_row
from village.lib.imports import ImportReport, UnreadableFile
from village.lib.links import absolute_reverse
from village.orgs.models import School

# How far back a feed reaches: calendars keep what happened recently.
FEED_PAST = datetime.timedelta(days=60)


def school_feed(request: PublicHttpRequest, pk: int) -> HttpResponse:
    """A school's public events (and its district's), for anyone to subscribe to."""
    school = any_school(pk)
    events = Event.objects.filter(
        Q(school=school) | Q(school__isnull=True, district_id=school.district_id),
        audience=Audience.PUBLIC,
        ends_at__gte=timezone.now() - FEED_PAST,
    )
    return ics_response(calendar_bytes(events, school.name), f"school-{school.pk}.ics", attachment=False)


def organization_feed(request: PublicHttpRequest, pk: int) -> HttpResponse:
    """A partner's public events (those it hosts), for anyone to subscribe to."""
    organization = any_organization(pk)
    events = Event.objects.filter(
        organization=organization, audience=Audience.PUBLIC, ends_at__gte=timezone.now() - FEED_PAST
    )
    return ics_response(calendar_bytes(events, organization.name), f"partner-{organization.pk}.ics", attachment=False)


def personal_feed(request: PublicHttpRequest, token: str) -> HttpResponse:
    """A person's feed, opened by a calendar program with the private address: the events they
    answered, and the public and families' events of their schools."""
    feed = feed_by_token(token)
    person = feed.person
    language = person.preferred_language or None
    answered = Q(rsvps__person=person) & ~Q(rsvps__status__in=NOT_COMING)
    schools = community_school_ids(person) | organizer_school_ids(person)
    theirs = Q(school_id__in=schools, audience__in=[Audience.PUBLIC, Audience.FAMILIES])
    events = Event.objects.filter(answered | theirs, ends_at__gte=timezone.now() - FEED_PAST).distinct()
    return ics_response(calendar_bytes(events, _("My Village events"), language), "village.ics", attachment=False)


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Your events: what you answered, your private calendar address, and where you organize."""
    feed = actions.personal_feed(request.user)
    organizes = organizer_school_ids(request.user)
    answers = Event.objects.filter(
        rsvps__person=request.user,
        rsvps__status__in=[RsvpStatus.GOING, RsvpStatus.WAITING],
        ends_at__gte=timezone.now(),
    )
    return render(
        request,
        "events/mine.html",
        {
            "answered": answers.distinct(),
            "feed_link": absolute_reverse("events:feed", token=feed.token),
            "schools": School.objects.filter(pk__in=organizes | community_school_ids(request.user)),
            "organizes": organizes,
        },
    )


@login_required
@require_POST
def feed_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    actions.revoke_feed(request.user)
    messages.success(request, _("Your calendar has a new private address. The old one no longer works."))
    return redirect("events:mine")


@login_required
@require_http_methods(["GET", "POST"])
def school_calendar(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_organizer_school(request.user, pk)
    form = CalendarUploadForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = upload.name or "calendar.ics"
        try:
            plan = read_school_calendar(upload.read(), name)
        except UnreadableFile as exc:
            form.add_error("file", exc.message())
            status = 400
        else:
            report = plan.report
            if plan.dates:
                count = actions.import_school_calendar(request.user, school, plan, name)
                messages.success(request, _("%(count)s dates of the school calendar were imported.") % {"count": count})
            else:
                form.add_error("file", _("No date in this file could be imported; the calendar was left as it was."))
                status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "events/calendar.html",
        {
            "school": school,
            "form": form,
            "report": report,
            "problems": problems_by_row(report) if report else [],
            "dates": SchoolDate.objects.filter(school=school, ends_at__gte=timezone.now() - FEED_PAST),
        },
        status=status,
    )
