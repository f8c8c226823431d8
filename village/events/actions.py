"""Every write about events: planning and changing them, RSVPs and the waiting list, personal
calendar feeds, and the import of a school's own calendar."""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from village.accounts.models import User
from village.audit.actions import record
from village.events.calendars import CalendarPlan
from village.events.models import (
    NOT_COMING,
    OTHER_LANGUAGE,
    Attendance,
    Audience,
    CalendarFeed,
    Event,
    Rsvp,
    RsvpStatus,
    SchoolDate,
)
from village.families.vocab import Barrier
from village.lib.links import absolute_reverse
from village.messaging.actions import Rendered, message_text, queue_each, queue_email
from village.orgs.models import Organization, School

# What an organizer fills in; `title` and `description` are in `source_language`.
ENTRY_LENGTH = datetime.timedelta(minutes=90)  # a meeting or listening session with no end given
EVENT_FIELDS = (
    "kind",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue",
    "address",
    "accessible_venue",
    "online_link",
    "languages",
    "interpretation",
    "childcare",
    "transport",
    "food",
    "capacity",
    "audience",
)


def _clean(name: str, value: object) -> object:
    """A field's value as stored: lists of languages sorted, so the order they were ticked in is no change."""
    if name in ("languages", "interpretation") and isinstance(value, list | tuple):
        return sorted({str(v) for v in value})
    return value


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime, time_zone: str) -> None:
    errors: dict[str, str] = {}
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = _("Choose a time zone from the list.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The event must end after it starts.")
    if errors:
        raise ValidationError(errors)


def create_event(
    actor: User,
    school: School,
    *,
    title: str,
    description: str,
    source_language: str,
    fields: Mapping[str, object],
    organization: Organization | None = None,
    now: datetime.datetime | None = None,
) -> Event:
    event = Event(district_id=school.district_id, school=school, organization=organization, created_by=actor)
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, _clean(name, fields[name]))
    _check_times(event.starts_at, event.ends_at, event.time_zone)
    if event.starts_at <= (now or timezone.now()):
        raise ValidationError({"starts_at": _("An event is planned for a time still to come.")})
    event.source_language = source_language
    event.title = {source_language: title.strip()}
    event.description = {source_language: description.strip()} if description.strip() else {}
    with transaction.atomic():
        event.save()
        record(actor, "events.event.created", event, school=school.pk, kind=event.kind)
    return event


def calendar_entry(
    actor: User,
    *,
    district_id: int,
    school: School | None,
    kind: str,
    title: str,
    source_language: str,
    starts_at: datetime.datetime,
    fields: Mapping[str, object],
    audience: str = Audience.PUBLIC,
) -> Event:
    """The event a council meeting or a listening session is on the calendars as (created by the
    action that schedules it, in the same transaction): RSVPs, reminders, feeds and the alignment
    checks then treat it like any other event. It lasts `ENTRY_LENGTH` unless `fields` say."""
    event = Event(
        district_id=district_id,
        school=school,
        kind=kind,
        audience=audience,
        created_by=actor,
        starts_at=starts_at,
        ends_at=starts_at + ENTRY_LENGTH,
        time_zone=settings.TIME_ZONE,
        source_language=source_language,
        title={source_language: title.strip()},
    )
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, _clean(name, fields[name]))
    _check_times(event.starts_at, event.ends_at, event.time_zone)
    with transaction.atomic():
        event.save()
        record(actor, "events.event.created", event, school=school.pk if school else None, kind=kind)
    return event


def update_event(
    actor: User, event: Event, *, title: str, description: str, language: str, fields: Mapping[str, object]
) -> list[str]:
    """Change an event; `title` and `description` are its text in `language` (a translation when
    that is not the language it was written in). Returns the names of what changed."""
    changed: list[str] = []
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        for name in EVENT_FIELDS:
            if name in fields and getattr(locked, name) != _clean(name, fields[name]):
                setattr(locked, name, _clean(name, fields[name]))
                changed.append(name)
        for name, text in (("title", title.strip()), ("description", description.strip())):
            value = dict(getattr(locked, name))
            if value.get(language, "") != text:
                if text:
                    value[language] = text
                else:
                    value.pop(language, None)
                setattr(locked, name, value)
                changed.append(name)
        if not changed:
            return []
        if not locked.title.get(locked.source_language):
            raise ValidationError({"title": _("The title in the language the event was written in is required.")})
        _check_times(locked.starts_at, locked.ends_at, locked.time_zone)
        taken = locked.seats_taken()
        if locked.capacity is not None and locked.capacity < taken:
            raise ValidationError(
                {"capacity": _("%(taken)s people are already coming: the capacity cannot be less.") % {"taken": taken}}
            )
        locked.sequence += 1
        locked.updated_at = timezone.now()
        locked.save()
        record(actor, "events.event.updated", locked, fields=changed)
        _fill_freed_seats(locked)
    event.refresh_from_db()
    return changed


# --- RSVPs ----------------------------------------------------------------------------------


PAST = gettext_lazy("This event has already started or taken place: it no longer takes answers.")


@dataclass(frozen=True)
class RsvpResult:
    rsvp: Rsvp
    cancel_token: str  # given once, with a new answer ("" for a changed one)
    created: bool
    position: int  # on the waiting list (0 when coming)


def contact_key(contact: str) -> str:
    """An email address in lower case, or a phone number as its digits (and a leading +)."""
    value = contact.strip()
    if "@" in value:
        return value.lower()
    digits = re.sub(r"\D", "", value)
    return ("+" if value.startswith("+") else "") + digits


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def waiting_position(rsvp: Rsvp) -> int:
    if rsvp.status != RsvpStatus.WAITING:
        return 0
    ahead = Rsvp.objects.filter(event_id=rsvp.event_id, status=RsvpStatus.WAITING, queued_at__lt=rsvp.queued_at)
    return ahead.count() + 1


def send_rsvp(
    event: Event,
    person: User | AnonymousUser,
    *,
    party_size: int,
    interpreter_language: str = "",
    childcare_children: int = 0,
    needs_ride: bool = False,
    name: str = "",
    contact: str = "",
    language: str = "",
    now: datetime.datetime | None = None,
) -> RsvpResult:
    """Answer an event. A second answer from the same person (or the same email or phone, without
    an account) changes the first. When the seats are taken the answer joins the waiting list."""
    now = now or timezone.now()
    who = person if isinstance(person, User) and person.is_authenticated else None
    signed_in = who is not None
    key = "" if signed_in else contact_key(contact)
    if event.is_past(now):
        raise ValidationError(str(PAST))
    if party_size < 1:
        raise ValidationError({"party_size": _("At least one person comes.")})
    if childcare_children < 0:
        raise ValidationError({"childcare_children": _("Give a number of children, 0 or more.")})
    if not signed_in:
        errors: dict[str, str] = {}
        if not name.strip():
            errors["name"] = _("Give the name we should expect.")
        if len(key.lstrip("+")) < 7 and "@" not in key:
            errors["contact"] = _("Give an email address or a phone number, so the school can reach you.")
        if errors:
            raise ValidationError(errors)
    token = secrets.token_urlsafe(24)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        mine = (
            Rsvp.objects.filter(event=locked, person=who)
            if signed_in
            else Rsvp.objects.filter(event=locked, person__isnull=True, contact_key=key)
        ).first()
        created = mine is None
        asked = (party_size, interpreter_language, childcare_children, needs_ride)
        if (
            signed_in
            and mine is not None
            and mine.status not in NOT_COMING
            and (mine.party_size, mine.interpreter_language, mine.childcare_children, mine.needs_ride) == asked
        ):
            return RsvpResult(mine, "", False, waiting_position(mine))  # nothing changed, nothing written
        rsvp = mine or Rsvp(event=locked, person=who, contact_key=key, created_at=now)
        before = rsvp.status if not created else RsvpStatus.CANCELLED
        own = rsvp.party_size if before == RsvpStatus.GOING else 0
        free = None if locked.capacity is None else locked.capacity - (locked.seats_taken() - own)
        waiting = Rsvp.objects.filter(event=locked, status=RsvpStatus.WAITING).exclude(pk=rsvp.pk).exists()
        if before == RsvpStatus.GOING:
            if free is not None and party_size > free:
                raise ValidationError(
                    {
                        "party_size": _(
                            "Only %(free)s seats are free for your group. Ask for fewer, or cancel and join the "
                            "waiting list."
                        )
                        % {"free": free}
                    }
                )
            status = RsvpStatus.GOING
        elif before == RsvpStatus.WAITING:
            status = RsvpStatus.WAITING
        else:
            fits = free is None or (party_size <= free and not waiting)
            status = RsvpStatus.GOING if fits else RsvpStatus.WAITING
            rsvp.queued_at = now
        rsvp.status = status
        rsvp.party_size = party_size
        rsvp.interpreter_language = interpreter_language
        rsvp.childcare_children = childcare_children
        rsvp.needs_ride = needs_ride
        rsvp.reason = ""  # coming after all: no longer kept away
        rsvp.name = "" if signed_in else name.strip()[:200]
        rsvp.contact = "" if signed_in else contact.strip()[:200]
        rsvp.language = language or translation.get_language() or settings.LANGUAGE_CODE
        if created:
            rsvp.cancel_token_hash = _hash(token)
        else:
            # A second answer keeps the first one's cancel link: whoever types someone's address
            # again may change the answer, but never gets a link to cancel it.
            token = ""
        rsvp.updated_at = now
        rsvp.save()
        record(
            who,
            "events.rsvp.updated" if not created else "events.rsvp.sent",
            locked,
            status=status,
            party=party_size,
        )
        if before == RsvpStatus.GOING and party_size < own:
            _fill_freed_seats(locked)
        if not signed_in and token and "@" in rsvp.contact:
            _confirm(locked, rsvp, token)
    rsvp.refresh_from_db()
    return RsvpResult(rsvp, token, created, waiting_position(rsvp))


def cancel_rsvp(rsvp: Rsvp, actor: User | None = None) -> list[Rsvp]:
    """Cancel an answer; the seats it held go to the waiting list in order. Returns who got a seat."""
    with transaction.atomic():
        locked_event = Event.objects.select_for_update().get(pk=rsvp.event_id)
        locked = Rsvp.objects.select_for_update().get(pk=rsvp.pk)
        if locked.status in NOT_COMING:
            return []
        was_going = locked.status == RsvpStatus.GOING
        locked.status = RsvpStatus.CANCELLED
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "updated_at"])
        record(actor, "events.rsvp.cancelled", locked_event, rsvp=locked.pk)
        promoted = _fill_freed_seats(locked_event) if was_going else []
    rsvp.refresh_from_db()
    return promoted


REASON_NOT_LISTED = gettext_lazy("Choose what keeps you away from the list, or leave it empty.")


def decline_rsvp(event: Event, person: User, *, reason: str = "", now: datetime.datetime | None = None) -> bool:
    """A signed-in person answers "cannot come", saying what keeps them away if they choose to (a
    barrier code, or ""). An answer they had gives up its seats to the waiting list. Returns
    whether anything changed: the same answer again writes nothing."""
    if reason and reason not in Barrier.values:
        raise ValidationError({"reason": str(REASON_NOT_LISTED)})
    now = now or timezone.now()
    if event.is_past(now):
        raise ValidationError(str(PAST))
    with transaction.atomic():
        locked_event = Event.objects.select_for_update().get(pk=event.pk)
        mine = Rsvp.objects.select_for_update().filter(event=locked_event, person=person).first()
        if mine is not None and mine.status == RsvpStatus.DECLINED and mine.reason == reason:
            return False
        was_going = mine is not None and mine.status == RsvpStatus.GOING
        if mine is None:
            # The token is never shown: a signed-in person changes their answer from the event's page.
            mine = Rsvp(event=locked_event, person=person, cancel_token_hash=_hash(secrets.token_urlsafe(24)))
            mine.created_at = now
        mine.status = RsvpStatus.DECLINED
        mine.reason = reason
        mine.language = translation.get_language() or settings.LANGUAGE_CODE
        mine.updated_at = now
        mine.save()
        record(person, "events.rsvp.declined", locked_event, rsvp=mine.pk, reason=reason)
        if was_going:
            _fill_freed_seats(locked_event)
    return True


def _fill_freed_seats(event: Event) -> list[Rsvp]:
    """Give free seats to the waiting list, first come first served: the first waiting answer
    gets seats when its whole group fits; nobody behind it jumps ahead. Each is told."""
    promoted: list[Rsvp] = []
    if event.is_past():
        return promoted
    free = None if event.capacity is None else event.capacity - event.seats_taken()
    for waiting in Rsvp.objects.filter(event=event, status=RsvpStatus.WAITING).select_related("person"):
        if free is not None and waiting.party_size > free:
            break
        waiting.status = RsvpStatus.GOING
        waiting.updated_at = timezone.now()
        waiting.save(update_fields=["status", "updated_at"])
        record(None, "events.rsvp.seated", event, rsvp=waiting.pk)
        promoted.append(waiting)
        if free is not None:
            free -= waiting.party_size
    for rsvp in promoted:
        _tell_seated(event, rsvp)
    return promoted


SEATED_SUBJECT = gettext_lazy("A seat is yours: %(title)s")
SEATED_BODY = gettext_lazy(
    "A seat freed up and your group is now expected at %(title)s, %(when)s.\n\nThe event: %(link)s"
)


ANSWERED_SUBJECT = gettext_lazy("Your answer: %(title)s")
ANSWERED_BODY = gettext_lazy(
    "Thank you. %(status)s\n\n%(title)s, %(when)s.\nThe event: %(link)s\n\n"
    "If you cannot come, cancel with this private link: %(cancel)s"
)


def _confirm(event: Event, rsvp: Rsvp, token: str) -> None:
    """Tell someone who answered without an account what was kept, with their private cancel link
    (the page showed it once; the message keeps it)."""
    language = rsvp.language or settings.LANGUAGE_CODE
    with translation.override(language):
        status = (
            _("You are on the waiting list; a freed seat is yours in turn.")
            if rsvp.status == RsvpStatus.WAITING
            else _("We are expecting you.")
        )
        filled = {
            "title": message_text(event.title),
            "when": _when(event),
            "status": status,
            "link": absolute_reverse("events:show", token=event.token),
            "cancel": absolute_reverse("events:cancel", token=token),
        }
        message = Rendered(None, str(ANSWERED_SUBJECT) % filled, str(ANSWERED_BODY) % filled, language, rsvp.contact)
    queue_email("events.answered", [message], district_id=event.district_id)


def _tell_seated(event: Event, rsvp: Rsvp) -> None:
    """Tell a person who moved up from the waiting list, in their language: by the outbox for an
    account or an email address (a phone number waits for the text-message channel)."""
    link = absolute_reverse("events:show", token=event.token)
    values = {"title": event.title, "link": link}
    if rsvp.person is not None:
        language = rsvp.person.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            when = _when(event)
        queue_each(
            "events.seated",
            [rsvp.person],
            SEATED_SUBJECT,
            SEATED_BODY,
            district_id=event.district_id,
            when=when,
            **values,
        )
        return
    if "@" not in rsvp.contact:
        return
    language = rsvp.language or settings.LANGUAGE_CODE
    with translation.override(language):
        filled = {"title": message_text(event.title), "link": link, "when": _when(event)}
        message = Rendered(None, str(SEATED_SUBJECT) % filled, str(SEATED_BODY) % filled, language, rsvp.contact)
    queue_email("events.seated", [message], district_id=event.district_id)


def _when(event: Event) -> str:
    return date_format(event.local_start, "DATETIME_FORMAT")


# --- Attendance ----------------------------------------------------------------------------------

MAX_ATTENDANCE = 100_000


def attendance_groups() -> list[str]:
    """The groups families are counted in: the interface languages, then "other"."""
    return [*(code for code, _name in settings.LANGUAGES), OTHER_LANGUAGE]


def record_attendance(
    actor: User, event: Event, *, families: Mapping[str, int], people: int, now: datetime.datetime | None = None
) -> bool:
    """Record (or correct) how many came, once the event has started. Returns whether anything
    changed: the same figures again change nothing."""
    errors: dict[str, str] = {}
    if not event.is_past(now):
        raise ValidationError(_("Attendance is recorded once the event has started."))
    groups = attendance_groups()
    if set(families) - set(groups):
        raise ValidationError(_("Count families only in the groups listed."))
    if any(not 0 <= int(v) <= MAX_ATTENDANCE for v in families.values()):
        errors["__all__"] = _("Give each count as a whole number, 0 or more.")
    counts = {k: int(families.get(k, 0)) for k in groups if int(families.get(k, 0))}
    if not 0 <= people <= MAX_ATTENDANCE:
        errors["people"] = _("Give the number of people as a whole number, 0 or more.")
    elif people < sum(counts.values()):
        errors["people"] = _("Each family counted brings at least one person: people cannot be fewer than families.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Attendance.objects.select_for_update().filter(event=event).first()
        if current is not None and current.families == counts and current.people == people:
            return False
        Attendance.objects.update_or_create(
            event=event,
            defaults={
                "district_id": event.district_id,
                "families": counts,
                "people": people,
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
        record(actor, "events.attendance.recorded", event, people=people, families=sum(counts.values()))
    return True


# --- Calendar feeds ------------------------------------------------------------------------------


def personal_feed(person: User) -> CalendarFeed:
    """The person's feed, made the first time it is asked for."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.get_or_create(person=person)
        if created:
            record(person, "events.feed.created", None)
    return feed


def revoke_feed(person: User) -> CalendarFeed:
    """A new private address for the person's feed; the old one stops working at once."""
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.get_or_create(person=person)
        feed.token = secrets.token_urlsafe(24)
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
        record(person, "events.feed.revoked", None)
    return feed


# --- The school's own calendar ------------------------------------------------------------------


def import_school_calendar(actor: User, school: School, plan: CalendarPlan, file_name: str) -> int:
    """Replace the school's calendar with the dates read from a file (all or nothing)."""
    with transaction.atomic():
        removed, _detail = SchoolDate.objects.filter(school=school).delete()
        SchoolDate.objects.bulk_create(
            SchoolDate(
                district_id=school.district_id,
                school=school,
                uid=d.uid,
                title=d.title,
                kind=d.kind,
                all_day=d.all_day,
                starts_at=d.starts_at,
                ends_at=d.ends_at,
            )
            for d in plan.dates
        )
        record(
            actor,
            "events.calendar.imported",
            school,
            file=file_name[:200],
            dates=len(plan.dates),
            rejected=len(plan.report.rejections),
            removed=removed,
        )
    return len(plan.dates)
