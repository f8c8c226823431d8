"""A coordinator shares a full after-school program's seats, reviews the result and approves it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from village.directory.tests.factories import add_service, need_terms
from village.families.models import Household, Need, Student
from village.families.tests.helpers import make_consent
from village.matching.models import AllocationRun
from village.referrals.models import ConsentRequest, Referral
from village.referrals.tests.helpers import lincoln_located


@pytest.fixture
def _english(world: World) -> None:
    world.rosa.preferred_language = "en"
    world.rosa.save()


def _program(world: World, name: str, lat: float, seats: int) -> Any:
    after_school = next(t for t in need_terms() if t.code == "after_school")
    return add_service(
        world.clinic,
        name=name,
        latitude=lat,
        longitude=-87.63,
        categories=[after_school],
        languages=("en", "ar", "es"),
        seats_total=seats,
        seats_available=seats,
    )


def _applicant(world: World, name: str, urgency: str, **flags: Any) -> Need:
    household = Household.objects.create(district=world.riverbend, name=name, home_language="en")
    student = Student.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        household=household,
        local_id=f"AL-{name}",
        given_name=name,
        family_name="Test",
        grade=3,
        **flags,
    )
    return Need.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        student=student,
        category="after_school",
        urgency=urgency,
        source="educator",
    )


@pytest.mark.usefixtures("_english")
def test_a_coordinator_allocates_a_full_program_and_approves_it(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    lincoln_located(world)
    near = _program(world, "Lincoln after-school club", 41.882, 1)
    far = _program(world, "Riverside after-school", 41.90, 1)
    first = _applicant(world, "Ana", "routine")  # applied first, lowest need
    urgent = _applicant(world, "Bilal", "urgent", homeless=True)
    soon = _applicant(world, "Chen", "soon", english_learner=True)
    client.force_login(world.rosa)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matching:allocation_new", kwargs={"pk": world.lincoln.pk}),
            {"services": [near.pk, far.pk], "categories": ["after_school"]},
        )
    run = AllocationRun.objects.get()
    assert response["Location"] == reverse("matching:allocation", kwargs={"pk": run.pk})
    run.refresh_from_db()
    assert run.status == "ready"
    placed = {row["need"]: row["service"] for row in run.result}
    # Two seats, three applicants: the two highest-need students are placed, whoever applied first.
    assert {placed[urgent.pk], placed[soon.pk]} == {near.pk, far.pk} and placed[first.pk] is None
    page = client.get(reverse("matching:allocation", kwargs={"pk": run.pk})).content.decode()
    assert "Fairness by student group" in page and "First come, first served" in page
    assert "Every program that fits was full" in page
    # Only Bilal's family consented: his referral is sent, Chen's family is asked first.
    make_consent(
        world,
        student=urgent.student,
        household=urgent.student.household,
        recipient=world.clinic,
        elements=("name", "grade", "school", "needs"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:allocation_approve", kwargs={"pk": run.pk}), {"keep": [urgent.pk, soon.pk]})
    run.refresh_from_db()
    assert run.status == "approved"
    assert list(Referral.objects.values_list("student_id", flat=True)) == [urgent.student_id]
    assert ConsentRequest.objects.filter(student=soon.student).count() == 1
    # Approving again sends nothing twice.
    client.post(reverse("matching:allocation_approve", kwargs={"pk": run.pk}), {"keep": [urgent.pk]})
    assert Referral.objects.count() == 1


@pytest.mark.usefixtures("_english")
def test_a_program_with_no_seats_is_refused(client: Any, world: World) -> None:
    lincoln_located(world)
    empty = _program(world, "Closed club", 41.882, 0)
    _applicant(world, "Dara", "routine")
    client.force_login(world.rosa)
    response = client.post(
        reverse("matching:allocation_new", kwargs={"pk": world.lincoln.pk}),
        {"services": [empty.pk], "categories": ["after_school"]},
    )
    assert "has no seats to share" in response.content.decode()
    assert not AllocationRun.objects.exists()


def test_a_family_already_asked_about_the_program_is_not_asked_twice_on_approval(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from village.referrals.actions import request_consent

    lincoln_located(world)
    club = _program(world, "Lincoln after-school club", 41.882, 1)
    need = _applicant(world, "Dina", "soon")
    request_consent(world.rosa, need.student, club, elements=["name", "grade"], need=need)  # from the referral form
    client.force_login(world.rosa)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("matching:allocation_new", kwargs={"pk": world.lincoln.pk}),
            {"services": [club.pk], "categories": ["after_school"]},
        )
    run = AllocationRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:allocation_approve", kwargs={"pk": run.pk}), {"keep": [need.pk]})
    run.refresh_from_db()
    assert run.status == "approved"
    assert ConsentRequest.objects.filter(student=need.student).count() == 1


@pytest.mark.usefixtures("_english")
def test_with_bus_times_an_allocation_minimises_and_reports_minutes(
    client: Any, world: World, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.management import call_command

    from village.families.models import FamilyProfile
    from village.transit.tests.feeds import river_bus

    lincoln_located(world)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_gtfs", str(river_bus(tmp_path)), "--region", world.region.slug, "--name", "River Bus")
    corner = _program(world, "Corner club", 41.885, 1)  # by stop B: minutes by bus
    far = _program(world, "Far Park club", 41.95, 1)  # by stop D: half an hour by bus, a quarter hour by car
    rider = _applicant(world, "Ana", "routine")
    driver = _applicant(world, "Bilal", "routine")
    for need, modes in ((rider, ["bus"]), (driver, ["car"])):
        FamilyProfile.objects.create(
            district=world.riverbend, household=need.student.household, travel_modes=modes, max_travel_minutes=60
        )
    client.force_login(world.rosa)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("matching:allocation_new", kwargs={"pk": world.lincoln.pk}),
            {"services": [corner.pk, far.pk], "categories": ["after_school"]},
        )
    run = AllocationRun.objects.get()
    rows = {row["need"]: row for row in run.result}
    # In kilometres the two ways to seat them cost the same; in minutes the rider takes the short
    # bus ride and the driver the longer drive (8 + 16 minutes rather than 33 + 1).
    assert (rows[rider.pk]["service"], rows[driver.pk]["service"]) == (corner.pk, far.pk)
    assert 6 <= rows[rider.pk]["minutes"] <= 12 and rows[driver.pk]["minutes"] == 16
    assert run.fairness["ours"][0]["mean_minutes"] is not None and "mean_km" not in run.fairness["ours"][0]
    page = client.get(reverse("matching:allocation", kwargs={"pk": run.pk})).content.decode()
    assert "Average travel (minutes)" in page
    assert "Need tier 0 · about 16 minutes" in page
