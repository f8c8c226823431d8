"""Amina answers the school's consent request on her phone, in Arabic: the page is right to
left, fits 360 px, passes axe, and her signature sends the referral that waited on it."""

from __future__ import annotations

import re
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from conftest import World
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import preload_axe, run_axe
from tests.browser.test_family_accounts import VISIBLE_TEXT

# Names of people, places and the partner: not translated, so not English left behind.
NAMES = {"Village", "Layla", "Hassan", "Amina", "Lincoln", "Elementary", "Northside", "Family", "Health", "Clinic"}
NAMES |= {"homework", "club"}  # the service's name, as its partner wrote it


def test_amina_signs_the_request_on_a_phone_in_arabic_and_the_referral_goes(
    world: World, page_for: Any, transactional_db: Any, live_server: Any
) -> None:
    from village.families.models import Consent
    from village.referrals.models import ConsentRequest, Referral
    from village.referrals.tests.helpers import layla_consent_request

    request = layla_consent_request(world)
    page = page_for(world.amina, PHONE, "ar")
    axe = Axe()
    preload_axe(page, axe)
    page.goto(reverse("referrals:consent_answer", kwargs={"pk": request.pk}))
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    text = page.evaluate(VISIBLE_TEXT)
    assert sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in NAMES}) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()

    # Both requested elements come ticked; she keeps only the name, confirms with the keyboard.
    grade = page.locator("input[name=elements][value=grade]")
    assert grade.is_checked() and page.locator("input[name=elements][value=name]").is_checked()
    grade.uncheck()
    page.locator("input[name=confirm]").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="التوقيع وإعطاء الموافقة").click()
    page.wait_for_url(re.compile(r"/consents/$"))

    request.refresh_from_db()
    assert request.state == "consented"
    assert Consent.objects.get().elements == ["name"]
    assert Referral.objects.get().elements == ["name"]
    assert ConsentRequest.objects.get().referral_id == Referral.objects.get().pk
