"""Amina on a phone in Arabic: the family pages fit 360 px, and the language picker's search box
narrows the long list to what she types."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser]
SHOTS = os.environ.get("VILLAGE_SCREENSHOTS", "")  # a folder to keep screenshots in, when set


def test_the_language_search_box_narrows_the_list(world: World, page_for: Any, transactional_db: Any) -> None:
    page = page_for(world.amina, PHONE, "ar")
    page.goto(reverse("families:profile"))
    search = page.get_by_role("searchbox", name="ابحث عن لغة")
    search.fill("الصومال")
    shown = page.eval_on_selector_all(
        "#id_preferred_language option", "os => os.filter(o => !o.hidden && o.value).map(o => o.value)"
    )
    assert shown == ["som"]
    assert page.locator("#id_preferred_language").input_value() == "som"
    search.fill("")
    assert page.eval_on_selector_all("#id_preferred_language option", "os => os.filter(o => o.hidden).length") == 0


@pytest.mark.parametrize("name", ["home", "families:profile", "families:student", "directory:finder"])
def test_family_pages_fit_a_phone_in_arabic(world: World, page_for: Any, transactional_db: Any, name: str) -> None:
    page = page_for(world.amina, PHONE, "ar")
    page.goto(reverse(name, args=[world.layla.pk]) if name == "families:student" else reverse(name))
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name.replace(':', '-')}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
