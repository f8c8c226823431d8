"""Amina edits her family's profile on a phone, in Arabic: a mistake is announced at the top and
leads to its field; saving the page as it is keeps every available time."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from conftest import World
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import preload_axe, run_axe

pytestmark = [pytest.mark.browser]


def test_a_family_fixes_a_time_from_the_error_summary_and_keeps_its_times(
    world: World, page_for: Any, transactional_db: Any
) -> None:
    from village.families.actions import save_profile
    from village.families.models import AvailabilityWindow
    from village.families.queries import profile_for

    profile = profile_for(world.household)
    save_profile(world.amina, profile, ["best_times"], [(2, time(18), time(20)), (6, time(10), time(14))])
    before = list(AvailabilityWindow.objects.order_by("pk").values_list("pk", "weekday", "starts", "ends"))

    page = page_for(world.amina, PHONE, "ar")
    axe = Axe()
    preload_axe(page, axe)
    page.goto(reverse("families:profile"))
    page.locator("#id_windows-0-ends").fill("17:00")  # before it starts at 18:00
    page.get_by_role("button", name="حفظ الملف").click()
    page.wait_for_load_state()

    summary = page.get_by_role("alert")
    assert summary.is_visible()
    assert run_axe(page).violations_count == 0
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_windows-0-ends"
    assert page.locator("#id_windows-0-ends").get_attribute("aria-invalid") == "true"

    page.locator("#id_windows-0-ends").fill("20:00")
    page.get_by_role("button", name="حفظ الملف").click()
    page.wait_for_load_state()
    assert not page.get_by_role("alert").count()
    after = list(AvailabilityWindow.objects.order_by("pk").values_list("pk", "weekday", "starts", "ends"))
    assert after == before
