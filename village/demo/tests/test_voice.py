"""The voice demo builds at Lincoln and resets cleanly."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from village.demo import reset
from village.demo import voice as demo
from village.voice.models import ListeningSession, Response, Survey, Theme
from village.voice.surveys import incomplete_languages

pytestmark = pytest.mark.django_db


def test_demo_survey_runs_in_spanish_arabic_and_vietnamese_and_resets(world: World, login: Any) -> None:
    demo.build(world.riverbend, world.lincoln)
    survey = Survey.objects.get()
    assert survey.anonymous and survey.status == "open"
    assert incomplete_languages(survey) == []
    for language in ("es", "ar", "vi"):
        assert Response.objects.filter(survey=survey, language=language).count() >= 10
    assert Response.objects.count() >= 12
    session = ListeningSession.objects.get()
    assert "transportation" in session.barriers
    assert Theme.objects.filter(school=world.lincoln).count() == 2

    client = login("rosa", language="en")
    page = client.get(reverse("voice:results", kwargs={"pk": survey.pk}), {"by": "language"}).content.decode()
    assert "Español" in page and "n=14" in page
    rows = {r.code: r for r in client.get(reverse("voice:barriers", kwargs={"pk": world.lincoln.pk})).context["rows"]}
    assert rows["transportation"].sessions == 1
    # The dashboard shows what the survey results show for the tagged "Yes", hidden or not.
    everyone = client.get(reverse("voice:results", kwargs={"pk": survey.pk})).context["results"][0].columns[0]
    assert rows["transportation"].respondents.display() == everyone.cells[0].display()

    reset.delete_voice([world.riverbend.pk])
    assert not Survey.objects.exists() and not ListeningSession.objects.exists() and not Theme.objects.exists()
