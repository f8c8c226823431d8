"""Planning and changing events through their pages."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.events.models import Event, SchoolDate
from village.events.tests.helpers import lincoln_event

pytestmark = pytest.mark.django_db


def _post(when: datetime.datetime, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "language": "en",
        "title": "Spring celebration",
        "description": "Music and food.",
        "kind": "celebration",
        "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (when + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "America/Los_Angeles",
        "venue": "Gym",
        "address": "",
        "accessible_venue": "on",
        "online_link": "",
        "languages": ["en"],
        "interpretation": ["ar", "vi"],
        "childcare": "on",
        "food": "on",
        "capacity": "40",
        "audience": "public",
    }
    return data | extra


def _future(days: int = 10) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(hour=18, minute=0, second=0, microsecond=0)


def test_coordinator_plans_an_event_in_its_own_time_zone(world: World, login: Any) -> None:
    client = login("rosa", language="en")
    page = client.get(reverse("events:school", kwargs={"pk": world.lincoln.pk}))
    assert reverse("events:new", kwargs={"pk": world.lincoln.pk}) in page.content.decode()
    when = _future()
    response = client.post(reverse("events:new", kwargs={"pk": world.lincoln.pk}), _post(when))
    assert response.status_code == 302
    event = Event.objects.get()
    # 18:00 as typed is 18:00 in Los Angeles, whatever zone the site runs in.
    assert event.local_start.hour == 18 and event.time_zone == "America/Los_Angeles"
    assert event.starts_at == when.replace(tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles"))
    assert event.title == {"en": "Spring celebration"} and event.interpretation == ["ar", "vi"]
    assert event.capacity == 40 and event.childcare and not event.transport
    detail = client.get(response["Location"]).content.decode()
    assert "Spring celebration" in detail and "Not yet translated into" in detail


def test_a_page_in_another_language_marks_the_title_not_yet_translated(world: World, login: Any) -> None:
    event = lincoln_event(world)
    page = login("amina").get(reverse("events:show", kwargs={"token": event.token})).content.decode()
    assert "Family math night" in page and "tag--untranslated" in page


def test_an_event_in_the_past_or_ending_before_it_starts_is_refused(world: World, login: Any) -> None:
    client = login("rosa", language="en")
    url = reverse("events:new", kwargs={"pk": world.lincoln.pk})
    past = timezone.now() - datetime.timedelta(days=2)
    response = client.post(url, _post(past))
    assert response.status_code == 200 and "still to come" in response.content.decode()
    when = _future()
    backwards = _post(when, ends_at=(when - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    response = client.post(url, backwards)
    assert "must end after it starts" in response.content.decode()
    assert not Event.objects.exists()


def test_edit_adds_a_translation_and_posting_it_back_changes_nothing(world: World, login: Any) -> None:
    event = lincoln_event(world)
    client = login("rosa", language="en")
    url = reverse("events:edit", kwargs={"pk": event.pk}) + "?language=ar"
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data |= {"title": "أمسية الرياضيات العائلية", "description": "ألعاب وعشاء"}
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.title["ar"] == "أمسية الرياضيات العائلية" and event.title["en"] == "Family math night"
    assert event.sequence == 1
    # The same form, posted again as served: nothing changes.
    client.post(url, data)
    event.refresh_from_db()
    assert event.sequence == 1


def test_capacity_below_the_people_coming_is_refused(world: World, login: Any) -> None:
    from village.events.actions import send_rsvp

    event = lincoln_event(world)
    send_rsvp(event, world.amina, party_size=4)
    client = login("rosa", language="en")
    url = reverse("events:edit", kwargs={"pk": event.pk})
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v not in (None, False)}
    response = client.post(url, data | {"capacity": "2"})
    assert "already coming" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 10


def test_planning_shows_conflicts_with_the_school_calendar(world: World, login: Any) -> None:
    when = _future(12)
    zone = zoneinfo.ZoneInfo("America/Chicago")
    day = datetime.datetime.combine(when.date(), datetime.time(), tzinfo=zone)
    SchoolDate.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        uid="h1",
        title="Spring holiday",
        kind="holiday",
        starts_at=day,
        ends_at=day + datetime.timedelta(days=1),
    )
    client = login("rosa", language="en")
    url = reverse("events:new", kwargs={"pk": world.lincoln.pk})
    data = _post(when, time_zone="America/Chicago")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Spring holiday" in response.content.decode() and not Event.objects.exists()
    response = client.post(url, data | {"despite_conflicts": "1"})
    assert response.status_code == 302
    assert "Spring holiday" in client.get(response["Location"]).content.decode()


def test_a_partner_organizes_at_the_schools_of_its_current_partnerships(world: World, login: Any) -> None:
    from village.partnerships.models import Partnership, PartnershipOrganization

    url = reverse("events:new", kwargs={"pk": world.lincoln.pk})
    assert login("mai").get(url).status_code == 404
    partnership = Partnership.objects.create(
        district=world.riverbend, name="Clinic days", partner_type="health", shared_goals="Health", status="active"
    )
    partnership.schools.add(world.lincoln)
    PartnershipOrganization.objects.create(partnership=partnership, organization=world.clinic)
    assert login("mai").get(url).status_code == 200
    when = _future()
    assert login("mai", language="en").post(url, _post(when)).status_code == 302
    assert Event.objects.get().organization == world.clinic
    assert (
        "Northside Family Health Clinic"
        in login("amina").get(reverse("events:show", kwargs={"token": Event.objects.get().token})).content.decode()
    )
    assert login("mai").get(reverse("events:new", kwargs={"pk": world.washington.pk})).status_code == 404
    assert login("pat").get(url).status_code == 404


def test_families_events_are_listed_only_for_the_school_community(world: World, login: Any) -> None:
    public = lincoln_event(world)
    families = lincoln_event(world, audience="families")
    invited = lincoln_event(world, audience="invited")
    Event.objects.filter(pk=families.pk).update(title={"en": "Families only"})
    Event.objects.filter(pk=invited.pk).update(title={"en": "By invitation"})
    url = reverse("events:school", kwargs={"pk": world.lincoln.pk})
    anonymous = login("anonymous").get(url).content.decode()
    assert public.token in anonymous and families.token not in anonymous and invited.token not in anonymous
    family = login("amina").get(url).content.decode()
    assert families.token in family and invited.token not in family
    assert invited.token in login("rosa").get(url).content.decode()
    # A families' event's link asks a visitor to sign in, and is not found for someone elsewhere.
    show = reverse("events:show", kwargs={"token": families.token})
    assert login("anonymous").get(show).status_code == 302
    assert login("omar").get(show).status_code == 404
    assert login("amina").get(show).status_code == 200
