"""A theme heard at a listening session and in a survey's answers too."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from village.audit.models import AuditEvent
from village.voice import actions
from village.voice.models import Theme
from village.voice.tests.helpers import lincoln_session, lincoln_survey

pytestmark = pytest.mark.django_db


def test_a_theme_from_a_session_is_linked_to_the_survey_that_heard_it_too(world: World) -> None:
    session = lincoln_session(world, barriers=["transportation"])
    theme = actions.theme_from_session(
        world.rosa, session, title="No late bus", summary="Evening events end after the last bus.", barriers=[]
    )
    survey = lincoln_survey(world)

    actions.link_theme_to_survey(world.rosa, survey, theme)

    assert list(survey.themes.all()) == [theme] and list(session.themes.all()) == [theme]
    event = AuditEvent.objects.get(code="voice.theme.linked")
    assert event.actor == world.rosa and event.details == {"survey": survey.pk}


def test_a_theme_from_another_school_is_not_linked(world: World) -> None:
    survey = lincoln_survey(world)
    elsewhere = Theme.objects.create(district=world.riverbend, school=world.washington, title={"en": "Elsewhere"})
    other_district = Theme.objects.create(district=world.lakeside, title={"en": "Other district"})

    for theme in (elsewhere, other_district):
        with pytest.raises(ValidationError):
            actions.link_theme_to_survey(world.rosa, survey, theme)
    assert not survey.themes.exists()
    assert not AuditEvent.objects.filter(code="voice.theme.linked").exists()
