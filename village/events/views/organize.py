"""The organizer's pages: a school's events, planning and changing an event, its answers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest, PublicHttpRequest
from village.events import actions
from village.events.access import access_event, access_organizer_school, any_school, events_for
from village.events.alignment import alignment, warnings
from village.events.attendance import attendance_view, group_label
from village.events.forms import AttendanceForm, EventForm
from village.events.models import NOT_COMING, Attendance, RsvpStatus
from village.events.planning import conflicts, event_conflicts, totals
from village.events.rules import hosting_organization, own_staff_school_ids
from village.lib.forms import errors_to_form
from village.lib.languages import language_name
from village.lib.translation import missing_languages


def school_events(request: PublicHttpRequest, pk: int) -> HttpResponse:
    """A school's coming events, for everyone: what each person sees depends on who they are."""
    school = any_school(pk)
    now = timezone.now()
    listed = events_for(request.user, school).select_related("school")
    organizer = request.user.is_authenticated and request.user.has_perm("events.organize_at", school)
    return render(
        request,
        "events/school.html",
        {
            "school": school,
            "coming": listed.filter(ends_at__gte=now),
            "past": listed.filter(ends_at__lt=now).order_by("-starts_at")[:10] if organizer else [],
            "organizer": organizer,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_organizer_school(request.user, pk)
    language = translation.get_language() or settings.LANGUAGE_CODE
    form = EventForm(
        request.POST or None,
        initial={"language": language, "time_zone": settings.TIME_ZONE, "languages": [language], "audience": "public"},
    )
    clashes = []
    valid = request.method == "POST" and form.is_valid()
    # What the form holds so far (times that parsed, languages ticked) is enough to plan around.
    data = form.cleaned_data if request.method == "POST" else {}
    offered = [*data.get("languages", []), *data.get("interpretation", [])]
    fit = alignment(
        school, data.get("starts_at"), data.get("ends_at"), data.get("time_zone", settings.TIME_ZONE), offered
    )
    if valid:
        clashes = list(conflicts(school, data["starts_at"], data["ends_at"]))
        if clashes and not request.POST.get("despite_conflicts"):
            form.add_error(
                None, _("This time meets the school calendar (listed below). Plan it anyway, or choose another time.")
            )
        else:
            try:
                event = actions.create_event(
                    request.user,
                    school,
                    title=data["title"],
                    description=data["description"],
                    source_language=data["language"],
                    fields=form.event_fields(),
                    organization=hosting_organization(request.user, school),
                )
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The event is planned. Share its link with the people it is for."))
                return redirect("events:event", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"school": school, "form": form, "conflicts": clashes, "alignment": fit, "warnings": warnings(fit)},
    )


@login_required
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access_event(request.user, pk)
    answers = event.rsvps.exclude(status__in=NOT_COMING).select_related("person")
    fit = alignment(
        event.school, event.starts_at, event.ends_at, event.time_zone, [*event.languages, *event.interpretation]
    )
    came = Attendance.objects.filter(event=event).first()
    own_staff = event.school_id in own_staff_school_ids(request.user)
    groups = actions.attendance_groups()
    return render(
        request,
        "events/event.html",
        {
            "event": event,
            "started": event.is_past(),
            "attendance": attendance_view(came, groups, own_staff=own_staff) if came else None,
            "totals": totals(event),
            "going": [r for r in answers if r.status == RsvpStatus.GOING],
            "waiting": [r for r in answers if r.status == RsvpStatus.WAITING],
            "conflicts": event_conflicts(event),
            "untranslated": [(code, language_name(code)) for code in missing_languages(event.title)],
            "interpretation": [language_name(c) for c in event.interpretation],
            "held_in": [language_name(c) for c in event.languages],
            "alignment": fit,
            "warnings": warnings(fit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access_event(request.user, pk)
    language = request.POST.get("language") or request.GET.get("language") or event.source_language
    if language not in dict(settings.LANGUAGES):
        raise Http404
    form = EventForm.for_event(request.POST or None, event, language)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = actions.update_event(
                request.user,
                event,
                title=data["title"],
                description=data["description"],
                language=language,
                fields=form.event_fields(),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if changed:
                messages.success(request, _("The event was changed."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("events:event", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {
            "event": event,
            "school": event.school,
            "form": form,
            "language_name": language_name(language),
            "conflicts": list(event_conflicts(event)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organizer records how many came (counts only), once the event has started."""
    event = access_event(request.user, pk)
    groups = actions.attendance_groups()
    current = Attendance.objects.filter(event=event).first()
    initial: dict[str, object] = {}
    if current is not None:
        initial = {"people": current.people} | {f"families_{c}": current.families.get(c, 0) for c in groups}
    form = AttendanceForm(request.POST or None, groups=[(c, group_label(c)) for c in groups], initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.record_attendance(
                request.user, event, families=form.families(), people=form.cleaned_data["people"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if changed:
                messages.success(request, _("The attendance is recorded."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("events:event", pk=event.pk)
    status = 400 if request.method == "POST" else 200
    context = {"event": event, "form": form, "started": event.is_past()}
    return render(request, "events/attendance.html", context, status=status)
