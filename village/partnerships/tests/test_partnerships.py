from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from conftest import World
from village.messaging.models import Delivery, DeliveryStatus
from village.partnerships.models import (
    Agreement,
    FundingSource,
    Milestone,
    Partnership,
    PartnershipOrganization,
    PlanTask,
    StatusChange,
)
from village.partnerships.tests.matrix import clinic_partnership


@pytest.fixture(autouse=True)
def _read_in_english(request: pytest.FixtureRequest, world: World) -> None:
    """These tests check behaviour through English text; tests named for languages keep the personas' own."""
    from village.accounts.models import User

    if "language" in request.node.name:
        return
    User.objects.update(preferred_language="en")
    for name in ("dana", "rosa", "sam", "mai", "amina", "lucas", "grace", "omar", "pat"):
        world.persona(name).preferred_language = "en"


def _agreement_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Clinic MOU",
        "purpose": "Healthy learners",
        "school_roles": "Space on Tuesdays",
        "partner_roles": "A nurse practitioner",
        "decision_authority": "Joint steering group",
        "data_elements": ["attendance"],
        "data_purposes": "Follow up on absences",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "renewal_terms": "Renew yearly",
        "metrics-TOTAL_FORMS": "3",
        "metrics-INITIAL_FORMS": "0",
        "metrics-MIN_NUM_FORMS": "0",
        "metrics-MAX_NUM_FORMS": "20",
        "metrics-0-name": "Students seen",
        "metrics-0-target": "200 a year",
        "metrics-0-measurement": "Clinic log",
        "metrics-0-frequency": "quarterly",
        "metrics-1-frequency": "quarterly",
        "metrics-2-frequency": "quarterly",
    }
    data.update(overrides)
    return data


def test_a_coordinator_starts_a_partnership_and_becomes_its_champion_and_signer(client: Any, world: World) -> None:
    client.force_login(world.rosa)
    response = client.post(
        reverse("partnerships:create", kwargs={"slug": "riverbend"}),
        {
            "name": "Lincoln health",
            "organizations": [world.clinic.pk],
            "partner_type": "health",
            "schools": [world.lincoln.pk],
            "shared_goals": "Fewer missed days",
            "seats": "40",
        },
    )
    partnership = Partnership.objects.get(name="Lincoln health")
    assert response["Location"] == partnership.get_absolute_url()
    assert partnership.school_champion == world.rosa and partnership.school_signer == world.rosa
    assert StatusChange.objects.filter(partnership=partnership, to_status="exploring").count() == 1
    client.force_login(world.mai)
    assert client.get(partnership.get_absolute_url()).status_code == 200
    client.force_login(world.pat)
    assert client.get(partnership.get_absolute_url()).status_code == 404


def test_partner_staff_propose_a_partnership_and_the_school_side_is_told(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.rosa.preferred_language = "es"
    world.rosa.save()
    client.force_login(world.mai)
    form_page = client.get(reverse("partnerships:create", kwargs={"slug": "riverbend"})).content.decode()
    assert "Propose the partnership" in form_page and "Eastside Tutoring" not in form_page
    fields = {
        "name": "Clinic at Lincoln",
        "partner_type": "health",
        "schools": [world.lincoln.pk],
        "shared_goals": "Vision screening",
        "seats": "30",
    }
    # Another organization's name cannot be put forward by Mai.
    refused = client.post(
        reverse("partnerships:create", kwargs={"slug": "riverbend"}), {**fields, "organizations": [world.tutoring.pk]}
    )
    assert refused.status_code == 200 and refused.context["form"].errors["organizations"]
    assert not Partnership.objects.filter(name="Clinic at Lincoln").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("partnerships:create", kwargs={"slug": "riverbend"}), {**fields, "organizations": [world.clinic.pk]}
        )
    partnership = Partnership.objects.get(name="Clinic at Lincoln")
    member = partnership.members.get()
    assert partnership.status == "exploring" and partnership.school_signer is None
    assert member.champion == world.mai and member.signer == world.mai
    notice = [m for m in mail.outbox if world.rosa.email in m.to]
    assert len(notice) == 1 and "Clinic at Lincoln" in notice[0].subject
    assert "propone" in notice[0].body  # in Rosa's language
    # The coordinator now sees it and names the school side.
    client.force_login(world.rosa)
    assert client.get(partnership.get_absolute_url()).status_code == 200


def test_a_partnership_needs_a_school_or_district_wide(client: Any, world: World) -> None:
    client.force_login(world.rosa)
    response = client.post(
        reverse("partnerships:create", kwargs={"slug": "riverbend"}),
        {"name": "X", "organizations": [world.clinic.pk], "partner_type": "health", "shared_goals": "g", "seats": "0"},
    )
    assert response.context["form"].errors["schools"]
    assert not Partnership.objects.filter(name="X").exists()


def test_partner_staff_edit_their_side_but_a_signer_from_another_org_is_refused(client: Any, world: World) -> None:
    p = clinic_partnership(world)
    url = reverse("partnerships:partner_side", kwargs={"pk": p.pk, "organization_pk": world.clinic.pk})
    client.force_login(world.mai)
    response = client.post(url, {"champion": world.mai.pk, "signer": world.pat.pk, "services": "Vision checks"})
    assert response.status_code == 200  # pat is not clinic staff: not even a choice
    assert "signer" in response.context["form"].errors
    response = client.post(url, {"champion": world.mai.pk, "signer": world.mai.pk, "services": "Vision checks"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.services == "Vision checks"
    assert PartnershipOrganization.objects.get(partnership=p).champion == world.mai


def test_status_changes_are_kept_as_history(client: Any, world: World) -> None:
    p = clinic_partnership(world)
    client.force_login(world.dana)
    client.post(reverse("partnerships:status", kwargs={"pk": p.pk}), {"status": "active", "note": "Launched"})
    p.refresh_from_db()
    assert p.status == "active"
    assert list(StatusChange.objects.filter(partnership=p).values_list("to_status", flat=True)) == ["active"]
    client.force_login(world.mai)
    client.post(reverse("partnerships:status", kwargs={"pk": p.pk}), {"status": "ended"})
    p.refresh_from_db()
    assert p.status == "active"  # partner staff cannot change the status (404)


def _write_agreement(client: Any, world: World, **overrides: Any) -> Any:
    p = clinic_partnership(world)
    client.force_login(world.rosa)
    response = client.post(reverse("partnerships:agreement_create", kwargs={"pk": p.pk}), _agreement_data(**overrides))
    return p, response


def test_an_agreement_that_ends_before_it_starts_is_refused(client: Any, world: World) -> None:
    _p, response = _write_agreement(client, world, start_date="2026-06-01", end_date="2026-01-01")
    assert response.context["form"].errors["end_date"]
    assert not Agreement.objects.exists()


def test_both_signatures_make_the_agreement_active(client: Any, world: World) -> None:
    p, _response = _write_agreement(client, world)
    agreement = Agreement.objects.get(partnership=p)
    assert agreement.versions.get().metrics.get().name == "Students seen"
    sign = reverse("partnerships:agreement_sign", kwargs={"pk": agreement.pk, "number": 1})
    client.post(sign, {"organization": ""}, REMOTE_ADDR="203.0.113.9")
    agreement.refresh_from_db()
    assert agreement.active_version is None
    client.force_login(world.mai)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Sign version 1" in page
    client.post(sign, {"organization": str(world.clinic.pk)})
    agreement.refresh_from_db()
    assert agreement.active_version is not None
    sig = agreement.active_version.signatures.get(organization=None)
    assert sig.signer == world.rosa and sig.ip_address == "203.0.113.9"


def test_behind_a_trusted_proxy_the_signature_records_the_clients_address(
    client: Any, world: World, settings: Any
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    p, _response = _write_agreement(client, world)
    agreement = Agreement.objects.get(partnership=p)
    sign = reverse("partnerships:agreement_sign", kwargs={"pk": agreement.pk, "number": 1})
    # A client may send its own X-Forwarded-For; only the entry our proxy appended counts.
    client.post(sign, {"organization": ""}, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert agreement.versions.get().signatures.get().ip_address == "198.51.100.7"


def test_a_signer_without_authority_is_refused(client: Any, world: World) -> None:
    p, _response = _write_agreement(client, world)
    agreement = Agreement.objects.get(partnership=p)
    client.force_login(world.dana)  # a lead, but Rosa is the designated school-side signer
    response = client.post(
        reverse("partnerships:agreement_sign", kwargs={"pk": agreement.pk, "number": 1}),
        {"organization": ""},
        follow=True,
    )
    assert "You are not the authorized signer for this party." in response.content.decode()
    assert not agreement.versions.get().signatures.exists()


def test_signing_an_outdated_version_is_refused_with_an_explanation(client: Any, world: World) -> None:
    p, _response = _write_agreement(client, world)
    agreement = Agreement.objects.get(partnership=p)
    data = _agreement_data(purpose="Healthy learners and families")
    data.pop("title")
    client.post(reverse("partnerships:agreement_revise", kwargs={"pk": agreement.pk}), data)
    assert agreement.versions.count() == 2
    response = client.post(
        reverse("partnerships:agreement_sign", kwargs={"pk": agreement.pk, "number": 1}),
        {"organization": ""},
        follow=True,
    )
    assert "Version 1 was replaced by version 2" in response.content.decode()
    assert not agreement.versions.get(number=1).signatures.exists()


def test_the_printable_view_and_pdf_render(client: Any, world: World) -> None:
    p, _response = _write_agreement(client, world)
    agreement = Agreement.objects.get(partnership=p)
    world.rosa.preferred_language = "ar"
    world.rosa.save()
    html = client.get(reverse("partnerships:agreement_print", kwargs={"pk": agreement.pk})).content.decode()
    assert 'dir="rtl"' in html and "Healthy learners" in html
    pdf = client.get(reverse("partnerships:agreement_pdf", kwargs={"pk": agreement.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("language", "heading", "font"),
    [
        ("ar", "", "NotoSansArabic"),  # shaped Arabic extracts as presentation forms: see below
        ("zh-hans", "签约方", "NotoSansSC"),
        ("vi", "Các bên", "NotoSans"),
        ("es", "Partes", "NotoSans"),
    ],
)
def test_the_pdf_is_written_in_the_readers_language(
    client: Any, world: World, language: str, heading: str, font: str
) -> None:
    from pypdf import PdfReader

    p, _response = _write_agreement(client, world)
    agreement = Agreement.objects.get(partnership=p)
    world.rosa.preferred_language = language
    world.rosa.save()
    response = client.get(reverse("partnerships:agreement_pdf", kwargs={"pk": agreement.pk}))
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert heading in text
    if language == "ar":
        assert sum("\u0600" <= ch <= "\u06ff" for ch in text) > 100
    assert any(font in name for name in fonts), fonts
    assert "Lincoln" in text  # a Latin name inside Arabic or Chinese falls back to Noto Sans


def _active_agreement(world: World, end: datetime.date) -> Agreement:
    from village.partnerships.models import AgreementVersion

    p = clinic_partnership(world)
    p.school_champion = world.rosa
    p.save()
    agreement = Agreement.objects.create(partnership=p, district=world.riverbend, title="Clinic MOU")
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=1,
        purpose="p",
        school_roles="s",
        partner_roles="r",
        decision_authority="d",
        start_date=datetime.date(2025, 1, 1),
        end_date=end,
    )
    agreement.active_version = version
    agreement.save()
    return agreement


def test_expired_agreements_show_as_such_in_the_list(client: Any, world: World) -> None:
    _active_agreement(world, datetime.date(2025, 6, 30))
    client.force_login(world.mai)
    assert "tag--expired" in client.get(reverse("partnerships:list")).content.decode()


def test_reminders_go_out_once_at_30_days_in_each_recipients_language(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _active_agreement(world, datetime.date(2026, 5, 31))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2026-05-01")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2026-05-02")  # same threshold: not again
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")  # reminders go in each person's daily summary by default
    deliveries = Delivery.objects.filter(outbox__kind="partnerships.agreement_expiry").order_by("address")
    assert {d.address for d in deliveries} == {"mai@example.org", "rosa@example.org"}
    assert all(d.status == DeliveryStatus.IN_DIGEST for d in deliveries)
    rosa = deliveries.get(address="rosa@example.org")
    assert rosa.language == "es" and "Clinic MOU" in rosa.subject and "30" in rosa.subject
    assert len(mail.outbox) == 2
    assert rosa.subject in next(m for m in mail.outbox if m.to == ["rosa@example.org"]).body


def test_a_milestone_outside_the_agreement_term_is_refused_and_overdue_owners_are_reminded(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    agreement = _active_agreement(world, datetime.date(2026, 12, 31))
    p = agreement.partnership
    client.force_login(world.mai)
    url = reverse("partnerships:plan", kwargs={"pk": p.pk})
    response = client.post(
        url,
        {
            "form": "milestone",
            "milestone-title": "Kick-off",
            "milestone-date": "2027-02-01",
            "milestone-owner": world.mai.pk,
        },
    )
    assert "within the agreement" in str(response.context["milestone_form"].errors["date"])
    assert not Milestone.objects.exists()
    client.post(
        url,
        {
            "form": "task",
            "task-title": "Staff the clinic",
            "task-owner": world.mai.pk,
            "task-due_date": "2025-03-01",
            "task-status": "todo",
        },
    )
    task = PlanTask.objects.get()
    assert task.organization == world.clinic
    page = client.get(url).content.decode()
    assert "Overdue" in page and "<svg" in page
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2025-03-05")
    assert Delivery.objects.filter(address="mai@example.org", subject__contains="Staff the clinic").count() == 1
    # The school side cannot update the partner's task; the partner can.
    client.force_login(world.rosa)
    assert client.get(reverse("partnerships:task_edit", kwargs={"pk": task.pk})).status_code == 404
    client.force_login(world.mai)
    client.post(reverse("partnerships:task_edit", kwargs={"pk": task.pk}), {"status": "done", "due_date": "2025-03-01"})
    task.refresh_from_db()
    assert task.status == "done"


def test_negative_funding_is_refused_and_concentration_warns(client: Any, world: World) -> None:
    p = clinic_partnership(world)
    client.force_login(world.rosa)
    url = reverse("partnerships:funding", kwargs={"pk": p.pk})
    data = {
        "source_type": "grant",
        "funder": "State",
        "amount": "-5",
        "start_date": "2026-01-01",
        "end_date": "2030-01-01",
    }
    response = client.post(url, data)
    assert response.context["form"].errors["amount"]
    client.post(url, {**data, "amount": "80000"})
    client.post(url, {**data, "source_type": "district_budget", "funder": "Riverbend", "amount": "20000"})
    assert FundingSource.objects.count() == 2
    client.force_login(world.dana)
    response = client.get(reverse("partnerships:funding_mix", kwargs={"slug": "riverbend"}))
    mix = response.context["mix"]
    assert mix.largest.source_type == "grant" and mix.over_limit
    assert abs(mix.hhi - (0.8**2 + 0.2**2)) < 1e-9
    assert mix.total == Decimal("100000")
    assert "Warning" in response.content.decode()


def test_a_high_need_school_without_partners_is_flagged(client: Any, world: World) -> None:
    from village.families.models import Student

    for i in range(4):
        Student.objects.create(
            district=world.riverbend,
            school=world.washington,
            local_id=f"W{i}",
            given_name="A",
            family_name="B",
            grade=10,
            economically_disadvantaged=True,
            english_learner=True,
        )
    p = clinic_partnership(world)
    p.status, p.seats = "active", 10
    p.save()
    client.force_login(world.dana)
    response = client.get(reverse("partnerships:equity", kwargs={"slug": "riverbend"}))
    rows = {r.school.name: r for r in response.context["equity"].schools}
    assert rows["Washington High"].flagged and not rows["Lincoln Elementary"].flagged
    assert rows["Lincoln Elementary"].seats_per_100 == 500.0
    assert "Northside Family Health Clinic" in response.content.decode()


def test_the_partnership_list_costs_a_fixed_number_of_queries(
    client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    for i in range(5):
        p = Partnership.objects.create(district=world.riverbend, name=f"P{i}", partner_type="health", shared_goals="g")
        p.schools.add(world.lincoln)
        PartnershipOrganization.objects.create(partnership=p, organization=world.clinic)
    client.force_login(world.mai)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("partnerships:list"))
    assert response.content.decode().count("P4") == 1


def test_the_partner_home_lists_the_agreement_awaiting_their_signature(client: Any, world: World) -> None:
    p, _response = _write_agreement(client, world)
    client.force_login(world.mai)
    page = client.get(reverse("home")).content.decode()
    assert "Clinic MOU, version 1" in page and p.name in page
    client.force_login(world.pat)
    assert "Clinic MOU" not in client.get(reverse("home")).content.decode()


def test_an_import_with_a_duplicate_partner_saves_nothing_and_a_clean_one_saves(client: Any, world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.dana)
    url = reverse("partnerships:import", kwargs={"slug": "riverbend"})
    rows = (
        "organization,partner_type,partnership,schools,status,seats\n"
        "Riverbend Library,library,Reading nights,Lincoln Elementary,active,30\n"
        "riverbend library,library,Reading nights,Lincoln Elementary,active,30\n"
    )
    response = client.post(url, {"file": SimpleUploadedFile("p.csv", rows.encode()), "dry_run": ""})
    assert response.context["report"].errors[0][0] == 3
    assert not Partnership.objects.filter(name="Reading nights").exists()
    clean = rows.rsplit("riverbend library", 1)[0]
    response = client.post(url, {"file": SimpleUploadedFile("p.csv", clean.encode()), "dry_run": "on"})
    assert response.context["report"].new_partnerships == ["Reading nights"]
    assert not Partnership.objects.filter(name="Reading nights").exists()
    client.post(url, {"file": SimpleUploadedFile("p.csv", clean.encode())})
    assert Partnership.objects.get(name="Reading nights").members.get().organization.name == "Riverbend Library"
    csv_text = client.get(reverse("partnerships:export", kwargs={"slug": "riverbend", "kind": "partnerships"}))
    assert "Reading nights" in csv_text.content.decode()
