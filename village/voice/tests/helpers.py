"""Surveys and sessions at Lincoln for the voice tests and the authorization matrix."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from conftest import World

LANGS = ("en", "es", "ar")


def lincoln_survey(w: World, *, anonymous: bool = True, status: str = "open", audience: str = "families") -> Any:
    """A Lincoln family survey in English, Spanish and Arabic: a barrier yes/no, a scale, a text and a ranking."""
    from village.voice.models import Question, Survey

    survey = Survey.objects.create(
        district=w.riverbend,
        school=w.lincoln,
        title={"en": "School and you", "es": "La escuela y usted", "ar": "المدرسة وأنت"},
        source_language="en",
        languages=list(LANGS),
        audience=audience,
        anonymous=anonymous,
        status=status,
        created_by=w.rosa,
    )
    Question.objects.create(
        survey=survey,
        position=1,
        kind="single",
        text={"en": "Is transport a problem?", "es": "¿El transporte es un problema?", "ar": "هل النقل مشكلة؟"},
        options=[{"en": "Yes", "es": "Sí", "ar": "نعم"}, {"en": "No", "es": "No", "ar": "لا"}],
        barrier="transportation",
        barrier_option=0,
    )
    Question.objects.create(
        survey=survey,
        position=2,
        kind="scale",
        text={"en": "Do you feel welcome?", "es": "¿Se siente bienvenido?", "ar": "هل تشعر بالترحيب؟"},
    )
    Question.objects.create(
        survey=survey,
        position=3,
        kind="long_text",
        text={"en": "Anything else?", "es": "¿Algo más?", "ar": "أي شيء آخر؟"},
    )
    Question.objects.create(
        survey=survey,
        position=4,
        kind="ranking",
        text={"en": "Rank these", "es": "Ordene", "ar": "رتب"},
        options=[
            {"en": "Tutoring", "es": "Tutoría", "ar": "دروس"},
            {"en": "Meals", "es": "Comidas", "ar": "وجبات"},
            {"en": "Clinic", "es": "Clínica", "ar": "عيادة"},
        ],
    )
    return survey


def questions(survey: Any) -> list[Any]:
    return list(survey.questions.order_by("position"))


def add_responses(survey: Any, count: int, *, language: str = "en", transport: int = 0, text: str = "") -> None:
    """`count` anonymous-shaped responses; `transport` is the option index picked on question 1."""
    from village.voice.models import Response

    q = questions(survey)
    answers: dict[str, Any] = {str(q[0].pk): transport, str(q[1].pk): 4, str(q[3].pk): [1, 0, 2]}
    if text:
        answers[str(q[2].pk)] = text
    Response.objects.bulk_create(
        Response(
            survey=survey,
            district=survey.district,
            language=language,
            submitted_on=timezone.localdate(),
            answers=answers,
        )
        for _ in range(count)
    )


def lincoln_session(w: World, **fields: Any) -> Any:
    from village.voice.models import ListeningSession

    values: dict[str, Any] = {
        "title": "Evening listening circle",
        "starts_at": timezone.now() + datetime.timedelta(days=3),
        "place": "Lincoln library",
        "interpretation_languages": ["es", "ar"],
        "childcare": True,
        "created_by": w.rosa,
    }
    values.update(fields)
    return ListeningSession.objects.create(district=w.riverbend, school=w.lincoln, **values)
