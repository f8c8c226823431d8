"""Demo events at Lincoln: a month of family nights, workshops, a celebration, a service fair and
a clinic day, with RSVPs (signed in and without an account) asking for interpreters, childcare
and rides, a full event with a waiting list, and the school's own calendar imported from an .ics
file so that planning shows what it meets."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from village.accounts.models import Membership, Role, User
from village.events.actions import create_event, decline_rsvp, import_school_calendar, send_rsvp, update_event
from village.events.calendars import read_school_calendar
from village.orgs.models import District, School

# (days from today, hour, kind, title, description, capacity, audience, interpretation)
EVENTS: list[tuple[int, int, str, str, str, int | None, str, list[str]]] = [
    (
        3,
        18,
        "family_night",
        "Family math night",
        "Games that make math fun at home, with dinner for the whole family.",
        60,
        "public",
        ["es", "ar", "vi"],
    ),
    (
        8,
        17,
        "workshop",
        "Reading with your child",
        "How to read together every day, in any language.",
        25,
        "families",
        ["es", "ar"],
    ),
    (
        12,
        9,
        "clinic_day",
        "Clinic day: checkups and vaccines",
        "The Northside clinic at school, with interpreters.",
        8,
        "public",
        ["es", "ar"],
    ),
    (
        17,
        18,
        "celebration",
        "Spring family celebration",
        "Music, food and student art from every family's culture.",
        None,
        "public",
        ["es", "ar", "vi", "zh"],
    ),
    (
        24,
        16,
        "service_fair",
        "Community service fair",
        "Meet the food bank, the clinic, tutoring and housing help.",
        150,
        "public",
        ["es", "ar", "vi"],
    ),
]
TRANSLATIONS = {
    "Family math night": {"es": "Noche familiar de matemáticas", "ar": "أمسية الرياضيات العائلية"},
    "Clinic day: checkups and vaccines": {
        "es": "Día de clínica: chequeos y vacunas",
        "ar": "يوم العيادة: فحوصات ولقاحات",
    },
}
# (name, contact, language, party, interpreter, children in childcare, ride)
ANSWERS = [
    ("Lucía Gómez", "lucia.gomez@example.org", "es", 3, "es", 2, False),
    ("Nguyen Thi Lan", "+1 555 010 2231", "vi", 2, "vi", 1, True),
    ("Omar Haddad", "omar.haddad@example.org", "ar", 4, "ar", 2, True),
    ("Grace Park", "grace.park@example.org", "en", 2, "", 0, False),
    ("Mateo Ruiz", "mateo.ruiz@example.org", "es", 3, "es", 1, False),
]


def _calendar(today: datetime.date) -> bytes:
    """The district's calendar file: a holiday, a weekly early release (a recurrence) and a
    testing week that the clinic day falls in, plus one entry with a broken recurrence."""

    def day(n: int) -> str:
        return (today + datetime.timedelta(days=n)).strftime("%Y%m%d")

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Riverbend Unified//School calendar//EN",
        "BEGIN:VEVENT",
        "UID:spring-holiday@riverbend.example",
        "DTSTAMP:20260801T000000Z",
        f"DTSTART;VALUE=DATE:{day(20)}",
        f"DTEND;VALUE=DATE:{day(22)}",
        "SUMMARY:Spring holiday - no school",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:early-release@riverbend.example",
        "DTSTAMP:20260801T000000Z",
        f"DTSTART;TZID=America/Chicago:{day(2)}T130000",
        f"DTEND;TZID=America/Chicago:{day(2)}T150000",
        "RRULE:FREQ=WEEKLY;COUNT=6",
        "SUMMARY:Early release at 1 pm",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:testing@riverbend.example",
        "DTSTAMP:20260801T000000Z",
        f"DTSTART;VALUE=DATE:{day(11)}",
        f"DTEND;VALUE=DATE:{day(14)}",
        "SUMMARY:State testing window",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:picture-day@riverbend.example",
        "DTSTAMP:20260801T000000Z",
        f"DTSTART:{day(5)}T090000",
        "RRULE:FREQ=EVERY-SO-OFTEN",
        "SUMMARY:Picture day",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _person(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def build(riverbend: District, lincoln: School) -> None:
    membership = (
        Membership.objects.active()
        .filter(role=Role.SCHOOL_COORDINATOR, school=lincoln)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    if membership is None:
        return
    author = membership.user
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    plan = read_school_calendar(_calendar(today), "riverbend-calendar.ics")
    import_school_calendar(author, lincoln, plan, "riverbend-calendar.ics")
    events = []
    for days, hour, kind, title, description, capacity, audience, interpretation in EVENTS:
        start = datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour), tzinfo=zone)
        event = create_event(
            author,
            lincoln,
            title=title,
            description=description,
            source_language="en",
            fields={
                "kind": kind,
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=2),
                "time_zone": settings.TIME_ZONE,
                "venue": "Lincoln Elementary cafeteria"
                if kind != "clinic_day"
                else "Lincoln Elementary nurse's office",
                "address": "1200 Lincoln Avenue",
                "accessible_venue": True,
                "languages": ["en"],
                "interpretation": interpretation,
                "childcare": kind in ("family_night", "workshop", "celebration"),
                "transport": kind in ("family_night", "service_fair"),
                "food": kind in ("family_night", "celebration", "service_fair"),
                "capacity": capacity,
                "audience": audience,
            },
        )
        for language, text in TRANSLATIONS.get(title, {}).items():
            update_event(author, event, title=text, description="", language=language, fields={})
        events.append(event)
    family_night, workshop, clinic_day = events[0], events[1], events[2]
    for name, contact, language, party, interpreter, children, ride in ANSWERS:
        send_rsvp(
            family_night,
            AnonymousUser(),
            name=name,
            contact=contact,
            language=language,
            party_size=party,
            interpreter_language=interpreter,
            childcare_children=children,
            needs_ride=ride,
        )
    family = _person("family@village.test")
    if family is not None:
        send_rsvp(family_night, family, party_size=3, interpreter_language="ar", childcare_children=1, needs_ride=True)
        send_rsvp(workshop, family, party_size=2, interpreter_language="ar", childcare_children=1)
        # The clinic day falls in her working hours: she says so, and the barrier dashboard counts it.
        decline_rsvp(clinic_day, family, reason="schedule")
    # The clinic day is small: the last answers wait for a seat.
    for name, contact, language, party, interpreter, _children, _ride in ANSWERS:
        send_rsvp(
            clinic_day,
            AnonymousUser(),
            name=name,
            contact=contact,
            language=language,
            party_size=min(party, 3),
            interpreter_language=interpreter,
        )
