"""Surveys: building and translating, opening, sharing, answering on a phone, and suppressed results."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import models
from django.urls import reverse

from conftest import World
from village.audit.models import AuditEvent
from village.voice.models import Question, Respondent, Response, Survey
from village.voice.tests.helpers import add_responses, lincoln_survey, questions

pytestmark = pytest.mark.django_db


def test_anonymous_response_cannot_identify_anyone_by_construction() -> None:
    # Only the survey, the district, the language, the day and the answers: no person, no time of day.
    concrete = {f.name: f for f in Response._meta.concrete_fields}
    assert set(concrete) == {"id", "survey", "district", "language", "submitted_on", "answers"}
    relations = {f.name: f.related_model for f in concrete.values() if f.is_relation}
    assert relations == {"survey": Survey, "district": relations["district"]}
    assert relations["district"]._meta.label == "orgs.District"
    assert type(concrete["submitted_on"]) is models.DateField
    assert not any(isinstance(f, models.DateTimeField | models.GenericIPAddressField) for f in concrete.values())


def test_coordinator_builds_a_survey_with_every_kind_of_question(world: World, login: Any) -> None:
    client = login("rosa", language="en")
    response = client.post(
        reverse("voice:survey_new", kwargs={"pk": world.lincoln.pk}),
        {
            "title": "Family voice",
            "source_language": "en",
            "languages": ["en", "es"],
            "audience": "families",
            "anonymous": "on",
        },
    )
    survey = Survey.objects.get()
    assert response["Location"] == reverse("voice:survey", kwargs={"pk": survey.pk})
    assert survey.languages == ["en", "es"] and survey.anonymous
    add = reverse("voice:question_add", kwargs={"pk": survey.pk})
    for kind, options in [
        ("single", "Yes\nNo"),
        ("multiple", "Bus\nCar\nWalk"),
        ("scale", ""),
        ("short_text", ""),
        ("long_text", ""),
        ("ranking", "A\nB\nC"),
    ]:
        assert client.post(add, {"kind": kind, "text": f"A {kind} question", "options": options}).status_code == 302
    kinds = [q.kind for q in survey.questions.all()]
    assert kinds == ["single", "multiple", "scale", "short_text", "long_text", "ranking"]
    assert survey.questions.get(kind="ranking").options == [{"en": "A"}, {"en": "B"}, {"en": "C"}]


def test_choice_question_needs_two_options_and_barrier_needs_its_option(world: World, login: Any) -> None:
    survey = lincoln_survey(world, status="draft")
    client = login("rosa", language="en")
    add = reverse("voice:question_add", kwargs={"pk": survey.pk})
    response = client.post(add, {"kind": "single", "text": "Pick", "options": "Only one"})
    assert response.status_code == 200
    assert "at least two options" in response.content.decode()
    response = client.post(add, {"kind": "single", "text": "Pick", "options": "Yes\nNo", "barrier": "cost"})
    assert "number of the option" in response.content.decode()
    assert survey.questions.count() == 4


def test_translation_state_is_visible_and_an_incomplete_language_blocks_opening(world: World, login: Any) -> None:
    survey = lincoln_survey(world, status="draft")
    survey.languages = ["en", "es", "ar", "vi"]
    survey.save()
    client = login("rosa", language="en")
    page = client.get(reverse("voice:survey", kwargs={"pk": survey.pk})).content.decode()
    assert "Translation state per language" in page
    assert "10 of 10 texts missing" in page  # Vietnamese: the title, 4 questions, 5 options
    response = client.post(reverse("voice:survey_open", kwargs={"pk": survey.pk}), follow=True)
    assert "translation into Vietnamese is not complete" in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == "draft"

    # Translate into Vietnamese through the page, then it opens.
    form = client.get(reverse("voice:translate", kwargs={"pk": survey.pk, "language": "vi"})).context["form"]
    data = {name: f"vi {name}" for name in form.fields}
    client.post(reverse("voice:translate", kwargs={"pk": survey.pk, "language": "vi"}), data)
    page = client.get(reverse("voice:survey", kwargs={"pk": survey.pk})).content.decode()
    assert page.count("texts missing") == 1  # only Chinese, not offered
    client.post(reverse("voice:survey_open", kwargs={"pk": survey.pk}))
    survey.refresh_from_db()
    assert survey.status == "open"


def test_a_language_translated_in_full_is_offered(world: World, login: Any) -> None:
    survey = lincoln_survey(world, status="draft")
    client = login("rosa", language="en")
    url = reverse("voice:translate", kwargs={"pk": survey.pk, "language": "zh-hans"})
    fields = list(client.get(url).context["form"].fields)
    client.post(url, {name: "中文" for name in fields[:-1]})  # one text left out
    survey.refresh_from_db()
    assert survey.languages == ["en", "es", "ar"]
    client.post(url, {name: "中文" for name in fields})
    survey.refresh_from_db()
    assert survey.languages == ["en", "es", "ar", "zh-hans"]


def test_a_text_left_blank_is_no_translation_and_saving_it_again_records_nothing(world: World, login: Any) -> None:
    survey = lincoln_survey(world, status="draft")
    client = login("rosa", language="en")
    url = reverse("voice:translate", kwargs={"pk": survey.pk, "language": "zh-hans"})
    client.post(url, {"title": "中文"})  # only the title; every question left blank
    client.post(url, {"title": "中文"})  # the same again
    survey.refresh_from_db()
    assert survey.title["zh-hans"] == "中文"
    assert not any("zh-hans" in q.text or any("zh-hans" in o for o in q.options) for q in survey.questions.all())
    assert AuditEvent.objects.filter(code="voice.survey.translated").count() == 1
    client.post(url, {"title": ""})  # cleared: the translation is gone, not kept as ""
    survey.refresh_from_db()
    assert "zh-hans" not in survey.title


def test_open_survey_shows_its_link_and_qr_code(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    page = login("rosa", language="en").get(reverse("voice:survey", kwargs={"pk": survey.pk})).content.decode()
    assert f"/s/{survey.token}/" in page
    assert "<svg" in page and 'aria-hidden="true"' in page
    assert len(survey.token) >= 30


def test_sending_writes_to_each_family_in_their_language(
    world: World, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    survey = lincoln_survey(world)
    client = login("rosa", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("voice:survey_send", kwargs={"pk": survey.pk}), follow=True)
    assert "sent to 1 people" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["amina@example.org"]
    assert "المدرسة وأنت" in message.subject + message.body  # the Arabic title
    assert f"/s/{survey.token}/" in message.body


def test_sending_is_refused_when_an_audience_language_is_not_translated(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    survey.languages = ["en", "es"]  # Amina reads Arabic
    survey.save()
    response = login("rosa", language="en").post(reverse("voice:survey_send", kwargs={"pk": survey.pk}), follow=True)
    assert "Not sent: 1 people read Arabic" in response.content.decode()
    assert not mail.outbox


def _answer(client: Any, survey: Survey, language: str = "es", **extra: Any) -> Any:
    q = questions(survey)
    data = {
        "language": language,
        f"q{q[0].pk}": "0",
        f"q{q[1].pk}": "5",
        f"q{q[2].pk}": "Más autobuses",
        f"q{q[3].pk}r0": "2",
        f"q{q[3].pk}r1": "1",
        f"q{q[3].pk}r2": "3",
    }
    data.update(extra)
    return client.post(reverse("voice:respond", kwargs={"token": survey.token}), data)


def test_anonymous_family_answers_on_a_phone_without_an_account(world: World, client: Any) -> None:
    survey = lincoln_survey(world)
    page = client.get(reverse("voice:respond", kwargs={"token": survey.token}) + "?language=ar")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="ar" dir="rtl"' in html and "هل النقل مشكلة؟" in html and "نعم" in html
    response = _answer(client, survey)
    assert response.status_code == 200
    stored = Response.objects.get()
    q = questions(survey)
    assert stored.language == "es"
    assert stored.answers == {str(q[0].pk): 0, str(q[1].pk): 5, str(q[2].pk): "Más autobuses", str(q[3].pk): [1, 0, 2]}
    assert not Respondent.objects.exists()


def test_a_signed_in_answer_to_an_anonymous_survey_keeps_no_link_to_the_person(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    _answer(login("amina"), survey)
    _answer(login("amina"), survey)  # anonymous: nothing to tell one person's answers apart
    assert Response.objects.count() == 2
    assert not Respondent.objects.exists()


def test_ranking_refuses_the_same_rank_twice(world: World, client: Any) -> None:
    survey = lincoln_survey(world)
    q = questions(survey)
    response = _answer(client, survey, "en", **{f"q{q[3].pk}r1": "2"})
    assert response.status_code == 400
    assert "different rank" in response.content.decode()
    assert not Response.objects.exists()


def test_a_closed_survey_refuses_answers(world: World, client: Any) -> None:
    survey = lincoln_survey(world, status="closed")
    assert (
        "This survey is closed"
        in client.get(reverse("voice:respond", kwargs={"token": survey.token}) + "?language=en").content.decode()
    )
    response = _answer(client, survey, "en")
    assert response.status_code == 400
    assert "This survey is closed" in response.content.decode()
    assert not Response.objects.exists()


def test_a_draft_or_unknown_link_is_not_found(world: World, client: Any) -> None:
    survey = lincoln_survey(world, status="draft")
    assert client.get(reverse("voice:respond", kwargs={"token": survey.token})).status_code == 404
    assert client.get(reverse("voice:respond", kwargs={"token": "nope"})).status_code == 404


def test_named_survey_takes_one_answer_per_person_of_its_audience(world: World, login: Any, client: Any) -> None:
    survey = lincoln_survey(world, anonymous=False)
    url = reverse("voice:respond", kwargs={"token": survey.token})
    assert reverse("account_login") in client.get(url)["Location"]
    assert login("mai").get(url).status_code == 404  # not a Lincoln family
    amina = login("amina", language="en")
    assert _answer(amina, survey).status_code == 200
    second = _answer(amina, survey)
    assert second.status_code == 400
    assert "Usted ya respondió esta encuesta." in second.content.decode()  # answered in Spanish
    assert Respondent.objects.get().user == world.amina
    assert Response.objects.count() == 1


def test_results_need_enough_respondents(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    add_responses(survey, 9, language="es", text="secret words")
    page = login("rosa", language="en").get(reverse("voice:results", kwargs={"pk": survey.pk})).content.decode()
    assert "Results appear once at least 10 people have answered" in page
    assert "secret words" not in page


def test_results_suppress_small_counts_and_narrow_groups(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    add_responses(survey, 12, language="es", transport=0, text="Más autobuses")
    add_responses(survey, 3, language="ar", transport=1, text="كلمات خاصة")
    client = login("rosa", language="en")
    url = reverse("voice:results", kwargs={"pk": survey.pk})
    response = client.get(url)
    page = response.content.decode()
    assert "n=15" in page
    # Written answers: only from languages shown alone. Spanish is everyone but three Arabic speakers,
    # so counting Spanish words would count them: no words show.
    assert "Más autobuses" not in page and "كلمات خاصة" not in page
    first, scale = response.context["results"][0], response.context["results"][1]
    # 3 said no: suppressed; and the 12 too, or n=15 would give the 3 away by subtraction.
    assert [c.display() for c in first.columns[0].cells] == ["*", "*"]
    assert [c.display() for c in scale.columns[0].cells] == ["0", "0", "0", "15", "0"]

    # By language: three Arabic speakers are too few alone and too few as "Other languages", and
    # Spanish is everyone but them, so no breakdown by language is shown at all.
    by_language = client.get(url, {"by": "language"})
    assert [c.label for c in by_language.context["results"][0].columns] == ["Everyone"]
    assert "only everyone together is shown" in by_language.content.decode()

    # Narrowing to the three Arabic respondents, or to the Spanish ones, shows no figure at all.
    for code in ("ar", "es"):
        narrowed = client.get(url, {"only": code})
        assert narrowed.context["merged"] and narrowed.context["results"] == []
        page = narrowed.content.decode()
        assert "shown only together with others" in page
        assert "كلمات خاصة" not in page and "n=3" not in page and "n=12" not in page


def test_narrowing_cannot_expose_the_few_left_outside_the_group(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    add_responses(survey, 10, language="es", transport=0, text="sí")
    add_responses(survey, 10, language="es", transport=1, text="sí")
    add_responses(survey, 2, language="ar", transport=0, text="كلمات خاصة")
    add_responses(survey, 1, language="ar", transport=1)
    client = login("rosa", language="en")
    url = reverse("voice:results", kwargs={"pk": survey.pk})
    everyone = client.get(url).context["results"][0].columns[0]
    assert [c.display() for c in everyone.cells] == ["12", "11"]
    # Spanish alone would be 10 and 10, and 12 - 10 = 2 Arabic speakers said yes: so it is withheld,
    # numbers and written answers alike (the full list minus them would expose the rest).
    spanish = client.get(url, {"only": "es"})
    assert spanish.context["merged"] and spanish.context["results"] == []
    assert "sí" not in spanish.content.decode()


def test_results_by_student_group_for_a_named_family_survey(world: World, login: Any) -> None:
    survey = lincoln_survey(world, anonymous=False)
    add_responses(survey, 12, language="es")
    response = Response.objects.create(
        survey=survey, district=world.riverbend, language="ar", submitted_on="2026-01-01", answers={}
    )
    Respondent.objects.create(survey=survey, district=world.riverbend, user=world.amina, response=response)
    client = login("rosa", language="en")
    url = reverse("voice:results", kwargs={"pk": survey.pk})
    first = client.get(url, {"by": "group"}).context["results"][0]
    assert "English learners" in first.withheld  # Layla is an English learner: one family
    assert all(c.suppressed for c in first.columns[1].cells)
    page = client.get(url, {"only": "english_learner"}).content.decode()
    assert "Fewer than 10 people are in this group" in page


def test_anonymous_survey_has_no_student_group_breakdown(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    add_responses(survey, 12)
    client = login("rosa", language="en")
    url = reverse("voice:results", kwargs={"pk": survey.pk})
    assert client.get(url, {"only": "english_learner"}).status_code == 404
    assert "By student group" not in client.get(url).content.decode()


def test_questions_cannot_change_once_open(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    q = Question.objects.filter(survey=survey).first()
    assert q is not None
    client = login("rosa", language="en")
    response = client.post(reverse("voice:question_remove", kwargs={"pk": survey.pk, "question_pk": q.pk}), follow=True)
    assert "no longer a draft" in response.content.decode()
    assert survey.questions.count() == 4
    assert client.get(reverse("voice:translate", kwargs={"pk": survey.pk, "language": "vi"})).status_code == 200
    response = client.post(reverse("voice:translate", kwargs={"pk": survey.pk, "language": "vi"}), {"title": "x"})
    assert "no longer a draft" in response.content.decode()


def test_coordinator_of_another_school_cannot_reach_the_survey(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    client = login("omar", language="en")
    assert client.get(reverse("voice:results", kwargs={"pk": survey.pk})).status_code == 404
    assert client.post(reverse("voice:survey_close", kwargs={"pk": survey.pk})).status_code == 404
    survey.refresh_from_db()
    assert survey.status == "open"


def test_a_survey_produces_a_theme_tagged_with_its_barriers(world: World, login: Any) -> None:
    from village.voice.models import Theme

    survey = lincoln_survey(world)
    client = login("rosa", language="en")
    url = reverse("voice:survey_theme", kwargs={"pk": survey.pk})
    assert client.get(url).context["form"].initial["barriers"] == ["transportation"]
    client.post(url, {"title": "Late buses", "barriers": ["transportation"]})
    theme = Theme.objects.get()
    assert list(survey.themes.all()) == [theme] and theme.school == world.lincoln
    assert "Late buses" in client.get(reverse("voice:survey", kwargs={"pk": survey.pk})).content.decode()


def test_a_named_family_survey_narrows_by_language_too(world: World, login: Any) -> None:
    survey = lincoln_survey(world, anonymous=False)
    add_responses(survey, 12, language="es")
    client = login("rosa", language="en")
    url = reverse("voice:results", kwargs={"pk": survey.pk})
    assert client.get(url, {"only": "es"}).context["narrowed"].n == 12
    assert "shown only together with others" in client.get(url, {"only": "ar"}).content.decode()


def test_a_student_survey_needs_its_grade(world: World, login: Any) -> None:
    response = login("rosa", language="en").post(
        reverse("voice:survey_new", kwargs={"pk": world.lincoln.pk}),
        {"title": "Student voice", "source_language": "en", "languages": ["en"], "audience": "students"},
    )
    assert response.status_code == 200
    assert "Choose the grade" in response.content.decode()
    assert not Survey.objects.exists()


def test_the_voice_page_and_results_take_a_fixed_number_of_queries(
    world: World, login: Any, django_assert_max_num_queries: Any
) -> None:
    survey = lincoln_survey(world)
    for _ in range(3):
        lincoln_survey(world)
    add_responses(survey, 12, language="es", text="Más autobuses")
    client = login("rosa", language="en")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("voice:school", kwargs={"pk": world.lincoln.pk})).status_code == 200
    with django_assert_max_num_queries(7):
        url = reverse("voice:results", kwargs={"pk": survey.pk})
        assert client.get(url, {"by": "language"}).status_code == 200
