"""Letters to print: a family on paper gets its messages as letters its school prints."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils.translation import gettext_lazy

from conftest import World
from village.audit.models import AuditEvent
from village.families.contact import reach_for
from village.messaging.actions import queue_each
from village.messaging.models import Channel, Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db

PROFILE = {
    "preferred_language": "ara",
    "windows-TOTAL_FORMS": "0",
    "windows-INITIAL_FORMS": "0",
    "windows-MIN_NUM_FORMS": "0",
    "windows-MAX_NUM_FORMS": "21",
}


def choose(login: Any, channels: list[str]) -> None:
    """Amina says on her family's profile how the school should reach her."""
    response = login("amina").post(reverse("families:profile"), PROFILE | {"preferred_channels": channels})
    assert response.status_code == 302


def message_amina(world: World) -> Delivery:
    """A message to Amina by the channels she accepts (as every family message is queued)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        outbox = queue_each(
            "test.update",
            [world.amina],
            gettext_lazy("Update on your referral"),
            gettext_lazy("The clinic accepted your referral. Open %(link)s to see it."),
            reach=reach_for([world.amina]),
            link="/referrals/1/",
        )
    assert outbox is not None
    return Delivery.objects.get(outbox=outbox, rank=0)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_family_on_paper_gets_a_letter_in_arabic_that_the_coordinator_prints(world: World, login: Any) -> None:
    world.lincoln.address, world.lincoln.phone = "200 Elm Street", "(312) 555-0100"
    world.lincoln.save()
    choose(login, ["paper"])
    letter = message_amina(world)
    assert (letter.channel, letter.status, letter.language) == (Channel.PAPER, DeliveryStatus.TO_PRINT, "ar")
    assert not mail.outbox

    rosa = login("rosa", language="en")
    home = rosa.get(reverse("home")).content.decode()
    assert reverse("families:letters", kwargs={"pk": world.lincoln.pk}) in home
    page = rosa.get(reverse("families:letters", kwargs={"pk": world.lincoln.pk})).content.decode()
    assert "Amina Hassan" in page and "Layla Hassan" in page and "1 letter waiting" in page
    link = re.search(r'href="([^"]*letters\.pdf\?ids=[^"]*)"', page)
    assert link is not None
    response = rosa.get(link.group(1).replace("&amp;", "&"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Lincoln Elementary" in text and "200 Elm Street" in text and "http://testserver/referrals/1/" in text
    assert re.search("[\u0600-\u06ff]", text), "the letter is in Arabic"

    response = rosa.post(reverse("families:letters_printed", kwargs={"pk": world.lincoln.pk}), {"letter": [letter.pk]})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == DeliveryStatus.PRINTED and letter.sent_at is not None
    assert AuditEvent.objects.filter(code="messaging.letters.printed", actor=world.rosa).exists()
    page = rosa.get(reverse("families:letters", kwargs={"pk": world.lincoln.pk})).content.decode()
    assert "Amina Hassan" not in page and "No letters are waiting" in page
    # Pressed again (a second tab): nothing is marked twice.
    rosa.post(reverse("families:letters_printed", kwargs={"pk": world.lincoln.pk}), {"letter": [letter.pk]})
    assert AuditEvent.objects.filter(code="messaging.letters.printed").count() == 1


def test_mark_printed_leaves_a_letter_queued_after_the_page_was_read(world: World, login: Any) -> None:
    choose(login, ["paper"])
    first = message_amina(world)
    rosa = login("rosa", language="en")
    rosa.get(reverse("families:letters", kwargs={"pk": world.lincoln.pk}))
    later = message_amina(world)
    rosa.post(reverse("families:letters_printed", kwargs={"pk": world.lincoln.pk}), {"letter": [first.pk]})
    first.refresh_from_db()
    later.refresh_from_db()
    assert (first.status, later.status) == (DeliveryStatus.PRINTED, DeliveryStatus.TO_PRINT)


def test_letters_are_for_the_familys_own_school_only(world: World, login: Any) -> None:
    choose(login, ["paper"])
    letter = message_amina(world)
    assert login("omar").get(reverse("families:letters", kwargs={"pk": world.lincoln.pk})).status_code == 404
    page = login("omar").get(reverse("families:letters", kwargs={"pk": world.bayview.pk})).content.decode()
    assert "Amina" not in page
    response = login("omar").post(
        reverse("families:letters_printed", kwargs={"pk": world.bayview.pk}), {"letter": [letter.pk]}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == DeliveryStatus.TO_PRINT


def test_a_family_that_later_chose_email_is_not_printed_and_gets_the_letter_by_email(world: World, login: Any) -> None:
    choose(login, ["paper"])
    letter = message_amina(world)
    choose(login, ["email"])
    rosa = login("rosa", language="en")
    page = rosa.get(reverse("families:letters", kwargs={"pk": world.lincoln.pk})).content.decode()
    assert "0 letters waiting" in page and "Families who now get messages another way" in page
    assert rosa.get(reverse("families:letters_pdf", kwargs={"pk": world.lincoln.pk})).status_code == 404
    with TestCase.captureOnCommitCallbacks(execute=True):
        rosa.post(reverse("families:letters_by_email", kwargs={"pk": world.lincoln.pk}), {"letter": [letter.pk]})
    letter.refresh_from_db()
    assert (letter.channel, letter.status, letter.address) == (Channel.EMAIL, DeliveryStatus.SENT, world.amina.email)
    assert [m.to for m in mail.outbox] == [[world.amina.email]]
    assert (
        "Families who now get messages another way"
        not in rosa.get(reverse("families:letters", kwargs={"pk": world.lincoln.pk})).content.decode()
    )


def test_a_letter_released_after_email_failed_is_not_printed_once_the_email_goes(
    world: World, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.mail.backends.locmem import EmailBackend

    from village.messaging.actions import retry_now, send
    from village.messaging.models import MAX_ATTEMPTS

    choose(login, ["email", "paper"])
    original = EmailBackend.send_messages

    def refused(self: Any, messages: Any) -> int:
        raise ConnectionError("connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", refused)
    email = message_amina(world)
    email.refresh_from_db()
    while email.attempts < MAX_ATTEMPTS:
        send(email)
    letter = Delivery.objects.get(outbox=email.outbox, channel=Channel.PAPER)
    assert letter.status == DeliveryStatus.TO_PRINT
    monkeypatch.setattr(EmailBackend, "send_messages", original)
    with TestCase.captureOnCommitCallbacks(execute=True):
        retry_now(world.rosa, email)
    letter.refresh_from_db()
    assert letter.status == DeliveryStatus.NOT_NEEDED
    page = login("rosa", language="en").get(reverse("families:letters", kwargs={"pk": world.lincoln.pk}))
    assert "Amina Hassan" not in page.content.decode()
