"""Amina enters her own mobile number, gets a code by text, types it back: Village texts her there."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import TestCase
from django.urls import reverse

from conftest import World
from village.families.contact import people_with_number, reach_for
from village.families.models import HouseholdMember
from village.messaging.models import TextOptOut
from village.messaging.tests.texting import texts_in

pytestmark = pytest.mark.django_db
URL = reverse("families:mobile")


def _send(client: Any, number: str) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(URL, {"step": "send", "number": number})


def test_amina_confirms_her_own_number_with_a_code_sent_to_it(login: Any, world: World, settings: Any) -> None:
    amina = login("amina")
    assert URL in amina.get(reverse("families:profile")).content.decode()
    assert _send(amina, "(612) 555-0177").status_code == 302
    [text] = texts_in(settings.VILLAGE_SMS_DIR)
    assert "To: +16125550177" in text and "Village" in text
    code = re.search(r"\b(\d{6})\b", text.split("\n\n", 1)[1])
    assert code is not None
    assert re.search("[\u0600-\u06ff]", text), "the code's text is in Amina's language"
    # Not used for texts until confirmed.
    assert reach_for([world.amina])[world.amina.pk].phone == ""
    wrong = amina.post(URL, {"step": "confirm", "code": "000000" if code.group(1) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert amina.post(URL, {"step": "confirm", "code": code.group(1)}).status_code == 302
    member = HouseholdMember.objects.get(user=world.amina)
    assert member.mobile == "+16125550177" and member.mobile_confirmed_at is not None
    assert people_with_number("+16125550177") == [world.amina]
    assert "+16125550177" in amina.get(URL).content.decode()


def test_an_invalid_number_is_refused_in_the_familys_language_and_nothing_is_sent(
    login: Any, world: World, settings: Any
) -> None:
    response = _send(login("amina", language="en"), "12345")
    assert response.status_code == 200
    assert "not a phone number Village can send texts to" in response.content.decode()
    assert texts_in(settings.VILLAGE_SMS_DIR) == []
    response = _send(login("amina", language="ar"), "12345")
    assert "رقم" in response.content.decode()  # the same error, in Arabic
    assert HouseholdMember.objects.get(user=world.amina).mobile_pending == ""


def test_a_number_that_said_stop_is_not_texted_a_code(login: Any, world: World, settings: Any) -> None:
    TextOptOut.objects.create(number="+16125550177", keyword="STOP")
    response = _send(login("amina", language="en"), "+1 612 555 0177")
    assert response.status_code == 200 and "answered STOP" in response.content.decode()
    assert texts_in(settings.VILLAGE_SMS_DIR) == []


def test_too_many_wrong_codes_expire_it(login: Any, world: World, settings: Any) -> None:
    amina = login("amina", language="en")
    _send(amina, "(612) 555-0177")
    for _attempt in range(5):
        amina.post(URL, {"step": "confirm", "code": "999999x"})
    [text] = texts_in(settings.VILLAGE_SMS_DIR)
    code = re.search(r"\b(\d{6})\b", text.split("\n\n", 1)[1])
    assert code is not None
    response = amina.post(URL, {"step": "confirm", "code": code.group(1)})
    assert "This code has expired" in response.content.decode()
    assert HouseholdMember.objects.get(user=world.amina).mobile == ""
