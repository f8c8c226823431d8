"""The voice pages with data in them pass axe, in English and Arabic, on a phone and a desktop."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from conftest import World
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import check_page, preload_axe
from village.demo import voice as demo
from village.voice.tests.helpers import lincoln_survey

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_filled_voice_pages_pass_axe(language: str, world: World, page_for: Any, transactional_db: Any) -> None:
    from village.voice.models import ListeningSession, Survey

    demo.build(world.riverbend, world.lincoln)
    survey = Survey.objects.get()
    session = ListeningSession.objects.get()
    draft = lincoln_survey(world, status="draft")
    staff_urls = [
        reverse("voice:school", kwargs={"pk": world.lincoln.pk}),
        reverse("voice:survey", kwargs={"pk": survey.pk}),
        reverse("voice:results", kwargs={"pk": survey.pk}) + "?by=language",
        reverse("voice:results", kwargs={"pk": survey.pk}) + "?only=vi",
        reverse("voice:session", kwargs={"pk": session.pk}),
        reverse("voice:barriers", kwargs={"pk": world.lincoln.pk}),
        reverse("voice:survey_theme", kwargs={"pk": survey.pk}),
        reverse("voice:session_theme", kwargs={"pk": session.pk}),
        reverse("voice:survey_new", kwargs={"pk": world.lincoln.pk}),
        reverse("voice:session_new", kwargs={"pk": world.lincoln.pk}),
        reverse("voice:question_add", kwargs={"pk": draft.pk}),
        reverse("voice:translate", kwargs={"pk": draft.pk, "language": "vi"}),
        reverse("voice:survey", kwargs={"pk": draft.pk}),
    ]
    respond = reverse("voice:respond", kwargs={"token": survey.token}) + f"?language={language}"
    axe = Axe()
    problems: list[str] = []
    for viewport in (PHONE, DESKTOP):
        page = page_for(world.rosa, viewport, language)
        preload_axe(page, axe)
        for url in staff_urls:
            problems += check_page(page, url, axe)
        visitor = page_for(None, viewport, language)
        preload_axe(visitor, axe)
        problems += check_page(visitor, respond, axe)
    assert not problems, "\n".join(problems)


def test_a_family_answers_with_the_keyboard_on_a_phone(world: World, page_for: Any, transactional_db: Any) -> None:
    from village.voice.models import Response, Survey

    demo.build(world.riverbend, world.lincoln)
    survey = Survey.objects.get()
    before = set(Response.objects.values_list("pk", flat=True))
    page = page_for(None, PHONE, "ar")
    page.goto(reverse("voice:respond", kwargs={"token": survey.token}) + "?language=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.get_by_label("نعم").check()
    page.get_by_role("button", name=page.locator("form.card button[type=submit]").inner_text()).press("Enter")
    page.wait_for_load_state()
    (stored,) = Response.objects.exclude(pk__in=before)  # keys are random: the new one is the one not seen
    assert stored.language == "ar"
