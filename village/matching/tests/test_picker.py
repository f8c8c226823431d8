"""The allocation picker stays within the school's reach and searches; the run page shows its
progress without a reload and says what its units mean."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from village.directory.tests.factories import add_service, need_terms
from village.families.models import Household, Need, Student
from village.matching.actions import compute_run
from village.matching.models import AllocationRun
from village.matching.programs import programs_for
from village.referrals.models import Referral
from village.referrals.tests.helpers import lincoln_located


def _program(world: World, name: str, lat: float, seats: int = 3, kind: str = "after_school", **fields: Any) -> Any:
    term = next(t for t in need_terms() if t.code == kind)
    return add_service(
        world.clinic,
        name=name,
        latitude=lat,
        longitude=-87.63,
        categories=[term],
        languages=("en", "ar"),
        seats_total=seats,
        seats_available=seats,
        **fields,
    )


@pytest.fixture
def programs(world: World) -> dict[str, Any]:
    lincoln_located(world)  # 41.88, -87.63
    return {
        "near": _program(world, "Lincoln after-school club", 41.882),  # 0.2 km
        "tutoring": _program(world, "Math tutoring corner", 41.885, kind="tutoring"),  # 0.6 km
        "far": _program(world, "Riverside after-school", 42.06),  # 20 km
        "full": _program(world, "Full club", 41.881, seats=0),
    }


def _names(found: Any) -> list[str]:
    return [p.service.name["en"] for p in found.listed]


def test_the_picker_lists_programs_within_reach_nearest_first(world: World, programs: dict[str, Any]) -> None:
    found = programs_for(world.lincoln)
    assert _names(found) == ["Lincoln after-school club", "Math tutoring corner"]
    assert found.farther == 1 and not found.wider
    assert found.listed[0].km == pytest.approx(0.22, abs=0.01)
    # Widened: the whole region. Programs with no seats free are never offered.
    assert _names(programs_for(world.lincoln, wider=True)) == [
        "Lincoln after-school club",
        "Math tutoring corner",
        "Riverside after-school",
    ]


def test_a_program_the_school_referred_to_before_is_within_reach(world: World, programs: dict[str, Any]) -> None:
    Referral.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        student=world.layla,
        service=programs["far"],
        organization=world.clinic,
        purpose="referral",
        created_by=world.rosa,
        submission_key=uuid.uuid4().hex,
    )
    found = programs_for(world.lincoln)
    assert "Riverside after-school" in _names(found)
    assert next(p for p in found.listed if p.service == programs["far"]).served


def test_words_and_kinds_narrow_the_list_and_ticked_programs_stay(world: World, programs: dict[str, Any]) -> None:
    assert _names(programs_for(world.lincoln, text="math")) == ["Math tutoring corner"]
    assert _names(programs_for(world.lincoln, kinds=["after_school"])) == ["Lincoln after-school club"]
    kept = programs_for(world.lincoln, text="math", chosen=[programs["far"].pk])
    assert _names(kept) == ["Math tutoring corner", "Riverside after-school"]


def test_searching_keeps_the_choices_and_runs_nothing(world: World, programs: dict[str, Any], login: Any) -> None:
    client = login("rosa", language="en")
    url = reverse("matching:allocation_new", kwargs={"pk": world.lincoln.pk})
    page = client.get(url).content.decode()
    assert "Programs with seats free, of the kinds of need you chose, within 5 km of the school" in page
    assert "Riverside after-school" not in page and "Show 1 more program farther away" in page
    response = client.post(
        url, {"q": "club", "services": [programs["near"].pk], "categories": ["after_school"], "search": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and not AllocationRun.objects.exists()
    assert f'value="{programs["near"].pk}" id="program-{programs["near"].pk}" checked' in body
    assert "Math tutoring corner" not in body  # neither the words nor the kind
    assert "0.2 km away" in body
    wider = client.post(url, {"services": [programs["near"].pk], "widen": "1"}).content.decode()
    assert "Riverside after-school" in wider and "Only programs near the school (5 km)" in wider
    # A program of the region that is not listed is still accepted when posted.
    Need.objects.create(
        district=world.riverbend, school=world.lincoln, student=world.layla, category="after_school", source="family"
    )
    ran = client.post(url, {"services": [programs["far"].pk], "categories": ["after_school"]})
    run = AllocationRun.objects.get()
    assert ran["Location"] == reverse("matching:allocation", kwargs={"pk": run.pk})


def _queued(world: World, programs: dict[str, Any]) -> AllocationRun:
    household = Household.objects.create(district=world.riverbend, name="Test", home_language="en")
    student = Student.objects.create(
        district=world.riverbend, school=world.lincoln, household=household, local_id="P-1", given_name="Ana", grade=3
    )
    need = Need.objects.create(
        district=world.riverbend, school=world.lincoln, student=student, category="after_school", source="family"
    )
    run = AllocationRun.objects.create(district=world.riverbend, school=world.lincoln, created_by=world.rosa, total=1)
    run.services.set([programs["near"]])
    run.needs.set([need])
    return run


def test_the_run_page_polls_until_done_and_announces_each_new_status(
    world: World, programs: dict[str, Any], login: Any
) -> None:
    run = _queued(world, programs)
    client = login("rosa", language="en")
    url = reverse("matching:allocation", kwargs={"pk": run.pk})
    page = client.get(url).content.decode()
    assert 'id="progress-announcer"' in page and 'aria-live="polite"' in page
    assert 'hx-trigger="every 2s"' in page and f'hx-get="{url}?seen=queued"' in page
    assert "Reload to see progress" in page  # without JavaScript
    # A poll that finds the same status swaps the partial and announces nothing.
    same = client.get(url, {"seen": "queued"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in same and 'id="progress"' in same and "hx-swap-oob" not in same
    compute_run(run)
    done = client.get(url, {"seen": "queued"}, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done  # the poll stops
    assert 'hx-swap-oob="innerHTML"' in done and "Ready for review: 1 placed, 0 not placed." in done
    # Units: km with one decimal, shares in percent, and what a tier and first come mean.
    assert "Need tier 1 · 0.2 km from the school" in done or "Need tier 0 · 0.2 km from the school" in done
    assert "Placed (%)" in done and "Average distance (km)" in done
    assert "Too few students to show without identifying them." in done  # one applicant: suppressed
    assert "What would happen if seats went to needs in the order they were raised." in done
    assert "From 0 to 3: the need's urgency" in done
