"""The page people answer an event on (on a phone, in their language, without an account when
the event is public), the private cancel link, and the event's .ics file."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest, PublicHttpRequest
from village.accounts.models import User
from village.events import actions
from village.events.access import count_rsvp, event_by_token, over_rsvp_limit, rsvp_by_cancel_token
from village.events.attendance import attendance_view
from village.events.calendars import calendar_bytes
from village.events.forms import DeclineForm, RsvpForm
from village.events.models import NOT_COMING, Attendance, Audience, Event, Rsvp, RsvpStatus
from village.events.views.common import ics_response
from village.lib.forms import errors_to_form
from village.lib.languages import language_name
from village.lib.links import absolute_reverse


def _context(
    request: PublicHttpRequest | AuthenticatedHttpRequest,
    event: Event,
    form: RsvpForm,
    mine: Rsvp | None,
    decline: DeclineForm | None = None,
) -> dict[str, object]:
    came = Attendance.objects.filter(event=event).first()
    declined = mine is not None and mine.status == RsvpStatus.DECLINED
    if decline is None and request.user.is_authenticated:
        decline = DeclineForm(initial={"reason": mine.reason} if mine is not None and declined else None)
    return {
        "event": event,
        "form": form,
        "decline": decline,
        "mine": mine,
        "declined": declined,
        "position": actions.waiting_position(mine) if mine else 0,
        "past": event.is_past(),
        "full": event.capacity is not None and event.seats_taken() >= event.capacity,
        "interpretation": [language_name(c) for c in event.interpretation],
        "held_in": [language_name(c) for c in event.languages],
        "organizer": request.user.is_authenticated and request.user.has_perm("events.manage", event),
        # Anyone may open this page: attendance shows here only through suppression.
        "attendance": attendance_view(came, actions.attendance_groups(), own_staff=False) if came else None,
    }


def _mine(user: User | AnonymousUser, event: Event) -> Rsvp | None:
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return event.rsvps.filter(person=user).exclude(status=RsvpStatus.CANCELLED).first()


@require_http_methods(["GET", "POST"])
def show(request: PublicHttpRequest, token: str) -> HttpResponse:
    if not request.user.is_authenticated and request.method == "GET":
        event = Event.objects.filter(token=token, audience=Audience.FAMILIES).first()
        if event is not None:
            return redirect(f"{reverse('account_login')}?next={request.path}")
    event = event_by_token(request.user, token)
    signed_in = request.user.is_authenticated
    mine = _mine(request.user, event)
    initial: dict[str, object] = {}
    if mine is not None:
        initial = {
            "party_size": mine.party_size,
            "interpreter_language": mine.interpreter_language,
            "childcare_children": mine.childcare_children,
            "needs_ride": mine.needs_ride,
        }
    form = RsvpForm(request.POST or None, event=event, signed_in=signed_in, initial=initial)
    context = _context(request, event, form, mine)
    if request.method != "POST":
        return render(request, "events/show.html", context)
    if not signed_in and over_rsvp_limit(request):
        form.is_valid()  # errors may be added only once the form is cleaned
        form.add_error(None, _("Many answers came from this connection in the last hour. Please try again later."))
        return render(request, "events/show.html", context, status=429)
    if not form.is_valid():
        return render(request, "events/show.html", context, status=400)
    data = form.cleaned_data
    try:
        result = actions.send_rsvp(
            event,
            request.user,
            party_size=data["party_size"],
            interpreter_language=data["interpreter_language"],
            childcare_children=data.get("childcare_children") or 0,
            needs_ride=bool(data.get("needs_ride")),
            name=data.get("name", ""),
            contact=data.get("contact", ""),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
    except ValidationError as exc:
        errors_to_form(form, exc)
        return render(request, "events/show.html", context, status=400)
    if not signed_in:
        count_rsvp(request)
    return render(
        request,
        "events/thanks.html",
        {
            "event": event,
            "rsvp": result.rsvp,
            "position": result.position,
            "updated": not result.created,
            # A signed-in person cancels from the event's page; a visitor keeps this private link.
            "cancel_link": absolute_reverse("events:cancel", token=result.cancel_token) if result.cancel_token else "",
        },
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """A signed-in person answers "cannot come" (changing an answer they had), saying what keeps
    them away if they choose to."""
    event = event_by_token(request.user, token)
    mine = _mine(request.user, event)
    decline = DeclineForm(request.POST)
    if decline.is_valid():
        try:
            changed = actions.decline_rsvp(event, request.user, reason=decline.cleaned_data["reason"])
        except ValidationError as exc:
            errors_to_form(decline, exc)
        else:
            if changed:
                messages.success(request, _("Thank you for letting the school know you cannot come."))
            return redirect("events:show", token=event.token)
    form = RsvpForm(event=event, signed_in=True)
    return render(request, "events/show.html", _context(request, event, form, mine, decline), status=400)


@require_http_methods(["GET", "POST"])
def cancel(request: PublicHttpRequest, token: str) -> HttpResponse:
    """The private link given with an answer: shows it, and cancels it on request."""
    rsvp = rsvp_by_cancel_token(token)
    done = False
    if request.method == "POST" and rsvp.status not in NOT_COMING:
        actions.cancel_rsvp(rsvp, request.user if isinstance(request.user, User) else None)
        done = True
    return render(
        request,
        "events/cancel.html",
        {"rsvp": rsvp, "event": rsvp.event, "done": done, "cancelled": rsvp.status in NOT_COMING},
    )


def event_ics(request: PublicHttpRequest, token: str) -> HttpResponse:
    event = event_by_token(request.user, token)
    return ics_response(calendar_bytes([event], str(event)), f"event-{event.pk}.ics")
