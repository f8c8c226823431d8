"""A family answers by text: "نعم" to "did you get the help?" reaches the referral like the web
answer; STOP, START and HELP work in every supported language; unknown and shared numbers are
kept for staff, never guessed; a retried webhook is acted on once; an unsigned one is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from village.audit.models import AuditEvent
from village.messaging.models import Channel, Delivery, InboundOutcome, InboundText, TextOptOut
from village.messaging.tests.texting import AMINA_NUMBER, choose_channels, move, texts_in, twilio_post, twilio_settings
from village.referrals.tests.helpers import layla_referral

_sids = iter(range(10_000))


def _reply(client: Any, body: str, number: str = AMINA_NUMBER, sid: str = "") -> str:
    data = {"MessageSid": sid or f"SM{next(_sids):032d}", "From": number, "To": "+16125550100", "Body": body}
    response = twilio_post(client, "referrals:inbound_text", data)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/xml")
    return str(response.content.decode())


@pytest.fixture
def completed(login: Any, world: World, settings: Any) -> Any:
    """Layla's referral worked to completion by the clinic; Amina chose text messages."""
    twilio_settings(settings)
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    for step in ("accepted", "in_service", "completed"):
        move(login, referral, step)
    referral.refresh_from_db()
    assert referral.status == "completed"
    return referral


def test_amina_answers_yes_in_arabic_and_the_coordinator_sees_it(
    completed: Any, world: World, client: Any, login: Any, _texts_in_tmp: Path
) -> None:
    question = Delivery.objects.filter(recipient=world.amina, channel=Channel.SMS).latest("id")
    assert question.asks == "yes_no" and "نعم" in question.body  # the question says how to answer, in Arabic
    assert "نعم" in texts_in(_texts_in_tmp)[-1]
    reply = _reply(client, " نعم ")
    assert "شكرًا لكم. ستقرأ المدرسة" in reply  # thanked in Arabic, as on the web
    completed.refresh_from_db()
    assert completed.family_got_help is True and completed.family_answered_at is not None
    page = login("rosa", language="en").get(reverse("referrals:detail", kwargs={"pk": completed.pk}))
    assert "Got the help" in page.content.decode() and "Mark as read" in page.content.decode()
    kept = InboundText.objects.get()
    assert (kept.outcome, kept.sender, kept.about) == (
        InboundOutcome.ANSWERED,
        world.amina,
        f"referrals.referral:{completed.pk}",
    )


@pytest.mark.parametrize("answer", ["NO", "no.", "لا", "KHÔNG", "否"])
def test_no_in_any_language_is_a_no(completed: Any, client: Any, answer: str) -> None:
    _reply(client, answer)
    completed.refresh_from_db()
    assert completed.family_got_help is False


def test_a_retried_webhook_records_the_answer_once(completed: Any, client: Any) -> None:
    first = _reply(client, "YES", sid="SM" + "9" * 32)
    again = _reply(client, "YES", sid="SM" + "9" * 32)
    assert "<Message>" in first and "<Message>" not in again
    assert AuditEvent.objects.filter(code="referrals.referral.family_feedback").count() == 1
    assert InboundText.objects.count() == 1


def test_yes_without_a_question_is_kept_for_staff(login: Any, world: World, settings: Any, client: Any) -> None:
    twilio_settings(settings)
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    _reply(client, "YES")
    referral.refresh_from_db()
    assert referral.family_got_help is None
    assert InboundText.objects.get().outcome == InboundOutcome.NOT_UNDERSTOOD


@pytest.mark.parametrize(
    ("stop", "start"),
    [
        ("STOP", "START"),
        ("توقف", "ابدأ"),
        ("ALTO", "COMENZAR"),
        ("DỪNG", "BẮT ĐẦU"),
        ("退订", "开始"),
    ],
)
def test_stop_and_start_in_each_language(
    login: Any, world: World, settings: Any, client: Any, _texts_in_tmp: Path, stop: str, start: str
) -> None:
    twilio_settings(settings)
    referral = layla_referral(world)
    choose_channels(login, world, ["text", "email"])
    reply = _reply(client, stop)
    assert TextOptOut.objects.filter(number=AMINA_NUMBER).exists()
    assert "START" in reply  # how to undo it, with the English keyword in every language
    move(login, referral, "accepted")
    assert texts_in(_texts_in_tmp) == []  # opted out: the update went by email instead
    assert Delivery.objects.filter(recipient=world.amina, channel=Channel.EMAIL).latest("id").status == "sent"
    _reply(client, start)
    assert not TextOptOut.objects.exists()
    move(login, referral, "in_service")
    assert len(texts_in(_texts_in_tmp)) == 1


def test_help_answers_and_changes_nothing(login: Any, world: World, settings: Any, client: Any) -> None:
    twilio_settings(settings)
    choose_channels(login, world, ["text"])
    assert "STOP" in _reply(client, "ayuda")
    assert InboundText.objects.get().outcome == InboundOutcome.HELPED and not TextOptOut.objects.exists()


def test_an_unknown_number_gets_a_neutral_reply_and_is_kept(settings: Any, world: World, client: Any) -> None:
    twilio_settings(settings)
    reply = _reply(client, "YES", number="+16125550199")
    assert "Thank you" in reply and "Amina" not in reply
    kept = InboundText.objects.get()
    assert (kept.outcome, kept.sender, kept.number) == (InboundOutcome.UNKNOWN_NUMBER, None, "+16125550199")


def test_a_number_two_households_share_is_never_guessed(completed: Any, world: World, client: Any) -> None:
    from village.accounts.models import User
    from village.families.models import Guardian, Household, HouseholdMember

    other = Household.objects.create(district=world.riverbend, name="Farah")
    guardian = Guardian.objects.create(
        district=world.riverbend,
        household=other,
        sourced_id="G-2",
        given_name="Hodan",
        family_name="Farah",
        relationship="parent",
        email="hodan@example.org",
        sms=AMINA_NUMBER,
    )
    hodan = User.objects.create(email="hodan@example.org", name="Hodan Farah")
    HouseholdMember.objects.create(
        household=other, user=hodan, relationship="parent", district=world.riverbend, guardian=guardian
    )
    reply = _reply(client, "YES")
    completed.refresh_from_db()
    assert completed.family_got_help is None
    assert "Thank you" in reply
    assert InboundText.objects.get().outcome == InboundOutcome.SHARED_NUMBER


def test_an_unsigned_inbound_text_is_refused(completed: Any, client: Any) -> None:
    data = {"MessageSid": "SM" + "8" * 32, "From": AMINA_NUMBER, "Body": "STOP"}
    assert client.post(reverse("referrals:inbound_text"), data).status_code == 403
    assert twilio_post(client, "referrals:inbound_text", data, token="0" * 32).status_code == 403
    assert not TextOptOut.objects.exists() and not InboundText.objects.exists()
