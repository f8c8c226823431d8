"""A mentor logs a meeting on a phone in Arabic through their private link, seeing only what the
consent covers; the family answers the monthly check-in on a phone in Arabic, once."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import World
from tests.browser.conftest import PHONE
from village.community.tests.helpers import paired

pytestmark = [pytest.mark.browser]


def test_a_mentor_logs_a_meeting_on_a_phone_in_arabic(world: World, page_for: Any, transactional_db: Any) -> None:
    from village.community.actions import link_hash
    from village.community.models import Meeting, Volunteer

    pair = paired(world)
    Volunteer.objects.filter(pk=pair.mentor.volunteer_id).update(link_hash=link_hash("huda-private-link"))
    page = page_for(None, PHONE, "ar")
    page.goto(reverse("community:volunteer", kwargs={"token": "huda-private-link"}))
    with translation.override("ar"):
        log = gettext("Log the meeting")
        heading = gettext("Your student in %(program)s") % {"program": pair.program.name}
    assert log != "Log the meeting"
    page.get_by_role("link", name=heading).click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert "Layla Hassan" in page.content()
    page.fill("input[name=meeting-date]", timezone.localdate().isoformat())
    page.fill("input[name=meeting-minutes]", "50")
    page.get_by_role("button", name=log).click()
    page.wait_for_load_state()
    assert Meeting.objects.get(pair=pair).minutes == 50
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_family_answers_the_check_in_on_a_phone_in_arabic_once(
    world: World, page_for: Any, transactional_db: Any
) -> None:
    from village.community.models import CheckIn

    pair = paired(world)
    check_in = CheckIn.objects.create(
        pair=pair, district=world.riverbend, side="student", month=timezone.localdate().replace(day=1)
    )
    page = page_for(None, PHONE, "ar")
    page.goto(reverse("community:check_in", kwargs={"token": check_in.token}))
    with translation.override("ar"):
        well, send, done = gettext("Well"), gettext("Send"), gettext("This check-in is answered. Thank you.")
    page.get_by_label(well, exact=True).check()
    page.get_by_role("button", name=send).click()
    page.wait_for_load_state()
    assert CheckIn.objects.get(pk=check_in.pk).score == 3
    assert done in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
