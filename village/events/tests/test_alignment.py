"""Planning shows the times the school's families said they can come, warns when an event falls
outside them or leaves a language many families read without interpretation, and hides any
count under the small-number threshold."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.events.tests.helpers import lincoln_event
from village.families.models import AvailabilityWindow, FamilyProfile, Household, Student

pytestmark = pytest.mark.django_db


def _families(world: World) -> None:
    """Six families at Lincoln: three free Tuesday evenings, three Saturday mornings; four read Somali."""
    for i in range(6):
        household = Household.objects.create(
            district=world.riverbend, name=f"H{i}", home_language="so" if i < 4 else "en"
        )
        Student.objects.create(
            district=world.riverbend,
            school=world.lincoln,
            household=household,
            local_id=f"A-{i}",
            given_name="Kid",
            family_name=f"H{i}",
            grade=2,
        )
        profile = FamilyProfile.objects.create(district=world.riverbend, household=household)
        day, start, end = (2, 17, 20) if i % 2 == 0 else (6, 10, 12)
        AvailabilityWindow.objects.create(
            district=world.riverbend, profile=profile, weekday=day, starts=datetime.time(start), ends=datetime.time(end)
        )


def _next_saturday_evening() -> datetime.datetime:
    today = timezone.localdate() + datetime.timedelta(days=7)
    saturday = today + datetime.timedelta(days=(6 - today.isoweekday()) % 7)
    return datetime.datetime.combine(saturday, datetime.time(18), tzinfo=zoneinfo.ZoneInfo("America/Chicago"))


def test_planning_shows_best_times_and_warns_about_hours_and_languages(world: World, login: Any, settings: Any) -> None:
    settings.VILLAGE_SMALL_N = 3
    _families(world)
    start = _next_saturday_evening()
    event = lincoln_event(world, starts_at=start, ends_at=start + datetime.timedelta(hours=1), interpretation=["es"])
    page = login("rosa", language="en").get(reverse("events:event", kwargs={"pk": event.pk}))
    html = page.content.decode()
    assert "7 families have children at the school; 6 of them said when they can come." in html
    assert "Tuesday 17:00–18:00 · 3 families" in html and "Saturday 10:00–11:00 · 3 families" in html
    assert "Only 0 of the 6 families who said when they can come are free at this time." in html
    assert "4 families read Somali, and no interpretation into it is planned." in html
    # The same page where the threshold is higher: no best time and no figure about a few families.
    settings.VILLAGE_SMALL_N = 10
    html = login("rosa", language="en").get(reverse("events:event", kwargs={"pk": event.pk})).content.decode()
    assert "Tuesday 17:00" not in html and "Somali" not in html and "are free at this time" not in html
    assert "Best times are shown once at least 10 families share one." in html


def test_the_new_event_page_warns_before_the_event_is_planned(world: World, login: Any, settings: Any) -> None:
    settings.VILLAGE_SMALL_N = 3
    _families(world)
    start = _next_saturday_evening()
    client = login("rosa", language="en")
    url = reverse("events:new", kwargs={"pk": world.lincoln.pk})
    assert "Tuesday 17:00–18:00" in client.get(url).content.decode()
    data = {
        "language": "en",
        "title": "Saturday supper",
        "kind": "family_night",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "time_zone": "America/Chicago",
        "languages": ["en"],
        "interpretation": ["so"],
        "audience": "public",
        "capacity": "",
    }
    response = client.post(url, data | {"title": ""})  # a missing title: the page comes back with the warnings
    html = response.content.decode()
    assert "are free at this time" in html and "families read Somali" not in html
