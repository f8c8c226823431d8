"""On a phone, in Arabic: the finder puts results first behind folded filters; an allocation shows
its progress and then its result without a reload, announced politely, focus left alone; the
worklist, the allocation pages and the decision log pass axe with data in them."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import check_page, preload_axe
from village.directory.tests.factories import add_service, need_terms
from village.families.models import Need
from village.governance import actions as governance
from village.governance.tests.helpers import lincoln_council, open_now, propose
from village.matching.actions import compute_run
from village.matching.models import AllocationRun
from village.referrals import actions as referral_actions
from village.referrals.models import Referral
from village.referrals.tests.helpers import clinic_tutoring, layla_need, lincoln_located

pytestmark = [pytest.mark.browser]


def _services_near_lincoln(world: World) -> None:
    lincoln_located(world)
    tutoring = next(t for t in need_terms() if t.code == "tutoring")
    for i in range(6):
        add_service(
            world.tutoring,
            name=f"Homework club {i}",
            latitude=41.881 + i * 0.001,
            longitude=-87.63,
            categories=[tutoring],
            languages=("ar", "en"),
            seats_total=5,
            seats_available=5,
        )


def test_the_finder_puts_results_first_on_a_phone_and_folds_the_filters(
    world: World, page_for: Any, live_server: Any, transactional_db: Any
) -> None:
    _services_near_lincoln(world)
    page = page_for(world.amina, PHONE, "ar")
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(reverse("directory:finder") + f"?near={world.lincoln.pk}&need=tutoring")
    filters = page.locator("details#finder-filters")
    assert not filters.evaluate("d => d.open")
    summary = filters.locator("> summary")
    assert "عوامل التصفية" in summary.inner_text()  # "Filters: 2 chosen", in Arabic
    first = page.locator(".finder-results li").first
    assert first.is_visible() and first.bounding_box()["y"] < PHONE["height"]  # type: ignore[index]
    assert not page.locator("#id_need").is_visible()
    # The summary is a control: the keyboard opens the filters, and the form is there.
    summary.focus()
    page.keyboard.press("Enter")
    assert filters.evaluate("d => d.open") and page.locator("#id_need").is_visible()
    # No tile server in the tests: no map, and neither Leaflet's code nor its style is fetched.
    assert page.locator(".directory-map").count() == 0
    assert not [url for url in requested if "leaflet" in url]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    # On a desktop the filters are open from the start, beside the results.
    wide = page_for(world.amina, DESKTOP, "ar")
    wide.goto(reverse("directory:finder") + f"?near={world.lincoln.pk}&need=tutoring")
    assert wide.locator("details#finder-filters").evaluate("d => d.open")


def _queued_run(world: World) -> AllocationRun:
    from village.families.models import Household, Student

    _services_near_lincoln(world)
    needs = []
    for i in range(4):
        household = Household.objects.create(district=world.riverbend, name=f"H{i}", home_language="ar")
        student = Student.objects.create(
            district=world.riverbend,
            school=world.lincoln,
            household=household,
            local_id=f"BR-{i}",
            given_name=f"Student{i}",
            family_name="Test",
            grade=3,
        )
        needs.append(
            Need.objects.create(
                district=world.riverbend, school=world.lincoln, student=student, category="tutoring", source="family"
            )
        )
    from village.directory.models import Service

    run = AllocationRun.objects.create(district=world.riverbend, school=world.lincoln, created_by=world.rosa, total=4)
    run.services.set(Service.objects.filter(name__en__startswith="Homework club"))
    run.needs.set(needs)
    return run


def test_an_allocation_shows_its_progress_and_result_without_a_reload(
    world: World, page_for: Any, transactional_db: Any
) -> None:
    run = _queued_run(world)
    page = page_for(world.rosa, PHONE, "ar")
    page.goto(reverse("matching:allocation", kwargs={"pk": run.pk}))
    assert page.locator("#progress progress").is_visible()
    reload_link = page.locator(f"#progress a[href='{reverse('matching:allocation', kwargs={'pk': run.pk})}']")
    assert reload_link.count() == 1  # without JavaScript, a link reloads
    page.locator("a.brand").focus()  # the reader is elsewhere on the page
    compute_run(run)  # the worker finishes while the page is open
    page.wait_for_selector("#fair-heading", timeout=15_000)
    # Announced politely, in Arabic; the poll stops; focus stays where the reader left it.
    announcer = page.locator("#progress-announcer")
    assert announcer.get_attribute("aria-live") == "polite"
    page.wait_for_function("document.getElementById('progress-announcer').textContent.trim().length > 0")
    assert "جاهز" in announcer.inner_text()  # "Ready for review"
    assert page.locator("#progress").get_attribute("hx-trigger") is None
    assert page.evaluate("document.activeElement.classList.contains('brand')")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    assert "كم" in page.locator("#progress").inner_text()  # distances in km


def test_the_worklist_allocation_pages_and_decision_log_pass_axe_with_data(
    world: World, page_for: Any, transactional_db: Any
) -> None:
    layla_need(world)
    referral = Referral.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        student=world.layla,
        service=clinic_tutoring(world),
        organization=world.clinic,
        purpose="referral",
        created_by=world.rosa,
        status="completed",
        submission_key=uuid.uuid4().hex,
    )
    referral_actions.family_feedback(world.amina, referral, False, "لم يتصل بنا أحد")
    referral_actions.request_consent(world.rosa, world.layla, clinic_tutoring(world), elements=["name"])
    run = _queued_run(world)
    compute_run(run)
    council = lincoln_council(world)
    proposal = open_now(world, propose(world, council))
    governance.vote(world.amina, proposal, choice="for")
    governance.vote(world.grace, proposal, choice="for")
    governance.decide(world.rosa, proposal)
    urls = [
        reverse("home"),
        reverse("home:worklist", kwargs={"pk": world.lincoln.pk}),
        reverse("home:worklist_kind", kwargs={"pk": world.lincoln.pk, "kind": "answers"}),
        reverse("referrals:detail", kwargs={"pk": referral.pk}),
        reverse("matching:allocation_new", kwargs={"pk": world.lincoln.pk}),
        reverse("matching:allocation", kwargs={"pk": run.pk}),
        reverse("governance:log"),
    ]
    axe = Axe()
    problems: list[str] = []
    for viewport, language in ((PHONE, "ar"), (DESKTOP, "en")):
        page = page_for(world.rosa, viewport, language)
        preload_axe(page, axe)
        for url in urls:
            problems += check_page(page, url, axe)
        lead = page_for(world.dana, viewport, language)
        preload_axe(lead, axe)
        problems += check_page(lead, reverse("home"), axe)
    assert not problems, "\n".join(problems)
