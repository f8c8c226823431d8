"""travel.trips: what matching will read, from the worker's cached windows of the region's current feed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command

from conftest import World
from village.orgs.models import Region
from village.transit.models import FeedVersion, Stop
from village.transit.tests.feeds import cairns_path
from village.transit.travel import NoTransit, cached_window, trips

pytestmark = pytest.mark.django_db
AFTERNOON = (datetime.time(15, 0), datetime.time(18, 0))
FAR = (-17.9, 146.4)  # out at sea, far from every Cairns stop


def test_trips_read_walk_ride_walk_and_name_why_one_is_missing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_gtfs", str(cairns_path()), "--region", world.region.slug, "--name", "sunbus")
    version = FeedVersion.objects.get(is_current=True)
    window = cached_window(version, 2, *AFTERNOON)
    assert window is not None
    first, target = Stop.objects.get(version=version, index=0), Stop.objects.get(version=version, index=200)
    places = [(target.latitude, target.longitude), FAR]
    found = trips(world.region.pk, 2, *AFTERNOON, places, stop_code=first.code)
    assert found[0].minutes is not None and found[0].minutes <= int(window.minutes[0, 200])
    assert found[0].changes is not None
    assert found[1].missing == NoTransit.NO_STOP_NEAR
    from_school = trips(world.region.pk, 2, *AFTERNOON, places, point=(first.latitude, first.longitude))
    assert from_school[0].minutes is not None and from_school[0].minutes <= found[0].minutes
    assert {t.missing for t in trips(world.region.pk, 2, *AFTERNOON, places, stop_code="gone")} == {NoTransit.STOP_GONE}
    assert trips(world.region.pk, 2, *AFTERNOON, places, point=FAR)[0].missing == NoTransit.NO_STOP_AT_START
    assert trips(world.region.pk, 7, *AFTERNOON, places, stop_code=first.code)[0].missing == NoTransit.NOT_COMPUTED
    elsewhere = Region.objects.create(name="Elsewhere", slug="elsewhere")
    assert trips(elsewhere.pk, 2, *AFTERNOON, places, stop_code=first.code)[0].missing == NoTransit.NO_FEED
