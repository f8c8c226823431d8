"""Consent requests finish themselves: Rosa (coordinator at Lincoln, reads Spanish) asks Amina
(Layla's mother, reads Arabic) to let the clinic's homework club receive Layla's information.
Amina opens the link, finds the consent filled in, signs or says no; the referral that waited
goes out by itself (or on Rosa's one click) and Rosa is told in Spanish."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.audit.models import AuditEvent
from village.families.actions import withdraw_consent
from village.families.models import Consent, DisclosureRecord
from village.families.tests.helpers import make_consent
from village.messaging.models import Delivery
from village.referrals.models import ConsentRequest, Referral, RequestState
from village.referrals.tests.helpers import clinic_tutoring, layla_consent_request, layla_need, served_form


def _sent_to(person: Any) -> list[Any]:
    return [m for m in mail.outbox if person.email in m.to]


def _ask(client: Any, w: World, send: str, capture: Any) -> ConsentRequest:
    """Rosa refers Layla without a consent, and sends the request form she is shown, as served."""
    need = layla_need(w)
    service = clinic_tutoring(w)
    client.force_login(w.rosa)
    page = client.post(
        reverse("referrals:refer", kwargs={"pk": need.pk, "service_pk": service.pk}),
        {"elements": ["name", "grade", "needs"], "submission_key": uuid.uuid4().hex},
    ).content.decode()
    action = reverse("referrals:request_consent", kwargs={"pk": w.layla.pk, "service_pk": service.pk})
    fields = served_form(page, action)
    assert fields["elements"] == ["name", "grade", "needs"] and fields["send"] == ["automatic"]
    fields["send"] = [send]
    with capture(execute=True):
        response = client.post(action, fields)
        again = client.post(action, fields)  # the same form posted twice asks once
    assert response.status_code == again.status_code == 302
    return ConsentRequest.objects.get()


def _amina_signs(client: Any, request: ConsentRequest, capture: Any, drop: str = "needs") -> Any:
    client.force_login(request.student.household.members.get().user)
    url = reverse("referrals:consent_answer", kwargs={"pk": request.pk})
    fields = served_form(client.get(url).content.decode())
    fields["elements"] = [e for e in fields["elements"] if e != drop]
    fields["confirm"] = ["on"]
    with capture(execute=True):
        return client.post(url, fields)


def test_the_family_signs_through_the_link_and_the_referral_goes_by_itself(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    request = _ask(client, world, "automatic", django_capture_on_commit_callbacks)
    assert request.state == RequestState.PENDING and request.send_automatically
    assert not DisclosureRecord.objects.exists()
    # Amina's message (in Arabic) links to the request itself, not to a blank consent form.
    link = reverse("referrals:consent_answer", kwargs={"pk": request.pk})
    (asked,) = _sent_to(world.amina)
    assert link in asked.body
    client.force_login(world.amina)
    page = client.get(link).content.decode()
    assert 'lang="ar"' in page and "إذا قلت لا" in page  # "If you say no", in her language
    assert "Northside Family Health Clinic" in page
    fields = served_form(page)
    assert sorted(fields["elements"]) == ["grade", "name", "needs"]  # every requested element, ticked
    assert fields["valid_until"] == [request.valid_until.isoformat()]
    assert fields["signer_name"] == ["Amina Hassan"]
    assert "english_learner" not in page  # nothing the school did not ask for can be ticked

    mail.outbox.clear()
    fields["elements"] = ["name", "grade"]  # she shares less than asked
    fields["confirm"] = ["on"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, fields)
    assert response["Location"] == reverse("families:consents", kwargs={"pk": world.layla.pk})
    consent = Consent.objects.get()
    assert consent.elements == ["grade", "name"] and consent.recipient == world.clinic
    request.refresh_from_db()
    referral = Referral.objects.get()
    assert request.state == RequestState.CONSENTED and request.consent == consent and request.referral == referral
    assert referral.elements == ["grade", "name"] and referral.consent == consent
    assert referral.created_by == world.rosa and referral.need == layla_need(world)
    assert DisclosureRecord.objects.get().consent == consent  # sent through the consent check
    # Rosa is told, in Spanish, with the referral's address.
    told = Delivery.objects.get(recipient=world.rosa, outbox__kind="referrals.consent_answered")
    assert told.language == "es"
    assert "aceptó" in told.body and reverse("referrals:detail", kwargs={"pk": referral.pk}) in told.body
    assert _sent_to(world.mai)  # the partner received the referral

    # The same form posted again: no second consent, no second referral, a clear message.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(link, fields)
    assert Consent.objects.count() == 1 and Referral.objects.count() == 1
    assert "تمت الإجابة على هذا الطلب" in again.content.decode()


def test_the_referral_can_wait_for_the_coordinators_one_click(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    request = _ask(client, world, "on_click", django_capture_on_commit_callbacks)
    assert not request.send_automatically
    _amina_signs(client, request, django_capture_on_commit_callbacks)
    request.refresh_from_db()
    assert request.state == RequestState.CONSENTED and not Referral.objects.exists()
    follow = reverse("referrals:consent_request", kwargs={"pk": request.pk})
    told = Delivery.objects.get(recipient=world.rosa, outbox__kind="referrals.consent_answered")
    assert follow in told.body and "un clic" in told.body
    # The worklist shows it ready to send; the request's page has the button.
    client.force_login(world.rosa)
    home = client.get(reverse("home"), headers={"accept-language": "es"}).content.decode()
    assert follow in home and "La familia aceptó: envíe la derivación" in home
    page = client.get(follow).content.decode()
    send = reverse("referrals:consent_send", kwargs={"pk": request.pk})
    assert send in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send)
        client.post(send)  # a second click sends nothing more
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert referral.elements == ["grade", "name"] and DisclosureRecord.objects.count() == 1
    assert send not in client.get(follow).content.decode()


def test_a_withdrawn_consent_stops_the_one_click(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    request = _ask(client, world, "on_click", django_capture_on_commit_callbacks)
    _amina_signs(client, request, django_capture_on_commit_callbacks)
    withdraw_consent(world.amina, Consent.objects.get())
    client.force_login(world.rosa)
    client.post(reverse("referrals:consent_send", kwargs={"pk": request.pk}))
    assert not Referral.objects.exists() and not DisclosureRecord.objects.exists()


def test_saying_no_shares_nothing_and_tells_the_coordinator(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    request = _ask(client, world, "automatic", django_capture_on_commit_callbacks)
    client.force_login(world.amina)
    page = client.get(reverse("referrals:consent_answer", kwargs={"pk": request.pk})).content.decode()
    decline = reverse("referrals:consent_decline", kwargs={"pk": request.pk})
    assert f'action="{decline}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decline)
        client.post(decline)  # twice: still one answer
    request.refresh_from_db()
    assert request.state == RequestState.DECLINED and request.answered_by == world.amina
    assert not Consent.objects.exists() and not Referral.objects.exists() and not DisclosureRecord.objects.exists()
    assert AuditEvent.objects.filter(code="referrals.consent_request.declined").count() == 1
    told = Delivery.objects.get(recipient=world.rosa, outbox__kind="referrals.consent_answered")
    assert told.language == "es" and "no" in told.subject and "Layla" in told.body
    page = client.get(reverse("referrals:consent_answer", kwargs={"pk": request.pk})).content.decode()
    assert "تمت الإجابة على هذا الطلب" in page


def test_a_family_saying_no_may_say_why_and_the_coordinator_reads_it(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    request = _ask(client, world, "automatic", django_capture_on_commit_callbacks)
    client.force_login(world.amina)
    page = client.get(reverse("referrals:consent_answer", kwargs={"pk": request.pk})).content.decode()
    assert 'name="decline-reason"' in page
    decline = reverse("referrals:consent_decline", kwargs={"pk": request.pk})
    reason = "نفضّل أن نتحدث مع المعلمة أولاً"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decline, {"decline-reason": f"  {reason}  "})
    request.refresh_from_db()
    assert request.state == RequestState.DECLINED and request.decline_reason == reason
    told = Delivery.objects.get(recipient=world.rosa, outbox__kind="referrals.consent_answered")
    assert reason in told.body
    client.force_login(world.rosa)
    follow = client.get(reverse("referrals:consent_request", kwargs={"pk": request.pk})).content.decode()
    assert reason in follow


def test_a_reason_too_long_is_refused_and_nothing_is_answered(client: Any, world: World) -> None:
    request = layla_consent_request(world)
    client.force_login(world.amina)
    decline = reverse("referrals:consent_decline", kwargs={"pk": request.pk})
    response = client.post(decline, {"decline-reason": "x" * 1001}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and 'href="#id_decline-reason"' in page
    request.refresh_from_db()
    assert request.state == RequestState.PENDING and request.decline_reason == ""
    assert not AuditEvent.objects.filter(code="referrals.consent_request.declined").exists()


def test_the_familys_home_lists_what_waits_for_its_answer(client: Any, world: World) -> None:
    request = layla_consent_request(world)
    link = reverse("referrals:consent_answer", kwargs={"pk": request.pk})
    client.force_login(world.amina)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{link}"' in home and "Northside Family Health Clinic" in home
    client.force_login(world.lucas)  # another student's account
    assert link not in client.get(reverse("home")).content.decode()
    make_consent(world)  # signed on the blank form: that answers the request too
    client.force_login(world.amina)
    assert link not in client.get(reverse("home")).content.decode()


def test_a_withdrawn_request_says_so_and_cannot_be_signed(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    request = layla_consent_request(world)
    client.force_login(world.amina)
    url = reverse("referrals:consent_answer", kwargs={"pk": request.pk})
    fields = served_form(client.get(url).content.decode())
    fields["confirm"] = ["on"]
    client.force_login(world.rosa)
    client.post(reverse("referrals:consent_withdraw", kwargs={"pk": request.pk}))
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN
    client.force_login(world.amina)
    page = client.get(url).content.decode()
    assert "سحبت المدرسة هذا الطلب" in page and "<form" not in page.split("<main", 1)[-1].split("</main>")[0]
    response = client.post(url, fields)  # a form opened before the school withdrew it
    assert "سحبت المدرسة هذا الطلب" in response.content.decode()
    assert not Consent.objects.exists() and not Referral.objects.exists()


def test_an_expired_request_says_so(client: Any, world: World) -> None:
    request = layla_consent_request(world)
    ConsentRequest.objects.filter(pk=request.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(world.amina)
    page = client.get(reverse("referrals:consent_answer", kwargs={"pk": request.pk})).content.decode()
    assert "انتهت صلاحية هذا الطلب" in page
    home = client.get(reverse("home")).content.decode()
    assert reverse("referrals:consent_answer", kwargs={"pk": request.pk}) not in home


@pytest.mark.parametrize("persona", ["rosa", "lucas", "omar", "mai"])
def test_someone_elses_request_is_not_found(client: Any, world: World, persona: str) -> None:
    request = layla_consent_request(world)
    client.force_login(world.persona(persona))
    url = reverse("referrals:consent_answer", kwargs={"pk": request.pk})
    assert client.get(url).status_code == 404
    assert client.get(reverse("referrals:consent_answer", kwargs={"pk": request.pk + 100})).status_code == 404
    assert client.post(reverse("referrals:consent_decline", kwargs={"pk": request.pk})).status_code == 404
    request.refresh_from_db()
    assert request.state == RequestState.PENDING


def test_the_family_cannot_share_more_or_longer_than_asked(client: Any, world: World) -> None:
    request = layla_consent_request(world)
    client.force_login(world.amina)
    url = reverse("referrals:consent_answer", kwargs={"pk": request.pk})
    fields = served_form(client.get(url).content.decode())
    fields["confirm"] = ["on"]
    more = client.post(url, {**fields, "elements": ["name", "english_learner"]})
    assert more.status_code == 200 and 'role="alert"' in more.content.decode()
    later = request.valid_until + datetime.timedelta(days=30)
    longer = client.post(url, {**fields, "valid_until": later.isoformat()})
    assert 'aria-invalid="true"' in longer.content.decode() or 'role="alert"' in longer.content.decode()
    none = client.post(url, {**fields, "elements": []})
    assert 'role="alert"' in none.content.decode()
    assert not Consent.objects.exists() and not Referral.objects.exists()
    request.refresh_from_db()
    assert request.state == RequestState.PENDING


def test_the_request_form_refuses_a_past_end_date(client: Any, world: World) -> None:
    service = clinic_tutoring(world)
    client.force_login(world.rosa)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("referrals:request_consent", kwargs={"pk": world.layla.pk, "service_pk": service.pk}),
        {"elements": ["name"], "valid_until": yesterday.isoformat(), "send": "automatic", "submission_key": "k"},
    )
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert re.search(r'name="valid_until"', response.content.decode())
    assert not ConsentRequest.objects.exists()
