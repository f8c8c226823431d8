"""The daily summary: a lead with 25 overdue tasks gets one message, not 25; running the command
twice sends it once; it is in the reader's language and by their channel; nothing waiting, nothing sent."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from conftest import World
from village.messaging.actions import queue_each
from village.messaging.actions.digests import send_digest
from village.messaging.models import Delivery, DeliveryStatus, Outbox
from village.messaging.tests.texting import AMINA_NUMBER, choose_channels, texts_in
from village.messaging.topics import DIGEST_KIND, TOPICS

TODAY = "2026-05-04"


@pytest.fixture
def capture(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks


def _twenty_five_overdue_tasks(world: World) -> None:
    """Dana, the district lead, owns 25 tasks of the Lincoln health partnership, all overdue."""
    from village.partnerships.models import PlanTask
    from village.partnerships.tests.matrix import clinic_partnership

    partnership = clinic_partnership(world)
    PlanTask.objects.bulk_create(
        PlanTask(partnership=partnership, title=f"Task {n:02d}", owner=world.dana, due_date=datetime.date(2026, 4, 1))
        for n in range(1, 26)
    )


def _run(capture: Any, command: str, *args: str) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command(command, *args, stdout=out)
    return out.getvalue()


def test_twenty_five_reminders_reach_the_lead_as_one_summary(world: World, capture: Any) -> None:
    _twenty_five_overdue_tasks(world)
    _run(capture, "send_reminders", "--date", TODAY)
    # Reminders wait for the daily summary by default: nothing went yet.
    assert mail.outbox == []
    assert Delivery.objects.filter(recipient=world.dana, status=DeliveryStatus.FOR_DIGEST).count() == 25
    assert "1 daily summaries sent." in _run(capture, "send_digests")
    [summary] = mail.outbox
    assert summary.to == [world.dana.email]
    assert summary.subject == "Your daily summary from Village: 25 messages"
    assert all(f"Task {n:02d}" in summary.body for n in range(1, 26))
    # One footer, the summary's own, not one for each reminder.
    assert summary.body.count("Change what you receive:") == 1
    digest = Outbox.objects.get(kind=DIGEST_KIND)
    reminders = Delivery.objects.filter(recipient=world.dana).exclude(outbox=digest)
    assert set(reminders.values_list("status", flat=True)) == {DeliveryStatus.IN_DIGEST}
    assert Delivery.objects.filter(digest=digest).count() == 25


def test_running_the_summary_twice_sends_it_once(world: World, capture: Any) -> None:
    _twenty_five_overdue_tasks(world)
    _run(capture, "send_reminders", "--date", TODAY)
    _run(capture, "send_digests")
    assert "0 daily summaries sent." in _run(capture, "send_digests")
    assert send_digest(world.dana.pk) is None
    assert len(mail.outbox) == 1 and Outbox.objects.filter(kind=DIGEST_KIND).count() == 1


def test_nothing_waiting_sends_no_summary(world: World, capture: Any) -> None:
    with capture(execute=True):
        queue_each("events.seated", [world.dana], "A seat for you", "Come on Friday.")
    mail.outbox.clear()
    assert "0 daily summaries sent." in _run(capture, "send_digests")
    assert send_digest(world.rosa.pk) is None
    assert mail.outbox == [] and not Outbox.objects.filter(kind=DIGEST_KIND).exists()


def test_the_summary_is_in_the_readers_language(world: World, capture: Any) -> None:
    from village.partnerships.models import PlanTask
    from village.partnerships.tests.matrix import clinic_partnership

    partnership = clinic_partnership(world)
    for person in (world.rosa, world.mai, world.dana):
        due = datetime.date(2026, 4, 1)
        PlanTask.objects.create(partnership=partnership, title="Staff", owner=person, due_date=due)
    _run(capture, "send_reminders", "--date", TODAY)
    _run(capture, "send_digests")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        world.rosa.email: "Su resumen diario de Village: 1 mensaje",
        world.mai.email: "Bản tóm tắt hằng ngày từ Village: 1 tin nhắn",
        world.dana.email: "Your daily summary from Village: 1 message",
    }
    rosa = next(m for m in mail.outbox if m.to == [world.rosa.email])
    assert "Hola, Rosa Martínez:" in rosa.body and "Tarea atrasada: Staff" in rosa.body


def test_a_family_on_text_gets_a_short_summary_with_a_link(
    login: Any, world: World, capture: Any, _texts_in_tmp: Path
) -> None:
    choose_channels(login, world, ["text", "email"])
    saved = login("amina").post(
        reverse("messaging:preferences"),
        {
            "events": "daily",
            # Every other topic as it happens (a topic left out of the post makes the form invalid).
            **{t.code: "instant" for t in TOPICS if t.code not in ("events", "reminders")},
            "reminders": "daily",
            "quiet_start": "",
            "quiet_end": "",
            "time_zone": "America/Chicago",
        },
    )
    assert saved.status_code == 302, "the preferences were not saved"
    from village.families.contact import reach_for

    with capture(execute=True):
        for title in ("مقعد في ليلة العائلة", "مقعد في ورشة القراءة"):
            queue_each("events.seated", [world.amina], title, "تعال يوم الجمعة.", reach=reach_for([world.amina]))
    assert texts_in(_texts_in_tmp) == [] and mail.outbox == []
    _run(capture, "send_digests")
    [text] = texts_in(_texts_in_tmp)
    assert f"To: {AMINA_NUMBER}" in text
    assert "مقعد في ليلة العائلة" in text and "مقعد في ورشة القراءة" in text and "http://testserver/" in text
    digest = Delivery.objects.get(outbox__kind=DIGEST_KIND, rank=0)
    assert digest.channel == "sms" and digest.language == "ar" and digest.segments is not None
    # The email kept in reserve for the summary, not for each message it gathered.
    assert Delivery.objects.filter(status=DeliveryStatus.HELD).count() == 1
    assert mail.outbox == []
