"""Group messages: Rosa (Lincoln's coordinator) writes once to a group of Lincoln's families. The
Hassans read Arabic (Amina chose text messages), the Lópezes Spanish, the Smiths English (no
language chosen). She sees how many families read each language and which translations are
written; a message missing a language is refused with the languages named, or sent only to the
families whose language is ready, the rest listed; each person gets it only in their language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from conftest import World
from village.accounts.models import User
from village.audit.models import AuditEvent
from village.families.models import GroupMessage, Household, HouseholdMember, Student
from village.messaging.models import Channel, Delivery
from village.messaging.tests.texting import choose_channels, texts_in, twilio_settings

pytestmark = pytest.mark.django_db

ENGLISH = {"subject_en": "Picture day", "body_en": "Picture day is on Friday. Wear a smile!"}
SPANISH = {"subject_es": "Día de fotos", "body_es": "El día de fotos es el viernes."}
ARABIC = {"subject_ar": "يوم الصور", "body_ar": "يوم الصور هو يوم الجمعة."}


def family(world: World, name: str, email: str, language: str, grade: int) -> User:
    """A Lincoln family with a child in `grade` and one member with an account reading `language`."""
    household = Household.objects.create(district=world.riverbend, name=name)
    person = User.objects.create(email=email, name=f"{name} parent", preferred_language=language)
    HouseholdMember.objects.create(household=household, user=person, relationship="parent", district=world.riverbend)
    Student.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        household=household,
        local_id=f"RB-{name}",
        given_name="Kid",
        family_name=name,
        grade=grade,
    )
    return person


@pytest.fixture
def families(world: World) -> dict[str, User]:
    return {
        "lopez": family(world, "López", "lopez@example.org", "es", 3),
        "smith": family(world, "Smith", "smith@example.org", "", 1),
    }


def page_url(world: World) -> str:
    return reverse("families:school_group_messages", kwargs={"pk": world.lincoln.pk})


def served_form(client: Any, url: str, group: str = "all") -> dict[str, str]:
    """The compose form as served: its one-time token, the group and the language written in."""
    page = client.get(url, {"group": group}).content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    return {"token": token, "group": group, "language": "en"}


def post(client: Any, url: str, data: dict[str, str]) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def test_the_page_shows_families_per_language_and_which_translations_are_written(
    login: Any, world: World, families: dict[str, User]
) -> None:
    rosa = login("rosa", language="en")
    url = page_url(world)
    assert url in rosa.get(reverse("families:school_conversations", kwargs={"pk": world.lincoln.pk})).content.decode()
    form = served_form(rosa, url)
    page = rosa.get(url).content.decode()
    for shown in ("All families of the school", "Arabic", "Spanish", "English"):
        assert shown in page
    assert "Kid" not in page and "Layla" not in page  # no student names
    # Rosa writes the English, checks, and sees English written and the others missing.
    checked = rosa.post(url, form | ENGLISH | {"send": "check"}).content.decode()
    rows = {row.split("</th>")[0].rsplit(">", 1)[-1]: row for row in checked.split('<tr><th scope="row">')[1:]}
    assert "<td>1</td>" in rows["Arabic"] and "Missing" in rows["Arabic"]
    assert "Written" in rows["English"] and "Missing" in rows["Spanish"]
    assert not GroupMessage.objects.exists()


def test_a_message_missing_a_language_is_refused_with_the_languages_named(
    login: Any, world: World, families: dict[str, User]
) -> None:
    rosa = login("rosa", language="en")
    url = page_url(world)
    response = post(rosa, url, served_form(rosa, url) | ENGLISH | {"send": "all"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "there is no translation yet for Spanish and Arabic" in page
    assert not GroupMessage.objects.exists() and not Delivery.objects.exists() and not mail.outbox


def test_everyone_gets_it_in_their_own_language_and_channel(
    login: Any, world: World, families: dict[str, User], settings: Any
) -> None:
    twilio_settings(settings)
    choose_channels(login, world, ["text", "email"])
    rosa = login("rosa", language="en")
    url = page_url(world)
    response = post(rosa, url, served_form(rosa, url) | ENGLISH | SPANISH | ARABIC | {"send": "all"})
    message = GroupMessage.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "families:group_message", kwargs={"pk": message.pk}
    )
    firsts = {d.recipient: d for d in Delivery.objects.filter(rank=0)}
    assert {p.email: (d.channel, d.language) for p, d in firsts.items()} == {
        "amina@example.org": (Channel.SMS, "ar"),
        "lopez@example.org": (Channel.EMAIL, "es"),
        "smith@example.org": (Channel.EMAIL, "en"),
    }
    [text] = texts_in(settings.VILLAGE_SMS_DIR)
    assert "يوم الصور" in text and f"/family/messages/#group-message-{message.pk}" in text
    assert "Picture day" not in text and "Rosa" not in text  # short: subject and link only
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "El día de fotos es el viernes." in by_address["lopez@example.org"].body
    assert "Picture day is on Friday" not in by_address["lopez@example.org"].body
    assert "Picture day is on Friday" in by_address["smith@example.org"].body
    assert len(mail.outbox) == 2  # nobody else in the group is named anywhere: one person a message
    assert (message.sent_counts, message.not_sent_counts) == ({"en": 1, "es": 1, "ar": 1}, {})
    assert AuditEvent.objects.filter(code="families.group_message.sent", target_id=str(message.pk)).exists()

    # Each family reads it on its messages page, in its language.
    lopez = Client()
    lopez.force_login(families["lopez"])
    listing = lopez.get(reverse("families:family_conversations")).content.decode()
    assert "Día de fotos" in listing and "El día de fotos es el viernes." in listing and "Picture day" not in listing
    amina = login("amina").get(reverse("families:family_conversations")).content.decode()
    assert "يوم الصور" in amina and f'id="group-message-{message.pk}"' in amina


def test_send_to_those_whose_language_is_ready_lists_who_did_not_get_it(
    login: Any, world: World, families: dict[str, User]
) -> None:
    rosa = login("rosa", language="en")
    url = page_url(world)
    response = post(rosa, url, served_form(rosa, url) | ENGLISH | SPANISH | {"send": "ready"})
    message = GroupMessage.objects.get()
    assert response.status_code == 302
    assert (message.sent_counts, message.not_sent_counts) == ({"en": 1, "es": 1}, {"ar": 1})
    assert not Delivery.objects.filter(recipient=world.amina).exists()  # never in another language
    assert {m.to[0] for m in mail.outbox} == {"lopez@example.org", "smith@example.org"}
    record = rosa.get(response["Location"]).content.decode()
    assert "Did not get it: no translation" in record and "Arabic: 1 family" in record
    listing = rosa.get(url).content.decode()
    assert "Arabic: sent to 0 families" in listing and "not sent to 1 family (no translation)" in listing
    assert "Spanish: sent to 1 family" in listing
    assert "Picture day" not in login("amina").get(reverse("families:family_conversations")).content.decode()


def test_posting_the_same_form_twice_sends_once(login: Any, world: World, families: dict[str, User]) -> None:
    rosa = login("rosa", language="en")
    url = page_url(world)
    data = served_form(rosa, url) | ENGLISH | SPANISH | ARABIC | {"send": "all"}
    first = post(rosa, url, data)
    deliveries = Delivery.objects.count()
    again = post(rosa, url, data)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert GroupMessage.objects.count() == 1 and Delivery.objects.count() == deliveries
    assert len(mail.outbox) == 3
    assert "it was not sent again" in rosa.get(again["Location"]).content.decode()


def test_a_grade_group_reaches_only_that_grades_families(login: Any, world: World, families: dict[str, User]) -> None:
    rosa = login("rosa", language="en")
    url = page_url(world)
    page = rosa.get(url, {"group": "grade:1"}).content.decode()
    assert "Families of grade 1" in page and "Arabic" not in page.split('id="counts-heading"')[1].split("</table>")[0]
    response = post(rosa, url, served_form(rosa, url, "grade:1") | ENGLISH | {"send": "all"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["smith@example.org"]]


def test_bad_input_is_refused_with_a_clear_error(login: Any, world: World, families: dict[str, User]) -> None:
    rosa = login("rosa", language="en")
    url = page_url(world)
    form = served_form(rosa, url)
    cases = [
        (form | SPANISH | {"send": "all"}, "Write the message in the language you write in before sending it."),
        (form | {"subject_en": "Hi", "body_en": "  ", "send": "all"}, "Write the message in the language you write"),
        (form | ENGLISH | {"subject_es": "Hola", "send": "ready"}, "Write both a subject and a message in Spanish"),
        (form | ENGLISH | {"group": "language:fr", "send": "all"}, "Select a valid choice"),
        (form | ENGLISH | {"language": "fr", "send": "all"}, "Select a valid choice"),
        # Lucas (grade 5) signs in himself: no family of grade 5 has an account.
        (form | ENGLISH | {"group": "grade:5", "send": "all"}, "Nobody in this group can receive messages"),
        (form | {"token": ""} | ENGLISH | {"send": "all"}, "This field is required"),
    ]
    for data, error in cases:
        response = post(rosa, url, data)
        assert response.status_code == 200 and error in response.content.decode(), error
    assert not GroupMessage.objects.exists() and not Delivery.objects.exists()


def test_group_messages_stay_with_the_schools_staff(login: Any, world: World, families: dict[str, User]) -> None:
    rosa = login("rosa", language="en")
    url = page_url(world)
    post(rosa, url, served_form(rosa, url) | ENGLISH | SPANISH | ARABIC | {"send": "all"})
    record = reverse("families:group_message", kwargs={"pk": GroupMessage.objects.get().pk})
    for outsider in ("omar", "mai", "sam", "amina", "lucas"):
        client = login(outsider)
        assert client.get(url).status_code == 404, outsider
        assert client.get(record).status_code == 404, outsider
        assert post(client, url, ENGLISH | {"group": "all", "language": "en", "send": "all"}).status_code == 404
    dana = login("dana", language="en")  # the district's lead writes to the district's schools
    assert dana.get(record).status_code == 200
    response = post(dana, url, served_form(dana, url) | ENGLISH | SPANISH | ARABIC | {"send": "all"})
    assert response.status_code == 302 and GroupMessage.objects.count() == 2


def test_the_page_reads_right_to_left_in_arabic_and_each_translation_box_has_its_direction(
    login: Any, world: World, families: dict[str, User]
) -> None:
    page = login("rosa", language="ar").get(page_url(world)).content.decode()
    assert '<html lang="ar" dir="rtl">' in page and "جميع عائلات المدرسة" in page
    tags = {m.group(1): m.group(0) for m in re.finditer(r'<textarea name="(body_[a-z-]+)"[^>]*>', page)}
    assert 'lang="ar"' in tags["body_ar"] and 'dir="rtl"' in tags["body_ar"]
    assert 'lang="en"' in tags["body_en"] and 'dir="ltr"' in tags["body_en"]
