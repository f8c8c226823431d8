"""Amina finds a homework club in the finder and asks Lincoln for it for Layla: a need opens,
Rosa sees it on her worklist, and nothing reaches the clinic before a consent."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from village.referrals.tests.helpers import clinic_tutoring, lincoln_located, served_form

pytestmark = pytest.mark.django_db


def _arabic_club(w: World) -> Any:
    service = clinic_tutoring(w)
    service.name = {"en": "Clinic homework club", "ar": "نادي الواجبات في العيادة"}
    service.save(update_fields=["name"])
    return service


def _ask(client: Any, service: Any, **changes: str) -> Any:
    url = reverse("referrals:ask", kwargs={"service_pk": service.pk})
    data = served_form(client.get(url).content.decode(), "")
    data.update({k: [v] for k, v in changes.items()})
    return client.post(url, data)


def test_amina_asks_the_school_for_a_service_she_found(world: World, login: Any) -> None:
    from village.families.models import DisclosureRecord, Need
    from village.messaging.models import Delivery
    from village.referrals.models import ConsentRequest, FamilyAsk, Referral

    lincoln_located(world)
    service = _arabic_club(world)
    client = login("amina")
    page = client.get(reverse("directory:service", kwargs={"pk": service.pk})).content.decode()
    ask_url = reverse("referrals:ask", kwargs={"service_pk": service.pk})
    assert ask_url in page
    finder = client.get(reverse("directory:finder"), {"need": "tutoring"}).content.decode()
    assert ask_url in finder

    response = _ask(client, service, description="مساعدة في الرياضيات")
    ask = FamilyAsk.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:ask_sent", kwargs={"pk": ask.pk})
    need = Need.objects.get(student=world.layla)
    assert (need.category, need.source, need.description, need.raised_by) == (
        "tutoring",
        "family",
        "مساعدة في الرياضيات",
        world.amina,
    )
    assert ask.need == need and ask.service == service and ask.student == world.layla
    # Nothing for the partner before consent.
    assert not Referral.objects.exists()
    assert not ConsentRequest.objects.exists()
    assert not DisclosureRecord.objects.exists()
    assert not Delivery.objects.filter(recipient=world.mai).exists()
    # Rosa, the coordinator, is told in Spanish, with a link she can open from her mail.
    told = Delivery.objects.get(recipient=world.rosa)
    assert told.language == "es"
    assert "http://" in told.body or "https://" in told.body
    assert reverse("referrals:refer", kwargs={"pk": need.pk, "service_pk": service.pk}) in told.body

    confirmation = client.get(response["Location"]).content.decode()
    assert 'lang="ar"' in confirmation
    assert "نادي الواجبات في العيادة" in confirmation
    assert "Clinic homework club" not in confirmation
    assert "تنتظر المدرسة" in confirmation  # "Waiting for the school"


def test_the_ask_and_its_state_are_on_aminas_home(world: World, login: Any) -> None:
    import uuid

    from village.referrals.actions import request_consent
    from village.referrals.models import FamilyAsk

    service = _arabic_club(world)
    client = login("amina")
    _ask(client, service)
    home = client.get(reverse("home")).content.decode()
    ask = FamilyAsk.objects.get()
    assert reverse("referrals:ask_sent", kwargs={"pk": ask.pk}) in home
    assert "نادي الواجبات في العيادة" in home
    assert "تنتظر المدرسة" in home

    request_consent(
        world.rosa, world.layla, service, elements=["name", "grade"], need=ask.need, submission_key=uuid.uuid4().hex
    )
    home = client.get(reverse("home")).content.decode()
    assert "تنتظر المدرسة" not in home
    assert "تطلب المدرسة موافقتك" in home  # "The school asks for your consent…"


def test_the_ask_is_on_the_coordinators_worklist_with_the_service(world: World, login: Any) -> None:
    from village.referrals.models import FamilyAsk

    service = _arabic_club(world)
    _ask(login("amina"), service, description="Math help")
    need = FamilyAsk.objects.get().need
    home = login("rosa", language="en").get(reverse("home")).content.decode()
    assert "The family asks for" in home
    assert "Clinic homework club" in home
    assert "Math help" in home
    assert reverse("referrals:refer", kwargs={"pk": need.pk, "service_pk": service.pk}) in home


def test_staff_see_no_ask_button_and_cannot_ask(world: World, login: Any) -> None:
    service = _arabic_club(world)
    ask_url = reverse("referrals:ask", kwargs={"service_pk": service.pk})
    for persona in ("rosa", "dana", "mai", "lucas", "anonymous"):
        client = login(persona)
        page = client.get(reverse("directory:service", kwargs={"pk": service.pk})).content.decode()
        assert ask_url not in page, persona
        assert client.get(ask_url).status_code in (302, 404), persona


def test_a_family_asks_only_for_its_own_children(world: World, login: Any) -> None:
    from village.families.models import Student
    from village.referrals.models import FamilyAsk

    service = _arabic_club(world)
    lucas = Student.objects.get(local_id="RB-2")
    response = _ask(login("amina", language="en"), service, child=str(lucas.pk))
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not FamilyAsk.objects.exists()


def test_posting_the_ask_twice_makes_one_ask(world: World, login: Any) -> None:
    from village.families.models import Need
    from village.referrals.models import FamilyAsk

    service = _arabic_club(world)
    client = login("amina")
    url = reverse("referrals:ask", kwargs={"service_pk": service.pk})
    data = served_form(client.get(url).content.decode(), "")
    first = client.post(url, data)
    second = client.post(url, data)
    assert first["Location"] == second["Location"]
    assert FamilyAsk.objects.count() == 1 and Need.objects.count() == 1


def test_a_closed_service_cannot_be_asked_for(world: World, login: Any) -> None:
    service = _arabic_club(world)
    service.status = "inactive"
    service.save(update_fields=["status"])
    assert login("amina").get(reverse("referrals:ask", kwargs={"service_pk": service.pk})).status_code == 404
