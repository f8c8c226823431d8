"""Someone signs up to volunteer on a phone in Arabic without an account and logs hours through
their private link once approved; the volunteering pages pass axe on a phone and a desktop."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import check_page, preload_axe
from village.community.tests.helpers import lincoln_opportunity, signed_up

pytestmark = [pytest.mark.browser]


def test_a_volunteer_signs_up_in_arabic_on_a_phone_and_logs_hours_once_approved(
    world: World, page_for: Any, transactional_db: Any
) -> None:
    from village.community.actions import decide_signup, record_clearance
    from village.community.models import HoursLog, Signup

    opportunity = lincoln_opportunity(world)
    page = page_for(None, PHONE, "ar")
    page.goto(reverse("community:signup", kwargs={"token": opportunity.token}))
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.fill("input[name=name]", "هدى منصور")
    page.fill("input[name=email]", "huda@example.org")
    with translation.override("ar"):
        sign_up, log = gettext("Sign up"), gettext("Log the hours")
    assert sign_up != "Sign up"
    page.get_by_role("button", name=sign_up).click()
    page.wait_for_load_state()
    signup = Signup.objects.get()
    assert signup.volunteer.name == "هدى منصور" and signup.volunteer.language == "ar"
    link = page.locator("a.secret").get_attribute("href")
    assert link and page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    record_clearance(
        world.rosa, signup.volunteer, kind="background_check", cleared_on=timezone.localdate(), expires_on=None
    )
    decide_signup(world.rosa, signup, approve=True)
    page.goto(urlsplit(link).path)
    page.fill("input[name=date]", timezone.localdate().isoformat())
    page.fill("input[name=hours]", "2")
    page.get_by_role("button", name=log).click()
    page.wait_for_load_state()
    assert HoursLog.objects.get().hours == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_volunteering_pages_pass_axe(language: str, world: World, page_for: Any, transactional_db: Any) -> None:
    from village.community.actions import decide_signup, log_hours, record_clearance

    opportunity = lincoln_opportunity(world)
    result = signed_up(world, opportunity)
    record_clearance(
        world.rosa,
        result.signup.volunteer,
        kind="background_check",
        cleared_on=timezone.localdate() - datetime.timedelta(days=300),
        expires_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    decide_signup(world.rosa, result.signup, approve=True)
    log_hours(result.signup.volunteer, result.signup, date=timezone.localdate(), hours=Decimal(2))
    staff_urls = [
        reverse("community:school", kwargs={"pk": world.lincoln.pk}),
        reverse("community:new", kwargs={"pk": world.lincoln.pk}),
        reverse("community:opportunity", kwargs={"pk": opportunity.pk}),
        reverse("community:clearance", kwargs={"pk": result.signup.pk}),
    ]
    axe = Axe()
    problems: list[str] = []
    for viewport in (PHONE, DESKTOP):
        page = page_for(world.rosa, viewport, language)
        preload_axe(page, axe)
        for url in staff_urls:
            problems += check_page(page, url, axe)
        visitor = page_for(None, viewport, language)
        preload_axe(visitor, axe)
        problems += check_page(visitor, reverse("community:signup", kwargs={"token": opportunity.token}), axe)
        problems += check_page(visitor, urlsplit(result.link).path, axe)
    assert not problems, "\n".join(problems)
