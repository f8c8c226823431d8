from __future__ import annotations

import datetime
import io
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from village.directory import search
from village.directory.models import Service
from village.directory.tests.factories import add_service, need_terms
from village.messaging.models import Delivery


def _service(world: Any) -> Service:
    return add_service(world.clinic, name="Clinic hours", latitude=41.88, longitude=-87.63, categories=need_terms()[:1])


def test_partner_edits_hours_and_search_follows(world: Any, login: Any) -> None:
    service = _service(world)
    client = login("mai")
    url = reverse("directory:service_hours", kwargs={"pk": service.pk})
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-weekday": "2",
        "form-0-opens_at": "17:00",
        "form-0-closes_at": "19:00",
    }
    assert client.post(url, data).status_code == 302
    hit = search.nearest(search.Query(41.88, -87.63, flags_all=search.EVENING))
    assert [h.service_id for h in hit] == [service.pk]


def test_schedule_closing_when_it_opens_is_refused_and_overnight_hours_are_kept(world: Any, login: Any) -> None:
    service = _service(world)
    url = reverse("directory:service_hours", kwargs={"pk": service.pk})
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-weekday": "2",
        "form-0-opens_at": "17:00",
        "form-0-closes_at": "17:00",
    }
    client = login("mai", language="en")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "closing time is the same as the opening time" in response.content.decode()
    assert not service.schedules.exists()
    # 22:00 to 06:00 closes the next day: kept as given.
    assert client.post(url, {**data, "form-0-opens_at": "22:00", "form-0-closes_at": "06:00"}).status_code == 302
    slot = service.schedules.get()
    assert (slot.opens_at.hour, slot.closes_at.hour, slot.overnight) == (22, 6, True)


def test_partner_edit_keeps_history_and_marks_verified(world: Any, login: Any) -> None:
    service = _service(world)
    Service.objects.filter(pk=service.pk).update(last_verified_at=timezone.now() - datetime.timedelta(days=400))
    client = login("mai")
    response = client.post(
        reverse("directory:service_edit", kwargs={"pk": service.pk}),
        {
            "name_text": "Clinic evening hours",
            "status": "active",
            "cost": "sliding",
            "languages_text": "vi, en",
            "categories": [need_terms()[0].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    service.refresh_from_db()
    assert service.name["vi"] == "Clinic evening hours"  # Mai reads Village in Vietnamese
    assert not service.is_stale
    assert service.history.count() >= 2
    assert sorted(service.languages.values_list("code", flat=True)) == ["en", "vi"]


def test_other_partner_cannot_edit(world: Any, login: Any) -> None:
    service = _service(world)
    assert login("pat").get(reverse("directory:service_edit", kwargs={"pk": service.pk})).status_code == 404


def test_remind_stale_listings_emails_owners_in_their_language(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    service = _service(world)
    Service.objects.filter(pk=service.pk).update(last_verified_at=timezone.now() - datetime.timedelta(days=200))
    fresh = add_service(world.tutoring, name="Fresh", latitude=41.9, longitude=-87.6)
    Service.objects.filter(pk=fresh.pk).update(last_verified_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_stale_listings", stdout=io.StringIO())
    # Reminders go in each person's daily summary unless they chose otherwise.
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["mai@example.org"]]  # not Pat: Eastside's listing is fresh
    assert "Clinic hours" in mail.outbox[0].body
    # Through the outbox, rendered in Mai's language (Vietnamese).
    delivery = Delivery.objects.select_related("outbox").get(outbox__kind="directory.stale_listings")
    assert delivery.recipient == world.mai and delivery.status == "in_digest"
    assert delivery.language == "vi" and "Vui lòng kiểm tra" in delivery.subject
    assert "Vui lòng kiểm tra" in mail.outbox[0].body and "Village" in mail.outbox[0].subject


def test_partner_adds_a_service_and_a_blank_name_is_refused_on_its_field(world: Any, login: Any) -> None:
    client = login("mai", language="en")
    url = reverse("directory:service_create", kwargs={"pk": world.clinic.pk})
    tutoring = next(t for t in need_terms() if t.code == "tutoring")
    fields = {"status": "active", "categories": [tutoring.pk], "cost": "free", "languages_text": "ar, en"}
    refused = client.post(url, {**fields, "name_text": ""})
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    assert not Service.objects.exists()
    added = client.post(url, {**fields, "name_text": "Clinic homework club"})
    service = Service.objects.get()
    assert added.status_code == 302
    assert added["Location"] == reverse("directory:service_hours", kwargs={"pk": service.pk})
    assert service.name == {"en": "Clinic homework club"}
    assert sorted(service.languages.values_list("code", flat=True)) == ["ar", "en"]
