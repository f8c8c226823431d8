"""Events (family nights, workshops, listening sessions, council meetings, celebrations, service
fairs, clinic days), the RSVPs people send for them, personal calendar feeds, and the school's own
calendar (holidays, early release, testing days) that events are planned around."""

from __future__ import annotations

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from village.families.vocab import Barrier
from village.lib.languages import language_name
from village.lib.translation import Translated, translated


def new_token() -> str:
    return secrets.token_urlsafe(24)


class EventKind(models.TextChoices):
    FAMILY_NIGHT = "family_night", _("Family night")
    WORKSHOP = "workshop", _("Workshop")
    LISTENING_SESSION = "listening_session", _("Listening session")
    COUNCIL_MEETING = "council_meeting", _("Council meeting")
    CELEBRATION = "celebration", _("Celebration")
    SERVICE_FAIR = "service_fair", _("Service fair")
    CLINIC_DAY = "clinic_day", _("Clinic day")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Anyone (public)")
    FAMILIES = "families", _("Families and staff of the school")
    INVITED = "invited", _("Only people given the link")


class Event(models.Model):
    """One event. `title` and `description` are translatable content ({language: text}); the
    times are stored in UTC and shown, exported and edited in the event's own `time_zone`."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "orgs.School", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )  # empty: a district-wide event
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # the partner hosting it, if any
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    source_language = models.CharField(_("written in"), max_length=10)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    venue = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    accessible_venue = models.BooleanField(_("accessible venue"), default=False)
    online_link = models.URLField(_("online link"), blank=True)
    languages = models.JSONField(_("held in"), default=list, blank=True)
    interpretation = models.JSONField(_("interpretation into"), default=list, blank=True)
    childcare = models.BooleanField(_("childcare"), default=False)
    transport = models.BooleanField(_("transport"), default=False)
    food = models.BooleanField(_("food"), default=False)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE: bumped on each change
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after")]

    def __str__(self) -> str:
        return self.title_text.text if self.title_text.is_translated else self.title_text.original

    @property
    def title_text(self) -> Translated:
        return translated(self.title)

    @property
    def description_text(self) -> Translated:
        return translated(self.description)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime.datetime:
        return self.ends_at.astimezone(self.zone)

    def is_past(self, now: datetime.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def seats_taken(self) -> int:
        return int(self.rsvps.filter(status=RsvpStatus.GOING).aggregate(n=Sum("party_size"))["n"] or 0)


class RsvpStatus(models.TextChoices):
    GOING = "going", _("Coming")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Cannot come")


# Answers that hold no seat and ask for nothing: cancelled ones, and "cannot come".
NOT_COMING = (RsvpStatus.CANCELLED, RsvpStatus.DECLINED)


class Rsvp(models.Model):
    """One answer to an event: a signed-in person (`person`) or, for a public event, a name and a
    way to reach them (`contact`, with `contact_key` its normalised form, one answer per key).
    A signed-in person may also answer "cannot come" (`DECLINED`), optionally with a `reason`."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact = models.CharField(_("email or phone"), max_length=200, blank=True)
    contact_key = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=10, blank=True)  # the language they answered in
    party_size = models.PositiveSmallIntegerField(_("people coming"), default=1)
    interpreter_language = models.CharField(_("interpreter"), max_length=10, blank=True)
    childcare_children = models.PositiveSmallIntegerField(_("children in childcare"), default=0)
    needs_ride = models.BooleanField(_("needs a ride"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=RsvpStatus.choices, default=RsvpStatus.GOING)
    # With "cannot come": what kept them away, if they chose to say (the barrier vocabulary).
    reason = models.CharField(_("what keeps you away"), max_length=30, choices=Barrier.choices, blank=True)
    cancel_token_hash = models.CharField(max_length=64, unique=True)
    queued_at = models.DateTimeField(default=timezone.now)  # the waiting list's order
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="rsvp_one_per_person"),
            models.UniqueConstraint(
                fields=["event", "contact_key"], condition=Q(person__isnull=True), name="rsvp_one_per_contact"
            ),
            models.CheckConstraint(condition=Q(party_size__gte=1), name="rsvp_party_at_least_one"),
        ]

    def __str__(self) -> str:
        return self.person.name if self.person else self.name

    @property
    def who(self) -> str:
        return str(self)

    @property
    def interpreter_name(self) -> str:
        return language_name(self.interpreter_language) if self.interpreter_language else ""


class CalendarFeed(models.Model):
    """A person's private calendar feed: the events they answered and those of their schools.
    Revoking gives a new token, so the old address stops working."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.person)


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday or no school")
    EARLY_RELEASE = "early_release", _("Early release")
    TESTING = "testing", _("Testing day")
    OTHER = "other", _("Other school day")


class SchoolDate(models.Model):
    """One occurrence from the school's own calendar, imported from an iCalendar file (a
    recurring entry is kept as its occurrences). `uid` and `start` identify it across imports."""

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey("orgs.School", on_delete=models.CASCADE, related_name="calendar_dates")
    uid = models.CharField(max_length=300)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices, default=DayKind.OTHER)
    all_day = models.BooleanField(default=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("school calendar date")
        verbose_name_plural = _("school calendar dates")
        constraints = [models.UniqueConstraint(fields=["school", "uid", "starts_at"], name="school_date_unique")]

    def __str__(self) -> str:
        return self.title


OTHER_LANGUAGE = "other"


class Attendance(models.Model):
    """Who came to an event, counted at the door by its organizer: families by the language they
    read (`families`, {language code or "other": count}) and people in all. Counts only: no names."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="attendance")
    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    families = models.JSONField(_("families, by the language they read"), default=dict)
    people = models.PositiveIntegerField(_("people who came"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return str(self.event)

    @property
    def family_total(self) -> int:
        return sum(int(v) for v in self.families.values())
