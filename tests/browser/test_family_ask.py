"""Amina asks Lincoln for the clinic's homework club on her phone, in Arabic: from the service
page to the confirmation, right to left at 360 px, axe-clean, and nothing sent to the clinic."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from conftest import World
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import preload_axe, run_axe


def test_amina_asks_for_a_service_on_a_phone_in_arabic(
    world: World, page_for: Any, transactional_db: Any, live_server: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from village.referrals.models import FamilyAsk, Referral
    from village.referrals.tests.helpers import clinic_tutoring

    service = clinic_tutoring(world)
    service.name = {"en": "Clinic homework club", "ar": "نادي الواجبات في العيادة"}
    service.save(update_fields=["name"])
    page = page_for(world.amina, PHONE, "ar")
    axe = Axe()
    preload_axe(page, axe)
    page.goto(reverse("directory:service", kwargs={"pk": service.pk}))
    page.get_by_role("link", name="اطلب هذا من المدرسة").click()
    page.wait_for_url(re.compile(r"/ask/$"))
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()

    # Layla is her only child at school: already chosen.
    assert page.get_by_label("Layla Hassan").is_checked()
    page.get_by_label("لأي غرض؟ (اختياري)").fill("مساعدة في الرياضيات")
    page.get_by_role("button", name="أرسل الطلب إلى المدرسة").click()
    page.wait_for_url(re.compile(r"/asks/\d+/$"))
    assert page.get_by_role("status").is_visible()
    assert "تنتظر المدرسة" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    results = run_axe(page)
    assert results.violations_count == 0, results.generate_report()
    assert FamilyAsk.objects.get().need.description == "مساعدة في الرياضيات"
    assert not Referral.objects.exists()
