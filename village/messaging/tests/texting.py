"""Amina chooses text messages on her family's profile, with the number the roster holds for her."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import TestCase
from django.urls import reverse

from conftest import World

AMINA_NUMBER = "+16125550123"


def choose_channels(login: Any, world: World, channels: list[str], sms: str = "(612) 555-0123") -> None:
    """The roster has Amina as the household's guardian with a mobile number (as a roster sync
    writes it), and Amina says on her profile how the school should reach her."""
    from village.families.models import Guardian, HouseholdMember
    from village.messaging.texts import e164

    guardian = Guardian.objects.create(
        district=world.riverbend,
        household=world.household,
        sourced_id="G-1",
        given_name="Amina",
        family_name="Hassan",
        relationship="parent",
        email=world.amina.email,
        sms=e164(sms) or sms,
    )
    HouseholdMember.objects.filter(user=world.amina).update(guardian=guardian)
    data = {
        "preferred_language": "ara",
        "preferred_channels": channels,
        "windows-TOTAL_FORMS": "0",
        "windows-INITIAL_FORMS": "0",
        "windows-MIN_NUM_FORMS": "0",
        "windows-MAX_NUM_FORMS": "21",
    }
    assert login("amina").post(reverse("families:profile"), data).status_code == 302


def texts_in(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))] if folder.exists() else []


def move(login: Any, referral: Any, to: str) -> None:
    """The clinic's Mai moves the referral on, as on its page (and the messages it queues are sent)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = login("mai").post(reverse("referrals:move", kwargs={"pk": referral.pk, "to": to}), {"reason": "x"})
    assert response.status_code == 302


TOKEN = "f" * 32
SID = "AC" + "1" * 32


def twilio_settings(settings: Any) -> None:
    settings.TWILIO_ACCOUNT_SID = SID
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.TWILIO_MESSAGING_SERVICE_SID = "MG" + "2" * 32
    settings.TWILIO_FROM_NUMBER = ""


def twilio_post(
    client: Any, name: str, data: dict[str, str], *, token: str = TOKEN, query: str = "", **kwargs: Any
) -> Any:
    """Post as Twilio does: form fields, signed with the auth token over the URL it calls (with
    the `query` it was given, such as a status callback's "?d=12")."""
    from twilio.request_validator import RequestValidator

    url = reverse(name) + query
    signature = RequestValidator(token).compute_signature(f"http://testserver{url}", data)
    return client.post(url, data, headers={"X-Twilio-Signature": signature}, **kwargs)
