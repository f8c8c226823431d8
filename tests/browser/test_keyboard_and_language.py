from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from conftest import PASSWORD, World
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser]


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(
    world: World, page_for: Any, transactional_db: Any
) -> None:
    page = page_for(world.dana, PHONE)
    page.goto(reverse("home"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_family_signs_in_with_the_keyboard_and_switches_to_arabic(
    world: World, page_for: Any, transactional_db: Any
) -> None:
    world.amina.preferred_language = ""
    world.amina.save()
    page = page_for(None, PHONE)
    page.goto(reverse("account_login"))
    page.get_by_role("textbox", name="Email").fill("amina@example.org")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("textbox", name="Password").press("Enter")
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("heading", name="Hello, Amina Hassan").is_visible()
    assert page.get_by_text("Layla Hassan").is_visible()

    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_load_state()
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    # Logical CSS: the skip link and content start on the right in Arabic.
    main_box = page.locator("main h1").bounding_box()
    assert main_box is not None and main_box["x"] + main_box["width"] > PHONE["width"] / 2
    world.amina.refresh_from_db()
    assert world.amina.preferred_language == "ar"


def test_partner_search_updates_in_place_and_moves_focus(world: World, page_for: Any, transactional_db: Any) -> None:
    page = page_for(world.dana)
    page.goto(reverse("orgs:partners", kwargs={"slug": "riverbend"}))
    page.evaluate("window.__marker = 1")
    page.get_by_label("Search by name").fill("tutor")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=tutor"))
    results = page.locator("#partner-results")
    results.get_by_text("Eastside Tutoring").wait_for()
    assert results.get_by_text("Northside Family Health Clinic").count() == 0
    # No full reload happened, and focus goes to the updated results once htmx has settled them.
    assert page.evaluate("window.__marker") == 1
    page.wait_for_function("document.activeElement && document.activeElement.closest('#partner-results') !== null")


def test_form_errors_are_announced_and_tied_to_their_field(world: World, page_for: Any, transactional_db: Any) -> None:
    page = page_for(world.dana, PHONE, "ar")
    page.goto(reverse("orgs:school_create", kwargs={"slug": "riverbend"}))
    page.locator("main form button[type=submit]").click()
    name = page.locator("#id_name")
    assert name.get_attribute("aria-invalid") == "true"
    described = name.get_attribute("aria-describedby") or ""
    assert "id_name_error" in described
    assert page.locator("#id_name_error").inner_text().strip() != ""
