"""Services that fit a need, and the gap map of needs nothing fits."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from village.directory.models import Service
from village.directory.tests.factories import add_service, need_terms
from village.families.models import Need
from village.referrals.tests.helpers import clinic_tutoring, layla_need, layla_referral

pytestmark = pytest.mark.usefixtures("_english_staff")


@pytest.fixture
def _english_staff(world: World) -> None:
    for person in (world.rosa, world.mai, world.dana):
        person.preferred_language = "en"
        person.save()


def _english_only_nearby(world: World) -> Service:
    tutoring = next(t for t in need_terms() if t.code == "tutoring")
    return add_service(
        world.tutoring,
        name="Reading corner",
        latitude=41.881,
        longitude=-87.63,
        categories=[tutoring],
        languages=("en",),
    )


def test_a_match_explains_fits_and_near_misses(client: Any, world: World) -> None:
    need = layla_need(world)
    fit = clinic_tutoring(world)
    near = _english_only_nearby(world)
    client.force_login(world.rosa)
    response = client.get(reverse("matching:match", kwargs={"pk": need.pk}))
    result = response.context["result"]
    assert [c.service for c in result.fits] == [fit]
    assert "offered in Arabic" in result.fits[0].reasons
    (miss, why) = response.context["near"][0]
    assert miss.service == near and why == "closest, but English only"
    # Deterministic: the same match twice gives the same order.
    again = client.get(reverse("matching:match", kwargs={"pk": need.pk})).context["result"]
    assert [c.service.pk for c in again.fits] == [c.service.pk for c in result.fits]


def test_the_gap_map_counts_needs_no_service_fits_and_withholds_small_groups(
    client: Any, world: World, settings: Any
) -> None:
    settings.VILLAGE_SMALL_N = 5
    layla_need(world)  # tutoring: the clinic's homework club fits once it exists
    clinic_tutoring(world)
    Need.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        student=world.layla,
        category="legal",
        source="family",
        barriers=["transportation"],
    )
    layla_referral(world)
    client.force_login(world.dana)
    response = client.get(reverse("matching:gaps"))
    found = response.context["found"]
    assert found.needs_checked == 2 and found.gaps == 1
    ((key, count),) = found.rows
    assert (key.school, key.category, key.barrier, count) == ("Lincoln Elementary", "Legal help", "Transportation", 1)
    assert found.recruit == [("Legal help", 1)]
    # One referral is fewer than five: its outcome is not shown for the school or any group.
    assert all(row.withheld for row in response.context["school_rows"])
    assert "Too few to show" in response.content.decode()
    csv = client.get(reverse("matching:gaps_csv")).content.decode()
    assert "Lincoln Elementary,Legal help" in csv
