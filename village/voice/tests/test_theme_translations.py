"""Themes carry their translations: the school's voice staff add them from the voice page, and
readers of "you said, we did" see their language or the original marked (issue #14, item 9)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import World
from village.audit.models import AuditEvent
from village.voice.models import Theme
from village.voice.tests.helpers import lincoln_session

TITLE_AR = "لا توجد حافلة متأخرة"


def _theme(world: World, login: Any) -> Theme:
    session = lincoln_session(world)
    login("rosa", language="en").post(
        reverse("voice:session_theme", kwargs={"pk": session.pk}),
        {"title": "No late bus", "summary": "Evening events end after the last bus."},
    )
    return Theme.objects.get()


def test_a_theme_is_stored_in_the_language_it_was_written_in(world: World, login: Any) -> None:
    theme = _theme(world, login)
    assert theme.source_language == "en"
    assert theme.title == {"en": "No late bus"} and theme.summary == {"en": "Evening events end after the last bus."}


def test_staff_translate_a_theme_and_an_arabic_reader_sees_it(world: World, login: Any) -> None:
    theme = _theme(world, login)
    rosa = login("rosa", language="en")
    page = rosa.get(reverse("voice:school", kwargs={"pk": world.lincoln.pk})).content.decode()
    url = reverse("voice:theme_translate", kwargs={"pk": theme.pk, "language": "ar"})
    assert url in page and "Not yet translated" in page
    response = rosa.post(url, {"title": TITLE_AR, "summary": ""})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(code="voice.theme.translated").count() == 1
    # Posted back unchanged: nothing is written, nothing recorded.
    rosa.post(url, {"title": TITLE_AR, "summary": ""})
    assert AuditEvent.objects.filter(code="voice.theme.translated").count() == 1

    visitor = login("anonymous")
    visitor.cookies["village_language"] = "ar"
    body = visitor.get(reverse("governance:you_said", kwargs={"pk": world.lincoln.pk})).content.decode()
    assert TITLE_AR in body
    # The summary is not translated: shown as written, in English, and marked.
    assert '<span lang="en" dir="ltr">Evening events end after the last bus.</span>' in body
    assert "tag--untranslated" in body


def test_only_the_schools_voice_staff_translate_its_themes(world: World, login: Any) -> None:
    theme = _theme(world, login)
    url = reverse("voice:theme_translate", kwargs={"pk": theme.pk, "language": "ar"})
    assert login("omar", language="en").get(url).status_code == 404
    assert login("grace", language="en").get(url).status_code == 404
    assert (
        login("rosa", language="en")
        .get(reverse("voice:theme_translate", kwargs={"pk": theme.pk, "language": "en"}))
        .status_code
        == 404
    )


def test_staff_read_a_survey_title_in_their_language_or_marked(world: World, login: Any) -> None:
    from village.voice.tests.helpers import lincoln_survey

    survey = lincoln_survey(world)
    school = reverse("voice:school", kwargs={"pk": world.lincoln.pk})
    assert "La escuela y usted" in login("rosa", language="es").get(school).content.decode()
    page = login("rosa", language="vi").get(reverse("voice:survey", kwargs={"pk": survey.pk})).content.decode()
    assert '<span lang="en" dir="ltr">School and you</span>' in page and "tag--untranslated" in page
