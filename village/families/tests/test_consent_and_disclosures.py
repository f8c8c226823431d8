from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.audit.models import AuditEvent
from village.families.actions import disclose, share_student_summary, withdraw_consent
from village.families.disclosure import NotCovered
from village.families.models import AppendOnlyError, Consent, DisclosureRecord, OtherLegalBasis
from village.families.models.consent import NeverDeleted
from village.families.tests.helpers import make_consent
from village.families.vocab import Channel


def _consent_post(w: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "recipient": w.clinic.pk,
        "elements": ["name", "grade", "needs"],
        "purpose": "referral",
        "valid_until": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "signer_name": "Amina Hassan",
        "signer_relationship": "parent",
        "confirm": "on",
    }
    data.update(overrides)
    return data


def test_a_parent_signs_consent_on_the_phone_in_arabic(login: Any, world: World) -> None:
    client = login("amina")
    response = client.post(
        reverse("families:consent_new", kwargs={"pk": world.layla.pk}), _consent_post(world), HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.signed_by == world.amina
    assert consent.language == "ar"  # Amina reads Village in Arabic
    assert consent.method == "electronic"
    assert consent.elements == ["grade", "name", "needs"]
    assert AuditEvent.objects.filter(code="families.consent.given").exists()
    page = client.get(reverse("families:consents", kwargs={"pk": world.layla.pk})).content.decode()
    assert "Northside Family Health Clinic" in page


def _make_adult(student: Any, years: int = 18) -> None:
    today = timezone.localdate()
    student.birth_date = today.replace(year=today.year - years)
    student.save()


def test_a_student_of_18_signs_and_withdraws_their_own_consent(login: Any, world: World) -> None:
    _make_adult(world.lucas.student_record)
    student = world.lucas.student_record
    client = login("lucas", language="en")
    home = client.get(reverse("home")).content.decode()
    assert reverse("families:consents", kwargs={"pk": student.pk}) in home
    form = client.get(reverse("families:consent_new", kwargs={"pk": student.pk})).content.decode()
    assert "The student (18 or older)" in form and ">Parent<" not in form
    response = client.post(
        reverse("families:consent_new", kwargs={"pk": student.pk}),
        _consent_post(world, signer_name="Lucas Pereira", signer_relationship="adult_student"),
    )
    assert response.status_code == 302
    consent = Consent.objects.get(student=student)
    assert consent.signed_by == world.lucas and consent.signer_relationship == "adult_student"
    client.post(reverse("families:consent_withdraw", kwargs={"pk": consent.pk}))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert client.get(reverse("families:disclosures", kwargs={"pk": student.pk})).status_code == 200


def test_a_student_under_18_cannot_sign_and_sees_no_consent_pages(login: Any, world: World) -> None:
    _make_adult(world.lucas.student_record, years=17)
    student = world.lucas.student_record
    client = login("lucas", language="en")
    assert reverse("families:consents", kwargs={"pk": student.pk}) not in client.get(reverse("home")).content.decode()
    for name in ("families:consents", "families:consent_new", "families:disclosures"):
        assert client.get(reverse(name, kwargs={"pk": student.pk})).status_code == 404
    response = client.post(
        reverse("families:consent_new", kwargs={"pk": student.pk}),
        _consent_post(world, signer_name="Lucas Pereira", signer_relationship="adult_student"),
    )
    assert response.status_code == 404 and not Consent.objects.exists()


def test_parents_no_longer_sign_once_the_student_is_18(login: Any, world: World) -> None:
    _make_adult(world.layla)
    client = login("amina", language="en")
    page = client.get(reverse("families:consents", kwargs={"pk": world.layla.pk})).content.decode()
    assert "Layla is 18 or older" in page
    assert reverse("families:consent_new", kwargs={"pk": world.layla.pk}) not in page
    response = client.post(reverse("families:consent_new", kwargs={"pk": world.layla.pk}), _consent_post(world))
    assert response.status_code == 404 and not Consent.objects.exists()


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"signer_name": ""}, "signer_name"),
        ({"valid_until": "2001-01-01"}, "valid_until"),
        ({"recipient": "999999"}, "recipient"),
        ({"confirm": ""}, "confirm"),
        ({"elements": []}, "elements"),
    ],
)
def test_bad_consents_are_refused_on_the_field(login: Any, world: World, override: dict[str, Any], field: str) -> None:
    client = login("amina")
    data = {k: v for k, v in _consent_post(world, **override).items() if v != ""}
    response = client.post(reverse("families:consent_new", kwargs={"pk": world.layla.pk}), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Consent.objects.exists()


def test_an_expiry_in_the_past_says_so(login: Any, world: World) -> None:
    client = login("amina", language="en")
    response = client.post(
        reverse("families:consent_new", kwargs={"pk": world.layla.pk}), _consent_post(world, valid_until="2001-01-01")
    )
    assert "The end date is in the past" in response.content.decode()


def test_a_partner_from_another_region_is_refused(login: Any, world: World) -> None:
    from village.orgs.models import Organization, Region

    elsewhere = Region.objects.create(name="Elsewhere", slug="elsewhere")
    far = Organization.objects.create(region=elsewhere, name="Far Clinic", partner_type="health")
    response = login("amina").post(
        reverse("families:consent_new", kwargs={"pk": world.layla.pk}), _consent_post(world, recipient=far.pk)
    )
    assert "recipient" in response.context["form"].errors


def test_a_grandparent_cannot_sign(login: Any, world: World) -> None:
    from village.families.models import HouseholdMember

    HouseholdMember.objects.filter(user=world.amina).update(relationship="grandparent")
    response = login("amina").post(reverse("families:consent_new", kwargs={"pk": world.layla.pk}), _consent_post(world))
    assert "signer_relationship" in response.context["form"].errors
    assert not Consent.objects.exists()


def test_staff_record_a_paper_consent_with_its_scan(login: Any, world: World, settings: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from village.demo.scans import pdf

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    client = login("rosa")
    data = _consent_post(world, signer_name="Amina Hassan", signed_on=timezone.localdate().isoformat(), language="ara")
    data.pop("confirm")
    signed = pdf(["Signed"])
    data["scan"] = SimpleUploadedFile("consent.pdf", signed, content_type="application/pdf")
    response = client.post(reverse("families:consent_paper", kwargs={"pk": world.layla.pk}), data)
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.method == "paper"
    assert consent.recorded_by == world.rosa
    assert consent.signed_by is None
    assert consent.scan.read() == signed


def test_a_paper_consent_without_a_scan_is_refused(login: Any, world: World) -> None:
    data = _consent_post(world, signed_on=timezone.localdate().isoformat(), language="ara")
    response = login("rosa").post(reverse("families:consent_paper", kwargs={"pk": world.layla.pk}), data)
    assert "scan" in response.context["form"].errors
    assert not Consent.objects.exists()


def test_disclosure_covered_by_consent_is_recorded(world: World) -> None:
    consent = make_consent(world)
    record = disclose(world.rosa, world.layla, world.clinic, ["name", "needs"], "referral", Channel.REFERRAL)
    assert record.consent == consent
    assert record.elements == ["name", "needs"]
    assert record.disclosed_by == world.rosa


ALL_PATHS = [c for c, _label in Channel.choices]


@pytest.mark.parametrize("channel", ALL_PATHS)
def test_every_disclosure_path_without_consent_is_refused_and_unrecorded(world: World, channel: str) -> None:
    with pytest.raises(NotCovered):
        disclose(world.rosa, world.layla, world.clinic, ["name"], "referral", channel)
    assert not DisclosureRecord.objects.exists()


@pytest.mark.parametrize(
    ("elements", "purpose", "partner"),
    [
        (["name", "disability"], "referral", "clinic"),  # an element the consent does not name
        (["name"], "evaluation", "clinic"),  # another purpose
        (["name"], "referral", "tutoring"),  # another partner
    ],
)
def test_consent_covers_only_its_partner_elements_and_purpose(
    world: World, elements: list[str], purpose: str, partner: str
) -> None:
    make_consent(world)
    with pytest.raises(NotCovered):
        disclose(world.rosa, world.layla, getattr(world, partner), elements, purpose, Channel.REFERRAL)
    assert not DisclosureRecord.objects.exists()


def test_withdrawn_consent_blocks_disclosure_at_once(world: World) -> None:
    consent = make_consent(world)
    disclose(world.rosa, world.layla, world.clinic, ["name"], "referral", Channel.REFERRAL)
    withdraw_consent(world.amina, consent)
    with pytest.raises(NotCovered):
        disclose(world.rosa, world.layla, world.clinic, ["name"], "referral", Channel.REFERRAL)
    assert DisclosureRecord.objects.count() == 1
    consent.refresh_from_db()
    assert consent.withdrawn_by == world.amina
    assert consent.history.count() == 2  # signed, then withdrawn: history kept


def test_an_expired_or_future_consent_does_not_cover(world: World) -> None:
    today = timezone.localdate()
    make_consent(world, valid_from=today - timedelta(days=30), valid_until=today - timedelta(days=1))
    make_consent(world, valid_from=today + timedelta(days=1), valid_until=today + timedelta(days=30))
    with pytest.raises(NotCovered):
        disclose(world.rosa, world.layla, world.clinic, ["name"], "referral", Channel.REFERRAL)


def test_a_recorded_emergency_basis_covers_without_consent(world: World) -> None:
    today = timezone.localdate()
    basis = OtherLegalBasis.objects.create(
        district=world.riverbend,
        student=world.layla,
        recipient=world.clinic,
        kind="health_safety_emergency",
        elements=["name", "contact"],
        purpose="coordination",
        justification="Severe allergic reaction on a field trip.",
        valid_from=today,
        valid_until=today,
        recorded_by=world.dana,
    )
    record = disclose(world.dana, world.layla, world.clinic, ["contact"], "coordination", Channel.PAPER)
    assert record.legal_basis == basis and record.consent is None


def test_a_partner_in_another_region_is_never_covered(world: World) -> None:
    from village.orgs.models import Organization, Region

    far = Organization.objects.create(
        region=Region.objects.create(name="X", slug="x"), name="Far", partner_type="health"
    )
    make_consent(world, recipient=far)
    with pytest.raises(NotCovered):
        disclose(world.rosa, world.layla, far, ["name"], "referral", Channel.REFERRAL)


def test_disclosure_is_rolled_back_with_the_callers_transaction(world: World) -> None:
    from django.db import transaction

    make_consent(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        disclose(world.rosa, world.layla, world.clinic, ["name"], "referral", Channel.REFERRAL)
        raise RuntimeError("the referral failed to save")
    assert not DisclosureRecord.objects.exists()


def test_disclosure_records_cannot_be_changed_or_deleted(world: World) -> None:
    make_consent(world)
    record = disclose(world.rosa, world.layla, world.clinic, ["name"], "referral", Channel.REFERRAL)
    record.purpose_detail = "edited"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        DisclosureRecord.objects.filter(pk=record.pk).update(purpose_detail="edited")
    with pytest.raises(AppendOnlyError):
        DisclosureRecord.objects.all().delete()
    assert DisclosureRecord.objects.get().purpose_detail == ""


def test_consents_are_never_deleted(world: World) -> None:
    consent = make_consent(world)
    with pytest.raises(NeverDeleted):
        consent.delete()
    with pytest.raises(NeverDeleted):
        Consent.objects.all().delete()


def test_the_family_withdraws_through_the_page(login: Any, world: World) -> None:
    consent = make_consent(world)
    client = login("amina", language="en")
    url = reverse("families:consent_withdraw", kwargs={"pk": consent.pk})
    assert "Withdraw consent" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    with pytest.raises(NotCovered):
        share_student_summary(world.rosa, world.layla, world.clinic, ["name"], "referral")


def test_a_coordinator_shares_a_summary_only_when_covered(login: Any, world: World) -> None:
    client = login("rosa", language="en")
    url = reverse("families:share", kwargs={"pk": world.layla.pk})
    data = {"recipient": world.clinic.pk, "elements": ["name", "grade"], "purpose": "referral"}
    refused = client.post(url, data)
    assert "No current consent covers" in refused.content.decode()
    assert not DisclosureRecord.objects.exists()
    make_consent(world)
    shared = client.post(url, data)
    assert shared.status_code == 200
    assert DisclosureRecord.objects.get().channel == "summary"
    assert "Student summary for Northside Family Health Clinic" in shared.content.decode()


def test_the_family_sees_who_saw_what_when_and_why(
    login: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    make_consent(world)
    for _ in range(3):
        disclose(
            world.rosa,
            world.layla,
            world.clinic,
            ["name", "needs"],
            "referral",
            Channel.REFERRAL,
            purpose_detail="Dental care",
        )
    client = login("amina")
    with django_assert_max_num_queries(10):
        page = client.get(reverse("families:disclosures", kwargs={"pk": world.layla.pk})).content.decode()
    assert page.count("Northside Family Health Clinic") == 3
    assert "Dental care" in page
    assert "Rosa" not in page.split("<main", 1)[1]  # staff names stay internal; the family sees the school acted


def test_a_lead_exports_the_record_as_csv(login: Any, world: World) -> None:
    make_consent(world)
    disclose(world.rosa, world.layla, world.clinic, ["name"], "referral", Channel.REFERRAL)
    response = login("dana").get(reverse("families:disclosure_export", kwargs={"slug": "riverbend"}))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("disclosed_at,student_id")
    assert "RB-1" in lines[1] and "Northside Family Health Clinic" in lines[1] and "consent" in lines[1]


def test_the_api_lists_disclosures_for_a_lead(client: Any, world: World) -> None:
    from village.accounts.actions import create_api_token

    make_consent(world)
    disclose(world.rosa, world.layla, world.clinic, ["name"], "referral", Channel.REFERRAL)
    token = create_api_token(world.dana, name="t", scopes=["disclosures:read"])
    body = client.get("/api/v1/disclosures", headers={"Authorization": f"Bearer {token.secret}"}).json()
    assert body["count"] == 1
    assert body["items"][0]["recipient"] == "Northside Family Health Clinic"
    assert body["items"][0]["legal_basis"] == "consent"
    no_scope = create_api_token(world.dana, name="u", scopes=["orgs:read"])
    assert client.get("/api/v1/disclosures", headers={"Authorization": f"Bearer {no_scope.secret}"}).status_code == 403


def test_a_family_records_a_directory_opt_out(login: Any, world: World) -> None:
    client = login("amina")
    client.post(reverse("families:directory_opt_out", kwargs={"pk": world.layla.pk}), {"opt_out": "on"})
    world.layla.refresh_from_db()
    assert world.layla.directory_opt_out
    assert world.layla.history.count() == 2


def _basis_post(w: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "health_safety_emergency",
        "recipient": w.clinic.pk,
        "elements": ["name", "needs"],
        "purpose": "referral",
        "justification": "Severe allergic reaction at school; the clinic's nurse needs the care plan now.",
        "valid_until": (timezone.localdate() + timedelta(days=3)).isoformat(),
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_an_emergency_basis_that_covers_until_ended(login: Any, world: World) -> None:
    client = login("rosa", language="en")
    url = reverse("families:legal_basis_new", kwargs={"pk": world.layla.pk})
    assert client.post(url, _basis_post(world)).status_code == 302
    basis = OtherLegalBasis.objects.get()
    assert basis.recorded_by == world.rosa and basis.elements == ["name", "needs"]
    record = disclose(world.rosa, world.layla, world.clinic, ["needs"], "referral", Channel.REFERRAL)
    assert record.legal_basis == basis and record.consent is None
    # The family sees the basis and the disclosure made under it.
    family = login("amina", language="en")
    page = family.get(reverse("families:consents", kwargs={"pk": world.layla.pk})).content.decode()
    assert "Severe allergic reaction" in page and "Health or safety emergency" in page and "End it now" not in page
    assert family.post(reverse("families:legal_basis_end", kwargs={"pk": basis.pk})).status_code == 404
    client = login("rosa", language="en")
    client.post(reverse("families:legal_basis_end", kwargs={"pk": basis.pk}))
    with pytest.raises(NotCovered):
        disclose(world.rosa, world.layla, world.clinic, ["needs"], "referral", Channel.REFERRAL)
    assert DisclosureRecord.objects.count() == 1
    assert AuditEvent.objects.filter(code="families.legal_basis.ended").exists()


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"justification": "because"}, "justification", "at least 20 characters"),
        ({"valid_until": "2001-01-01"}, "valid_until", "in the past"),
        ({"recipient": "999999"}, "recipient", "not in Village's directory"),
        ({"elements": []}, "elements", "at least one kind"),
        ({"valid_until": (timezone.localdate() + timedelta(days=90)).isoformat()}, "valid_until", "at most 30 days"),
    ],
)
def test_bad_legal_bases_are_refused_on_the_field(
    login: Any, world: World, override: dict[str, Any], field: str, message: str
) -> None:
    client = login("rosa", language="en")
    response = client.post(
        reverse("families:legal_basis_new", kwargs={"pk": world.layla.pk}), _basis_post(world, **override)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not OtherLegalBasis.objects.exists()
