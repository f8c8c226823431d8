"""The referral form carries what the family's consent covers: ticked as served, anything else
refused by name with the way to get it; a partner adds notes from its own page."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse
from django.utils import translation

from conftest import World
from village.families.models import DisclosureRecord
from village.families.tests.helpers import make_consent
from village.lib.languages import language_label
from village.referrals.models import ConsentRequest, NoteVisibility, Referral, ReferralNote
from village.referrals.tests.helpers import clinic_tutoring, layla_need, layla_referral, served_form


def _refer_url(w: World) -> str:
    return reverse("referrals:refer", kwargs={"pk": layla_need(w).pk, "service_pk": clinic_tutoring(w).pk})


def test_a_consent_for_home_language_only_ticks_it_and_the_form_as_served_sends_it(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    url = _refer_url(world)
    make_consent(world, elements=("home_language",))
    client.force_login(world.rosa)  # Rosa, coordinator at Lincoln
    served = served_form(client.get(url).content.decode())
    assert served["elements"] == ["home_language"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, served)
    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert referral.elements == ["home_language"] and referral.consent is not None
    assert DisclosureRecord.objects.get().elements == ["home_language"]
    assert any(world.mai.email in m.to for m in mail.outbox)
    # The partner learns the family reads Arabic (in the partner's own language), and nothing else.
    client.force_login(world.mai)
    page = client.get(reverse("referrals:detail", kwargs={"pk": referral.pk})).content.decode()
    with translation.override(world.mai.preferred_language):
        assert language_label("ar") in page
    assert "Layla" not in page


def test_a_consent_covering_several_elements_ticks_exactly_those(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    url = _refer_url(world)
    make_consent(world, elements=("needs", "name", "home_language", "grade"))
    client.force_login(world.rosa)
    served = served_form(client.get(url).content.decode())
    assert served["elements"] == ["name", "grade", "home_language", "needs"]  # not contact, not school
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, served)
    assert Referral.objects.get().elements == ["grade", "home_language", "name", "needs"]


def test_quick_referral_ticks_what_the_consent_covers_once_the_service_is_chosen(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    service = clinic_tutoring(world)
    make_consent(world, elements=("name", "home_language"))
    client.force_login(world.rosa)
    url = reverse("referrals:quick_refer", kwargs={"pk": world.layla.pk})
    assert "elements" not in served_form(client.get(url).content.decode())  # no partner yet: nothing ticked
    # Choosing the service and sending ticks what the consent covers, to check before sending.
    page = client.post(url, {**served_form(client.get(url).content.decode()), "service": [str(service.pk)]})
    assert not Referral.objects.exists()
    served = served_form(page.content.decode())
    assert served["elements"] == ["name", "home_language"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, served)
    assert Referral.objects.get().elements == ["home_language", "name"]
    # Linked with the service named, the page is served ticked at once.
    served = served_form(client.get(f"{url}?service={service.pk}").content.decode())
    assert served["service"] == [str(service.pk)] and served["elements"] == ["name", "home_language"]


def test_ticking_what_the_consent_does_not_cover_names_it_in_the_readers_language_and_offers_to_ask(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    url = _refer_url(world)
    service = clinic_tutoring(world)
    make_consent(world, elements=("name", "home_language"))
    client.force_login(world.rosa)  # Rosa reads Spanish
    served = served_form(client.get(url).content.decode())
    served["elements"] = [*served["elements"], "contact"]
    page = client.post(url, served).content.decode()
    assert not Referral.objects.exists() and not DisclosureRecord.objects.exists()
    # "Family contact details" named, and how to get it: ask the family.
    assert "no cubre «Datos de contacto de la familia». Desmárquelo o pida a la familia su consentimiento" in page
    assert 'aria-invalid="true"' in page and 'role="alert"' in page
    ask = reverse("referrals:request_consent", kwargs={"pk": world.layla.pk, "service_pk": service.pk})
    assert f'formaction="{ask}"' in page
    # Asking from the same form asks the family for exactly what is ticked.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask, served_form(page))
    request = ConsentRequest.objects.get()
    assert request.elements == ["contact", "home_language", "name"] and request.need == layla_need(world)


def test_partner_staff_add_a_note_from_their_page_and_the_school_reads_it(client: Any, world: World) -> None:
    referral = layla_referral(world)
    page_url = reverse("referrals:detail", kwargs={"pk": referral.pk})
    note_url = reverse("referrals:note", kwargs={"pk": referral.pk})
    client.force_login(world.mai)  # Mai, partner staff at the clinic
    served = served_form(client.get(page_url).content.decode(), note_url)
    assert "visibility" not in served  # nothing to choose: the school always reads a partner's note
    served["text"] = ["We called the family; first session on Tuesday."]
    page = client.post(note_url, served, follow=True).content.decode()
    note = ReferralNote.objects.get()
    assert note.author == world.mai and note.visibility == NoteVisibility.SHARED
    assert "first session on Tuesday" in page
    client.force_login(world.rosa)
    assert "first session on Tuesday" in client.get(page_url).content.decode()
    client.force_login(world.amina)  # the family does not read notes
    assert "first session on Tuesday" not in client.get(page_url).content.decode()


def test_school_notes_stay_with_the_school_unless_shared(client: Any, world: World) -> None:
    referral = layla_referral(world)
    page_url = reverse("referrals:detail", kwargs={"pk": referral.pk})
    note_url = reverse("referrals:note", kwargs={"pk": referral.pk})
    client.force_login(world.rosa)
    served = served_form(client.get(page_url).content.decode(), note_url)
    assert served["visibility"] == [NoteVisibility.SCHOOL]
    client.post(note_url, {**served, "text": ["Mother prefers calls after 5."]})
    assert ReferralNote.objects.get().visibility == NoteVisibility.SCHOOL
    client.force_login(world.mai)
    assert "Mother prefers calls" not in client.get(page_url).content.decode()
