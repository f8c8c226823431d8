"""The finder answers "reachable by bus within N minutes from this stop, when I am free"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.urls import reverse

from conftest import World
from village.directory.tests.factories import add_service, need_terms
from village.transit.tests.feeds import river_bus


def _tutoring(world: World, name: str, latitude: float, longitude: float = -87.63) -> None:
    tutoring = next(t for t in need_terms() if t.code == "tutoring")
    add_service(
        world.tutoring,
        name=name,
        latitude=latitude,
        longitude=longitude,
        categories=[tutoring],
        languages=("ar",),
        slots=((2, 16, 20),),
    )


def test_the_finder_keeps_what_the_bus_reaches_in_time_and_says_how_long(
    client: Any, world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    world.lincoln.latitude, world.lincoln.longitude = 41.88, -87.63
    world.lincoln.save()
    _tutoring(world, "Corner tutoring", 41.885)  # by stop B: 4 minutes' ride from Lincoln
    _tutoring(world, "Far Park tutoring", 41.95)  # by stop D: 28 minutes' ride
    _tutoring(world, "Eastside tutoring", 41.88, -87.60)  # no stop within walking distance
    url = reverse("directory:finder")
    # Before any timetable is loaded the finder offers no bus choice at all.
    assert "Reachable by bus within" not in client.get(url, {"language": "en"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_gtfs", str(river_bus(tmp_path)), "--region", world.region.slug, "--name", "River Bus")

    client.cookies.load({"django_language": "en"})
    page = client.get(url).content.decode()
    assert "Reachable by bus within" in page and "Clinic Corner" in page
    # Tuesday 17:30-18:30 is not a window the worker computed: the finder reads the day's
    # afternoon window that overlaps it (15:00-18:00, when the first bus leaves at 16:00), and says which.
    asked = {"need": "tutoring", "near": world.lincoln.pk, "free_day": 2, "free_from": "17:30", "free_until": "18:30"}
    found = client.get(url, asked | {"bus_minutes": 15}).context["results"]
    assert [str(r.service) for r in found] == ["Corner tutoring"]
    assert found[0].reasons[0] == "about 10 minutes by bus, no change, Tuesday 15:00–18:00"
    wider = [str(r.service) for r in client.get(url, asked | {"bus_minutes": 45}).context["results"]]
    assert wider == ["Corner tutoring", "Far Park tutoring"]
    # From Far Park (the end of the line: buses only run north) the corner cannot be reached.
    from_d = client.get(url, asked | {"bus_minutes": 45, "stop": "D"}).context["results"]
    assert [str(r.service) for r in from_d] == ["Far Park tutoring"]
    # Without a school or a stop there is nothing to measure from: a clear error, no results.
    response = client.get(url, {"need": "tutoring", "near": "", "bus_minutes": 30})
    assert "Choose the bus stop you start from, or a school." in response.content.decode()
    assert response.context["results"] == []
    unknown = client.get(url, {"need": "tutoring", "bus_minutes": 30, "stop": "nowhere"}).content.decode()
    assert "Choose a stop from the list." in unknown


def test_a_family_finds_from_the_stop_its_profile_names(
    login: Any, world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from village.families.models import FamilyProfile

    world.lincoln.latitude, world.lincoln.longitude = 41.88, -87.63
    world.lincoln.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_gtfs", str(river_bus(tmp_path)), "--region", world.region.slug, "--name", "River Bus")
    FamilyProfile.objects.create(
        district=world.riverbend,
        household=world.household,
        travel_modes=["bus"],
        trip_stop="D",
        trip_stop_name="Far Park",
    )
    page = login("amina").get(reverse("directory:finder"))
    assert page.context["form"]["stop"].value() == "D"
    assert 'value="D" selected' in page.content.decode()
