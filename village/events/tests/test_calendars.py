"""Calendar files: each event's .ics, the school's and a person's feeds (parsed back with
`icalendar` and checked against RFC 5545's rules), and the school calendar's import."""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.events.actions import send_rsvp
from village.events.models import SchoolDate
from village.events.tests.helpers import lincoln_event

pytestmark = pytest.mark.django_db


def _parse(response: Any) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _check_rfc5545(calendar: icalendar.Calendar) -> list[icalendar.Component]:
    """The properties RFC 5545 requires: PRODID and VERSION once; each VEVENT a UID, a DTSTAMP in
    UTC and a DTSTART; every TZID a VTIMEZONE of the file defines."""
    assert calendar.get("VERSION") == "2.0" and calendar.get("PRODID")
    defined = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for tz in calendar.walk("VTIMEZONE"):
        assert tz.walk("STANDARD") or tz.walk("DAYLIGHT")
    events = calendar.walk("VEVENT")
    for event in events:
        assert event.get("UID") and event.get("DTSTART") is not None
        stamp = event["DTSTAMP"].dt
        assert stamp.utcoffset() == datetime.timedelta(0)
        for key in ("DTSTART", "DTEND"):
            assert event[key].params["TZID"] in defined
        assert event["DTEND"].dt > event["DTSTART"].dt
    assert not calendar.get_missing_tzids()
    return events


def test_an_event_downloads_as_ics_with_a_stable_uid_and_its_time_zone(world: World, login: Any) -> None:
    event = lincoln_event(world, time_zone="America/Los_Angeles")
    url = reverse("events:ics", kwargs={"token": event.token})
    (component,) = _check_rfc5545(_parse(Client().get(url)))
    assert component["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert component["DTSTART"].dt == event.starts_at
    assert str(component["SUMMARY"]) == "Family math night"
    uid = str(component["UID"])
    # A change keeps the UID and raises the SEQUENCE, so calendars update rather than duplicate.
    client = login("rosa", language="en")
    edit = reverse("events:edit", kwargs={"pk": event.pk})
    data = {k: v for k, v in client.get(edit).context["form"].initial.items() if v not in (None, False)}
    client.post(edit, data | {"venue": "Library"})
    (changed,) = _parse(Client().get(url)).walk("VEVENT")
    assert str(changed["UID"]) == uid and int(changed["SEQUENCE"]) == 1 and "Library" in str(changed["LOCATION"])


def test_the_school_feed_holds_its_public_events_only(world: World) -> None:
    public = lincoln_event(world)
    lincoln_event(world, audience="families", time_zone="America/New_York")
    feed = _parse(Client().get(reverse("events:school_feed", kwargs={"pk": world.lincoln.pk})))
    events = _check_rfc5545(feed)
    assert [str(e["UID"]).split("@")[0] for e in events] == [f"event-{public.pk}"]


def test_the_personal_feed_is_private_and_revocable(world: World, login: Any) -> None:
    families = lincoln_event(world, audience="families", time_zone="America/Denver")
    answered = lincoln_event(world, days=3)
    send_rsvp(answered, world.amina, party_size=1)
    client = login("amina", language="en")
    page = client.get(reverse("events:mine"))
    link = page.context["feed_link"]
    path = link[link.index("/calendar/") :]
    events = _check_rfc5545(_parse(Client().get(path)))
    assert {str(e["UID"]).split("@")[0] for e in events} == {f"event-{families.pk}", f"event-{answered.pk}"}
    client.post(reverse("events:feed_revoke"))
    assert Client().get(path).status_code == 404
    new = client.get(reverse("events:mine")).context["feed_link"]
    assert new != link and Client().get(new[new.index("/calendar/") :]).status_code == 200


SCHOOL_ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//District//Calendar//EN
BEGIN:VEVENT
UID:thanksgiving@district
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:{day1}
DTEND;VALUE=DATE:{day3}
SUMMARY:Thanksgiving break - no school
END:VEVENT
BEGIN:VEVENT
UID:early@district
DTSTAMP:20260101T000000Z
DTSTART;TZID=America/Chicago:{day1}T130000
DTEND;TZID=America/Chicago:{day1}T150000
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Early release
END:VEVENT
BEGIN:VEVENT
UID:broken-rule@district
DTSTAMP:20260101T000000Z
DTSTART;TZID=America/Chicago:{day1}T090000
RRULE:FREQ=SOMETIMES;COUNT=3
SUMMARY:State testing
END:VEVENT
BEGIN:VEVENT
UID:mars@district
DTSTAMP:20260101T000000Z
DTSTART;TZID=Mars/Olympus:{day1}T090000
SUMMARY:Field trip
END:VEVENT
BEGIN:VEVENT
UID:nodate@district
DTSTAMP:20260101T000000Z
DTSTART:someday
SUMMARY:Picture day
END:VEVENT
END:VCALENDAR
"""


def _ics(world: World) -> bytes:
    day = timezone.localdate() + datetime.timedelta(days=20)
    fmt = "%Y%m%d"
    text = SCHOOL_ICS.format(day1=day.strftime(fmt), day3=(day + datetime.timedelta(days=2)).strftime(fmt))
    return text.replace("\n", "\r\n").encode()


def test_the_school_calendar_imports_and_reports_broken_entries_line_by_line(world: World, login: Any) -> None:
    client = login("rosa", language="en")
    url = reverse("events:calendar", kwargs={"pk": world.lincoln.pk})
    response = client.post(url, {"file": SimpleUploadedFile("district.ics", _ics(world), "text/calendar")})
    assert response.status_code == 200
    kinds = sorted(SchoolDate.objects.values_list("kind", flat=True))
    assert kinds == ["early_release"] * 3 + ["holiday"]
    problems = dict(response.context["problems"])
    assert set(problems) == {19, 26, 32}  # the lines of the broken entries' BEGIN:VEVENT
    assert "recurrence" in problems[19] and "time zone" in problems[26] and "DTSTART" in problems[32]
    page = response.content.decode()
    assert "Entries not imported" in page and "Thanksgiving break" in page


def test_a_file_that_is_not_a_calendar_is_refused_without_changing_anything(world: World, login: Any) -> None:
    client = login("rosa", language="en")
    url = reverse("events:calendar", kwargs={"pk": world.lincoln.pk})
    client.post(url, {"file": SimpleUploadedFile("district.ics", _ics(world), "text/calendar")})
    before = SchoolDate.objects.count()
    for junk in (b"name,date\nHoliday,2027-01-01\n", b"\x00\x01\x02binary", b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\n"):
        response = client.post(url, {"file": SimpleUploadedFile("junk.ics", junk, "text/calendar")})
        assert response.status_code == 400, junk
        assert 'role="alert"' in response.content.decode()
    assert SchoolDate.objects.count() == before
