"""What a person chooses to receive, set on their own page: a topic turned off is not sent, quiet
hours delay a message then let it go, urgent messages ignore both; bad input is refused clearly."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.audit.models import AuditEvent
from village.messaging.actions import Rendered, queue_each, queue_email
from village.messaging.models import Delivery, DeliveryStatus, MessageSettings
from village.messaging.topics import TOPICS
from village.referrals.tests.helpers import served_form

URL = reverse("messaging:preferences")
# 23:30 in Chicago (05:30 UTC the next day), inside quiet hours 21:00 to 07:00 there.
NIGHT = datetime.datetime(2026, 3, 3, 5, 30, tzinfo=datetime.UTC)
# 07:00 in Chicago on that morning (CST, UTC-6).
MORNING = datetime.datetime(2026, 3, 3, 13, 0, tzinfo=datetime.UTC)


def _form(**changes: str) -> dict[str, str]:
    data = {t.code: str(t.default) for t in TOPICS}
    return data | {"quiet_start": "", "quiet_end": "", "time_zone": "America/Chicago"} | changes


def test_the_page_is_reached_from_my_account_and_from_each_email(login: Any, world: World, capture: Any) -> None:
    client = login("amina", language="en")
    assert URL in client.get(reverse("accounts:profile")).content.decode()
    with capture(execute=True):
        queue_each("events.seated", [world.amina], "A seat for you", "Come on Friday.")
    assert mail.outbox[0].body.startswith("Come on Friday.")
    assert f"Change what you receive: http://testserver{URL}" in mail.outbox[0].body


def test_the_link_in_an_email_is_in_the_readers_language(world: World, capture: Any) -> None:
    with capture(execute=True):
        queue_each("events.seated", [world.amina], "مقعد لك", "تعال يوم الجمعة.")
    assert "غيّر ما يصلك: http://testserver/account/messages/" in mail.outbox[0].body


def test_a_topic_turned_off_is_not_sent_and_the_outbox_says_so(login: Any, world: World, capture: Any) -> None:
    client = login("rosa", language="en")
    response = client.post(URL, _form(councils="off"), follow=True)
    assert "Your choices were saved." in response.content.decode()
    with capture(execute=True):
        queue_each("governance.voting_opened", [world.rosa, world.sam], "Voting is open", "Vote now.")
    assert [m.to for m in mail.outbox] == [[world.sam.email]]
    assert Delivery.objects.get(recipient=world.rosa).status == DeliveryStatus.TURNED_OFF


def test_posting_the_form_back_unchanged_changes_nothing(login: Any, world: World) -> None:
    client = login("dana", language="en")
    response = client.post(URL, served_form(client.get(URL).content.decode()), follow=True)
    assert "Nothing changed." in response.content.decode()
    assert not MessageSettings.objects.exists() and not AuditEvent.objects.filter(code__startswith="messaging.settings")
    client.post(URL, _form(reminders="instant", quiet_start="21:00", quiet_end="07:00"))
    saved = MessageSettings.objects.get(person=world.dana)
    assert saved.frequencies == {"reminders": "instant"} and saved.quiet_start == datetime.time(21)
    before = AuditEvent.objects.count()
    page = client.get(URL).content.decode()
    assert 'value="21:00"' in page
    response = client.post(URL, served_form(page), follow=True)
    assert "Nothing changed." in response.content.decode() and AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice."),
        ({"quiet_start": "22:00", "quiet_end": "22:00"}, "quiet_end", "Quiet hours must end at a different time"),
        ({"quiet_start": "22:00"}, "quiet_end", "Give both the start and the end"),
        ({"quiet_start": "25:99", "quiet_end": "07:00"}, "quiet_start", "Enter a valid time."),
        ({"events": "sometimes"}, "events", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_clear_error_and_nothing_saved(
    login: Any, world: World, changes: dict[str, str], field: str, message: str
) -> None:
    client = login("amina", language="en")
    response = client.post(URL, _form(reminders="off", **changes))
    page = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in page
    assert message in page and f'href="#id_{field}"' in page
    assert not MessageSettings.objects.exists()


@pytest.mark.parametrize("language", ["en", "ar", "es", "vi", "zh-hans"])
def test_the_page_reads_in_every_language(login: Any, world: World, language: str) -> None:
    client = login("amina", language=language)
    page = client.get(URL).content.decode()
    assert f'lang="{language}"' in page
    if language != "en":
        assert "Quiet hours" not in page and "As it happens" not in page


def test_quiet_hours_delay_a_message_then_deliver_it(login: Any, world: World, capture: Any) -> None:
    client = login("amina", language="en")
    client.post(URL, _form(quiet_start="21:00", quiet_end="07:00", time_zone="America/Chicago"))
    with time_machine.travel(NIGHT, tick=False), capture(execute=True):
        queue_each("events.seated", [world.amina], "A seat for you", "Come on Friday.")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.QUEUED and delivery.next_attempt_at == MORNING
    assert mail.outbox == []
    # Still quiet a minute before the end: nothing goes.
    with time_machine.travel(MORNING - datetime.timedelta(minutes=1), tick=False), capture(execute=True):
        call_command("reconcile_deliveries")
    assert mail.outbox == []
    with time_machine.travel(MORNING + datetime.timedelta(minutes=2), tick=False), capture(execute=True):
        call_command("reconcile_deliveries")
        call_command("reconcile_deliveries")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and len(mail.outbox) == 1


def test_quiet_hours_follow_the_persons_time_zone(login: Any, world: World, capture: Any) -> None:
    client = login("amina", language="en")
    # 05:30 UTC is 21:30 in Los Angeles (PST): outside quiet hours 22:00 to 06:00 there.
    client.post(URL, _form(quiet_start="22:00", quiet_end="06:00", time_zone="America/Los_Angeles"))
    with time_machine.travel(NIGHT, tick=False), capture(execute=True):
        queue_each("events.seated", [world.amina], "A seat for you", "Come on Friday.")
    assert len(mail.outbox) == 1


def test_urgent_messages_ignore_quiet_hours_and_choices(login: Any, world: World, capture: Any) -> None:
    client = login("amina", language="en")
    client.post(URL, _form(consent="off", quiet_start="21:00", quiet_end="07:00"))
    with time_machine.travel(NIGHT, tick=False), capture(execute=True):
        queue_email("accounts.login_code", [Rendered(world.amina, "Your code", "123456", "en")], prompt=True)
        queue_each("referrals.consent_request", [world.amina], "Consent?", "Ends tomorrow.", urgent=True)
        queue_each("referrals.consent_request", [world.amina], "Consent?", "Ends next year.")
    assert sorted(m.body.split("\n")[0] for m in mail.outbox) == ["123456", "Ends tomorrow."]
    assert Delivery.objects.get(body__startswith="Ends next year").status == DeliveryStatus.TURNED_OFF


def test_a_consent_request_about_to_expire_is_urgent(login: Any, world: World, capture: Any) -> None:
    from village.referrals.actions import request_consent
    from village.referrals.tests.helpers import clinic_tutoring, layla_need

    login("amina", language="en").post(URL, _form(consent="daily"))
    service, need = clinic_tutoring(world), layla_need(world)
    soon = timezone.localdate() + datetime.timedelta(days=2)
    later = timezone.localdate() + datetime.timedelta(days=200)
    with capture(execute=True):
        for until in (soon, later):
            request_consent(world.rosa, world.layla, service, elements=["name"], need=need, valid_until=until)
    statuses = sorted(Delivery.objects.filter(recipient=world.amina).values_list("status", flat=True))
    assert statuses == [DeliveryStatus.FOR_DIGEST, DeliveryStatus.SENT]


@pytest.fixture
def capture(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks


def test_each_person_is_asked_only_about_what_reaches_them(login: Any, world: World) -> None:
    family = login("amina", language="en").get(URL).content.decode()
    assert "Consent requests" in family and "Reminders" not in family
    client = login("dana", language="en")
    staff = client.get(URL).content.decode()
    assert "Reminders" in staff and "Consent requests" not in staff
    # A topic the page does not ask about keeps what was chosen before.
    MessageSettings.objects.create(person=world.dana, frequencies={"consent": "off"})
    client.post(URL, _form(reminders="off"))
    assert MessageSettings.objects.get(person=world.dana).frequencies == {"consent": "off", "reminders": "off"}


def test_yes_to_a_question_never_sent_is_kept_for_staff(login: Any, world: World, settings: Any, client: Any) -> None:
    """Amina turned referral updates off: "did you get the help?" was not texted, so her "YES"
    answers nothing and is kept for staff (a question she did receive is answered as ever)."""
    from village.messaging.models import InboundOutcome, InboundText
    from village.messaging.tests.texting import choose_channels, move, twilio_post, twilio_settings
    from village.referrals.tests.helpers import layla_referral

    twilio_settings(settings)
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    login("amina").post(URL, _form(referrals="off"))
    for step in ("accepted", "in_service", "completed"):
        move(login, referral, step)
    question = Delivery.objects.filter(recipient=world.amina, asks="yes_no").get()
    assert question.status == DeliveryStatus.TURNED_OFF
    data = {"MessageSid": "SM" + "7" * 32, "From": "+16125550123", "To": "+16125550100", "Body": "YES"}
    assert twilio_post(client, "referrals:inbound_text", data).status_code == 200
    referral.refresh_from_db()
    assert referral.family_got_help is None
    assert InboundText.objects.get().outcome == InboundOutcome.NOT_UNDERSTOOD
