"""Matching by the minutes a family spends on the bus, from the stop it chose, in the hours it is free."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.urls import reverse

from conftest import World
from tests.served_forms import served_form
from village.audit.models import AuditEvent
from village.directory.models import Service
from village.directory.tests.factories import add_service, need_terms
from village.families.models import FamilyProfile
from village.referrals.tests.helpers import clinic_tutoring, layla_need
from village.transit.models import WindowMatrix
from village.transit.tests.feeds import STOPS, river_bus


def _load(world: World, path: Path, capture: Any) -> None:
    with capture(execute=True):
        call_command("load_gtfs", str(path), "--region", world.region.slug, "--name", "River Bus")


PROFILE = {
    "preferred_language": "ara",
    "travel_modes": ["bus"],
    "max_travel_minutes": "20",
    "windows-TOTAL_FORMS": "1",
    "windows-INITIAL_FORMS": "0",
    "windows-MIN_NUM_FORMS": "0",
    "windows-MAX_NUM_FORMS": "21",
    "windows-0-weekday": "2",
    "windows-0-starts": "17:00",
    "windows-0-ends": "19:00",
}


def _tutoring(world: World, name: str, latitude: float, longitude: float = -87.63) -> Service:
    tutoring = next(t for t in need_terms() if t.code == "tutoring")
    return add_service(
        world.tutoring,
        name=name,
        latitude=latitude,
        longitude=longitude,
        categories=[tutoring],
        languages=("ar",),
        slots=((2, 16, 20),),
    )


def test_a_family_on_the_bus_is_matched_by_bus_minutes_from_the_stop_it_chose(
    login: Any, world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    need = layla_need(world)
    clinic = clinic_tutoring(world)
    far = _tutoring(world, "Far Park tutoring", 41.95)  # 7.8 km north, on the line: 28 minutes' ride
    east = _tutoring(world, "Eastside tutoring", 41.88, -87.60)  # 2.5 km east, no stop near
    _load(world, river_bus(tmp_path), django_capture_on_commit_callbacks)

    # Amina says on her profile that her family takes the bus, 20 minutes at most, on Tuesday
    # evenings, from the stop by the school; the worker works out that window's bus times.
    amina = login("amina", language="en")
    page = amina.get(reverse("families:profile")).content.decode()
    assert "Where do your bus trips start?" in page and "Clinic Corner" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = amina.post(reverse("families:profile"), PROFILE | {"trip_stop": "A"})
    assert response.status_code == 302
    profile = FamilyProfile.objects.get(household=world.household)
    assert (profile.trip_stop, profile.trip_stop_name) == ("A", "Lincoln School")
    assert WindowMatrix.objects.filter(weekday=2, starts="17:00", ends="19:00").exists()
    # A stop that is not in the timetable is refused by name.
    bad = amina.post(reverse("families:profile"), PROFILE | {"trip_stop": "Z"})
    assert "Choose a stop from the list." in bad.content.decode()

    rosa = login("rosa", language="en")
    response = rosa.get(reverse("matching:match", kwargs={"pk": need.pk}))
    result = response.context["result"]
    fits = {c.service: c for c in result.fits}
    assert clinic in fits
    # The typical trip over the window: half the 10-minute wait for the bus, then 4 minutes' ride.
    assert "about 8 minutes by bus, no change, Tuesday 17:00–19:00" in fits[clinic].reasons
    # No stop near: distance is used, and the page says so beside it.
    assert "2.5 km from school (no bus time: no bus stop within walking distance of this place)" in fits[east].reasons
    # On the line but too long a ride: a near miss in minutes, not kilometres.
    misses = {c.service: why for c, why in response.context["near"]}
    assert misses[far].endswith("minutes by bus")
    minutes = int(misses[far].split()[-4])
    assert 28 <= minutes <= 40
    assert "about 8 minutes by bus" in response.content.decode()


def test_a_stop_a_new_feed_no_longer_serves_is_named_and_distance_is_used(
    login: Any, world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    need = layla_need(world)
    clinic = clinic_tutoring(world)
    _load(world, river_bus(tmp_path), django_capture_on_commit_callbacks)
    amina = login("amina", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert amina.post(reverse("families:profile"), PROFILE | {"trip_stop": "C"}).status_code == 302
    before = AuditEvent.objects.count()
    # Posted back as served, the profile changes nothing.
    url = reverse("families:profile")
    served = served_form(amina.get(url).content, action=url, with_field="trip_stop")
    assert served.post_data()["trip_stop"] == ["C"]
    assert amina.post(url, served.post_data()).status_code == 302
    assert AuditEvent.objects.count() == before

    # The operator drops Main & 5th; the family's choice is kept and named, never guessed.
    (tmp_path / "new").mkdir()
    _load(
        world,
        river_bus(tmp_path / "new", {k: v for k, v in STOPS.items() if k != "C"}),
        django_capture_on_commit_callbacks,
    )
    page = amina.get(reverse("families:profile")).content.decode()
    assert "Main &amp; 5th (no longer served: choose another)" in page
    refused = amina.post(reverse("families:profile"), PROFILE | {"trip_stop": "C", "max_travel_minutes": "25"})
    assert "This stop is no longer served." in refused.content.decode()

    result = login("rosa", language="en").get(reverse("matching:match", kwargs={"pk": need.pk})).context["result"]
    assert result.bus_note == (
        "No bus times (the stop the family chose is no longer served): distances from the school are used."
    )
    assert clinic in [c.service for c in result.fits]


def test_without_a_timetable_matching_keeps_the_distance_rule_and_says_so(login: Any, world: World) -> None:
    need = layla_need(world)
    clinic = clinic_tutoring(world)
    FamilyProfile.objects.update_or_create(
        household=world.household,
        defaults={"district": world.riverbend, "travel_modes": ["bus"], "max_travel_minutes": 20},
    )
    result = login("rosa", language="en").get(reverse("matching:match", kwargs={"pk": need.pk})).context["result"]
    assert result.bus_note == (
        "No bus times (no bus timetable has been loaded for this area): distances from the school are used."
    )
    assert "0.6 km from school" in {c.service: c for c in result.fits}[clinic].reasons


def test_the_gap_map_separates_transport_gaps(
    login: Any, world: World, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    layla_need(world)
    _tutoring(world, "Far Park tutoring", 41.95)  # the only tutoring: 28 minutes' ride and more
    _load(world, river_bus(tmp_path), django_capture_on_commit_callbacks)
    amina = login("amina", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert amina.post(reverse("families:profile"), PROFILE | {"trip_stop": "A"}).status_code == 302

    response = login("dana", language="en").get(reverse("matching:gaps"))
    found = response.context["found"]
    assert found.gaps == 1 and found.transport_by_school == {"Lincoln Elementary": 1}
    ((key, count),) = found.rows
    assert key.transport and count == 1
    assert "Transport gaps" in response.content.decode()
    csv = login("dana", language="en").get(reverse("matching:gaps_csv")).content.decode()
    assert "Lincoln Elementary,Tutoring,Arabic,none recorded,yes,1" in csv.replace("\r", "")

    # Given 40 minutes, the family reaches it: no gap at all.
    with django_capture_on_commit_callbacks(execute=True):
        again = login("amina").post(
            reverse("families:profile"), PROFILE | {"trip_stop": "A", "max_travel_minutes": "40"}
        )
    assert again.status_code == 302
    assert login("dana", language="en").get(reverse("matching:gaps")).context["found"].gaps == 0
