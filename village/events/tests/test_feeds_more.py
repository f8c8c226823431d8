"""A council's meetings and a partner's events as calendar feeds; meetings and listening sessions are events."""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.events.models import Audience, Event, EventKind
from village.governance.actions import schedule_meeting
from village.governance.tests.helpers import lincoln_council
from village.voice.actions import schedule_session


def _calendar(response: Any) -> icalendar.Calendar:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_a_scheduled_council_meeting_is_an_event_in_the_council_and_school_feeds(client: Any, world: World) -> None:
    council = lincoln_council(world)
    starts = timezone.now() + datetime.timedelta(days=9)
    meeting = schedule_meeting(
        world.dana, council, starts_at=starts, place="Library", interpretation=["ar"], childcare=True
    )
    event = Event.objects.get(council_meeting=meeting)
    assert (event.kind, event.audience, event.starts_at, event.venue) == (
        EventKind.COUNCIL_MEETING,
        Audience.PUBLIC,
        starts,
        "Library",
    )
    assert event.interpretation == ["ar"] and event.childcare
    feed = _calendar(client.get(reverse("governance:council_feed", kwargs={"pk": council.pk})))
    (only,) = feed.walk("VEVENT")
    assert council.name in str(only["SUMMARY"]) and only.get("UID") and only.get("DTSTAMP")
    # The council page links to its feed; the school's public feed has the meeting too.
    client.force_login(world.dana)
    page = client.get(reverse("governance:council", kwargs={"pk": council.pk})).content.decode()
    assert reverse("governance:council_feed", kwargs={"pk": council.pk}) in page
    school = _calendar(client.get(reverse("events:school_feed", kwargs={"pk": world.lincoln.pk})))
    assert [str(e["UID"]) for e in school.walk("VEVENT")] == [str(only["UID"])]


def test_a_listening_session_is_a_families_event_of_its_school(world: World) -> None:
    starts = timezone.now() + datetime.timedelta(days=3)
    session = schedule_session(world.rosa, world.lincoln, title="Evening circle", starts_at=starts, place="Gym")
    session.refresh_from_db()
    assert session.event is not None
    assert (session.event.kind, session.event.audience, session.event.school) == (
        EventKind.LISTENING_SESSION,
        Audience.FAMILIES,
        world.lincoln,
    )


def test_a_partner_feed_has_its_public_events_only(client: Any, world: World) -> None:
    from village.events.actions import create_event

    starts = timezone.now() + datetime.timedelta(days=5)
    common = {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2), "time_zone": "America/Chicago"}
    for title, audience in (("Clinic day", Audience.PUBLIC), ("Staff only", Audience.INVITED)):
        create_event(
            world.dana,
            world.lincoln,
            title=title,
            description="",
            source_language="en",
            fields={**common, "kind": EventKind.CLINIC_DAY, "audience": audience},
            organization=world.clinic,
        )
    feed = _calendar(client.get(reverse("events:organization_feed", kwargs={"pk": world.clinic.pk})))
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Clinic day"]
    assert client.get(reverse("events:organization_feed", kwargs={"pk": 999_999})).status_code == 404
