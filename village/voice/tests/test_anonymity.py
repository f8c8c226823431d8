"""Surveys stay anonymous (issue #16, item 3): written answers in no time order, views that cannot
be subtracted from one another, one answer per invitation, open links rate-limited and said to be
open, and the barrier dashboard hiding what the results hide."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.voice.models import Invitation, Response, Survey
from village.voice.tests.helpers import add_responses, lincoln_survey, questions

pytestmark = pytest.mark.django_db


def _answer(client: Any, survey: Survey, language: str = "es", query: str = "", remote: str = "127.0.0.1") -> Any:
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
    return client.post(reverse("voice:respond", kwargs={"token": survey.token}) + query, data, REMOTE_ADDR=remote)


def _results(client: Any, survey: Survey, **query: str) -> Any:
    return client.get(reverse("voice:results", kwargs={"pk": survey.pk}), query)


# --- Written answers ---------------------------------------------------------------------------


def test_written_answers_are_not_listed_in_the_order_people_answered(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    q = questions(survey)
    said = [f"answer number {i:02d}" for i in range(14)]
    for text in said:  # one after another, as people answer
        Response.objects.create(
            survey=survey,
            district=world.riverbend,
            language="es",
            submitted_on=timezone.localdate(),
            answers={str(q[0].pk): 0, str(q[2].pk): text},
        )
    client = login("rosa", language="en")
    page = _results(client, survey).content.decode()
    shown = re.findall(r"answer number \d\d", page)
    assert sorted(shown) == said  # every answer shown once…
    assert shown != said and shown != said[::-1]  # …in an order that is not the order of answering
    assert re.findall(r"answer number \d\d", _results(client, survey).content.decode()) == shown  # and stable
    today = timezone.localdate()
    assert today.isoformat() not in page and today.strftime("%B %-d") not in page  # no time of answering


# --- Views that cannot be subtracted --------------------------------------------------------------


def _columns(response: Any) -> list[tuple[str, int | None]]:
    found = []
    for result in response.context["results"] or []:
        for column in result.columns:
            found.append((column.label, column.n.value))
    return found


def test_no_view_by_language_can_be_subtracted_from_another_to_single_out_a_respondent(
    world: World, login: Any
) -> None:
    # Issue #16: 25 answered in English, 12 in Spanish and one family in Arabic.
    survey = lincoln_survey(world)
    add_responses(survey, 25, language="en", text="More buses")
    add_responses(survey, 12, language="es", text="Más autobuses")
    add_responses(survey, 1, language="ar", transport=1, text="كلمات خاصة")
    client = login("rosa", language="en")
    everyone = _results(client, survey)
    assert "n=38" in everyone.content.decode()
    by_language = _results(client, survey, by="language")
    columns = set(_columns(by_language))
    # Spanish joins Arabic as "Other languages": 13 people, so nobody is 38 - 25 - 12.
    assert columns == {("Everyone", 38), ("English", 25), ("Other languages", 13)}
    assert 'data-languages="es ar"' in by_language.content.decode()
    # One language alone: English is a part of the partition; Spanish and Arabic show no figure.
    assert set(_columns(_results(client, survey, only="en"))) == {("English", 25)}
    assert set(_columns(_results(client, survey, only="other"))) == {("Other languages", 13)}
    for code in ("es", "ar"):
        alone = _results(client, survey, only=code)
        assert alone.context["merged"] and not _columns(alone)
        assert "n=12" not in alone.content.decode() and "n=1)" not in alone.content.decode()
    # Every column any view shows holds at least N people, and so does everyone minus them.
    for query in ({}, {"by": "language"}, {"only": "en"}, {"only": "other"}, {"only": "es"}, {"only": "ar"}):
        page = _results(client, survey, **query)
        for _label, n in _columns(page):
            assert n is not None and n >= 10 and (38 - n == 0 or 38 - n >= 10)
        # The lone Arabic answer's words and its Spanish neighbours' never show (too few in those languages).
        assert "كلمات خاصة" not in page.content.decode()
        assert "Más autobuses" not in page.content.decode()
    assert "More buses" in everyone.content.decode()


def test_counts_of_a_language_view_are_cells_of_the_same_table_as_everyone(world: World, login: Any) -> None:
    survey = lincoln_survey(world)
    add_responses(survey, 20, language="en", transport=0)
    add_responses(survey, 8, language="es", transport=0)
    add_responses(survey, 3, language="es", transport=1)
    add_responses(survey, 10, language="ar", transport=1)
    client = login("rosa", language="en")
    everyone = _results(client, survey).context["results"][0].columns[0]
    table = _results(client, survey, by="language").context["results"][0].columns
    assert [c.display() for c in everyone.cells] == [c.display() for c in table[0].cells]
    spanish = _results(client, survey, only="es").context["results"][0].columns[0]
    assert [c.display() for c in spanish.cells] == [c.display() for c in table[2].cells]
    # Spanish: 8 yes and 3 no; the 3 are hidden, and so is what would give them away.
    assert [c.display() for c in spanish.cells] == ["*", "*"]
    shown = [c.value for c in everyone.cells]
    english = [c.value for c in table[1].cells]
    arabic = [c.value for c in table[3].cells]
    for r in range(2):  # no row can be completed by subtraction from what is shown
        known = [v for v in (english[r], arabic[r]) if v is not None]
        assert shown[r] is None or len(known) < 2 or spanish.cells[r].value is not None


# --- One answer per invitation -------------------------------------------------------------------


def test_each_invitation_answers_once_and_keeps_no_link_to_the_person(
    world: World, login: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    survey = lincoln_survey(world)
    survey.invited_only = True
    survey.save()
    rosa = login("rosa", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        rosa.post(reverse("voice:survey_send", kwargs={"pk": survey.pk}), follow=True)
    (message,) = mail.outbox
    token = re.search(r"invitation=([\w-]+)", message.body)
    assert token is not None
    invitation = Invitation.objects.get()
    assert {f.name for f in Invitation._meta.concrete_fields} == {"id", "survey", "district", "token_hash", "used"}
    assert token[1] not in invitation.token_hash and not invitation.used

    # The shared link without an invitation takes no answer.
    shared = client.get(reverse("voice:respond", kwargs={"token": survey.token}) + "?language=en")
    assert (
        "Each invitation can answer once" in shared.content.decode()
        and "Send my answers" not in shared.content.decode()
    )
    assert _answer(client, survey).status_code == 403

    query = f"?invitation={token[1]}"
    assert (
        "Send my answers"
        in client.get(reverse("voice:respond", kwargs={"token": survey.token}) + query).content.decode()
    )
    assert _answer(client, survey, query=query).status_code == 200
    invitation.refresh_from_db()
    assert invitation.used and Response.objects.count() == 1

    again = _answer(client, survey, query=query)
    assert again.status_code == 403
    assert "Este enlace ya se usó para responder" in again.content.decode()  # answered in Spanish
    assert Response.objects.count() == 1  # nothing written
    # Sending again would hand out second links: refused.
    resend = rosa.post(reverse("voice:survey_send", kwargs={"pk": survey.pk}), follow=True)
    assert "already sent" in resend.content.decode() and Invitation.objects.count() == 1


# --- Open links -------------------------------------------------------------------------------------


@override_settings(VILLAGE_SURVEY_ANSWERS_PER_HOUR=2)
def test_an_open_link_takes_a_few_answers_per_connection_per_hour(world: World, client: Any) -> None:
    survey = lincoln_survey(world)
    assert _answer(client, survey, remote="203.0.113.7").status_code == 200
    assert _answer(client, survey, remote="203.0.113.7").status_code == 200
    third = client.post(
        reverse("voice:respond", kwargs={"token": survey.token}),
        {"language": "es", f"q{questions(survey)[1].pk}": "5"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert third.status_code == 429
    assert "Llegaron muchas respuestas desde esta conexión" in third.content.decode()
    assert Response.objects.count() == 2
    other = client.post(
        reverse("voice:respond", kwargs={"token": survey.token}),
        {"language": "es", f"q{questions(survey)[1].pk}": "5"},
        REMOTE_ADDR="198.51.100.9",
    )
    assert other.status_code == 200 and Response.objects.count() == 3


def test_results_say_when_anyone_with_the_link_could_answer(world: World, login: Any) -> None:
    open_survey = lincoln_survey(world)
    invited = lincoln_survey(world)
    invited.invited_only = True
    invited.save()
    for survey in (open_survey, invited):
        add_responses(survey, 12)
    client = login("rosa", language="en")
    note = "Anyone with the link could answer, possibly more than once"
    assert note in _results(client, open_survey).content.decode()
    assert note not in _results(client, invited).content.decode()


# --- The barrier dashboard ----------------------------------------------------------------------


@pytest.mark.parametrize(("yes", "no", "shown"), [(28, 9, "*"), (28, 10, "28")])
def test_the_barrier_dashboard_shows_what_the_survey_results_show(
    world: World, login: Any, yes: int, no: int, shown: str
) -> None:
    survey = lincoln_survey(world)
    add_responses(survey, yes, transport=0)  # "Yes, transport is a problem"
    add_responses(survey, no, transport=1)
    client = login("rosa", language="en")
    results = [c.display() for c in _results(client, survey).context["results"][0].columns[0].cells]
    rows = {r.code: r for r in client.get(reverse("voice:barriers", kwargs={"pk": world.lincoln.pk})).context["rows"]}
    assert rows["transportation"].respondents.display() == results[0] == shown
