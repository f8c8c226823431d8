"""A family answers an event on a phone in Arabic without an account, then adds it to the phone's
calendar from the .ics file; the event pages pass axe on a phone and a desktop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import check_page, preload_axe
from village.events.tests.helpers import lincoln_event

pytestmark = [pytest.mark.browser]


def test_a_family_answers_in_arabic_on_a_phone_and_downloads_the_ics(
    world: World, page_for: Any, transactional_db: Any
) -> None:
    from village.events.models import Rsvp

    event = lincoln_event(world)
    page = page_for(None, PHONE, "ar")
    page.goto(reverse("events:show", kwargs={"token": event.token}))
    assert page.evaluate("document.documentElement.dir") == "rtl"
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.fill("input[name=name]", "فاطمة حسن")
    page.fill("input[name=contact]", "fatima@example.org")
    page.fill("input[name=party_size]", "3")
    page.select_option("select[name=interpreter_language]", "ar")
    page.fill("input[name=childcare_children]", "2")
    page.check("input[name=needs_ride]")
    with translation.override("ar"):
        send, add = gettext("Send my answer"), gettext("Add to my calendar")
    assert send != "Send my answer"  # the page speaks Arabic
    page.get_by_role("button", name=send).click()
    page.wait_for_load_state()
    rsvp = Rsvp.objects.get()
    assert (rsvp.name, rsvp.party_size, rsvp.interpreter_language, rsvp.childcare_children, rsvp.needs_ride) == (
        "فاطمة حسن",
        3,
        "ar",
        2,
        True,
    )
    assert rsvp.language == "ar" and rsvp.person is None
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with page.expect_download() as download:
        page.get_by_role("link", name=add).click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    (component,) = calendar.walk("VEVENT")
    assert str(component["UID"]).startswith(f"event-{event.pk}@")
    assert component["DTSTART"].dt == event.starts_at and calendar.walk("VTIMEZONE")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_event_pages_pass_axe(language: str, world: World, page_for: Any, transactional_db: Any) -> None:
    from village.events.actions import send_rsvp

    event = lincoln_event(world, capacity=2)
    send_rsvp(event, world.amina, party_size=2, interpreter_language="ar", childcare_children=1)
    staff_urls = [
        reverse("events:school", kwargs={"pk": world.lincoln.pk}),
        reverse("events:new", kwargs={"pk": world.lincoln.pk}),
        reverse("events:event", kwargs={"pk": event.pk}),
        reverse("events:edit", kwargs={"pk": event.pk}),
        reverse("events:attendance", kwargs={"pk": event.pk}),
        reverse("events:calendar", kwargs={"pk": world.lincoln.pk}),
        reverse("events:mine"),
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
        problems += check_page(visitor, reverse("events:show", kwargs={"token": event.token}), axe)
    assert not problems, "\n".join(problems)
