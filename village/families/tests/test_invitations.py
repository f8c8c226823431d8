"""Inviting families: one guardian by email or letter, many in a background batch, and the bad input
staff can give (no channel, text messages, an unknown language, someone who already has an account)."""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from village.audit.models import AuditEvent
from village.families import actions
from village.families.models import FamilyInvitation, InvitationBatch, InvitationChannel
from village.families.tests.accounts_helpers import Families, families
from village.lib.codes import claim_code, digest
from village.messaging.models import Delivery


@pytest.fixture
def fam(world: World) -> Families:
    return families(world)


def test_an_email_invitation_is_written_in_the_family_language_with_an_absolute_link(
    world: World, fam: Families
) -> None:
    invitation = actions.invite_guardian(world.rosa, fam.khadija, channel=InvitationChannel.EMAIL)
    assert invitation.language == "ar" and invitation.address == "khadija@example.org"
    delivery = Delivery.objects.get(outbox__kind="families.invitation")
    assert delivery.address == "khadija@example.org" and delivery.language == "ar"
    link = f"http://testserver/claim/{invitation.code}/"
    assert link in delivery.body
    assert "Lincoln Elementary" in delivery.subject and "invites you" not in delivery.subject
    assert re.search("[\u0600-\u06ff]{3,}", delivery.subject) and "Open your account here" not in delivery.body
    event = AuditEvent.objects.get(code="families.invitation.sent")
    assert event.actor == world.rosa and event.details["channel"] == "email"


def test_the_claim_code_is_never_stored_only_its_keyed_digest(world: World, fam: Families) -> None:
    invitation = actions.invite_guardian(world.rosa, fam.hoa, channel=InvitationChannel.LETTER)
    code = invitation.code
    assert len(code) == 12 and code == claim_code(invitation.nonce)
    stored = FamilyInvitation.objects.filter(pk=invitation.pk).values().get()
    assert code not in {str(v) for v in stored.values()}
    assert stored["digest"] == digest(code) and stored["digest"] != code
    assert actions.find_invitation(invitation.printed_code.lower()) == invitation
    # No message for a letter: the school prints it.
    assert not Delivery.objects.exists()


def test_a_new_invitation_withdraws_the_open_one(world: World, fam: Families) -> None:
    first = actions.invite_guardian(world.rosa, fam.sofia, channel=InvitationChannel.EMAIL)
    second = actions.invite_guardian(world.rosa, fam.sofia, channel=InvitationChannel.LETTER)
    first.refresh_from_db()
    assert first.withdrawn_at is not None and second.is_open


def test_an_invitation_posted_twice_is_sent_once(login: Any, world: World, fam: Families) -> None:
    client = login("rosa", language="en")
    url = reverse("families:invite_guardian", kwargs={"pk": fam.sofia.pk})
    for _twice in range(2):
        assert client.post(url, {"channel": "email", "language": "es"}).status_code == 302
    assert FamilyInvitation.objects.count() == 1 and Delivery.objects.count() == 1
    assert FamilyInvitation.objects.get().is_open


@pytest.mark.parametrize(
    ("guardian", "channel", "language", "code"),
    [
        ("luis", "email", "", "no_channel"),  # a phone number only: no email to send to
        ("hoa", "email", "", "no_channel"),
        ("sofia", "sms", "", "unknown_channel"),  # text messages do not exist yet
        ("sofia", "email", "xx", "invalid_language"),
    ],
)
def test_an_invitation_that_cannot_be_sent_is_refused_and_writes_nothing(
    world: World, fam: Families, guardian: str, channel: str, language: str, code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.invite_guardian(world.rosa, getattr(fam, guardian), channel=channel, language=language)
    assert refused.value.code == code
    assert not FamilyInvitation.objects.exists() and not Delivery.objects.exists()


def test_a_guardian_with_an_account_is_not_invited_again(world: World, fam: Families) -> None:
    actions.link_member(world.rosa, fam.ruiz, email="SOFIA@example.org", name="Sofía Ruiz", relationship="parent")
    with pytest.raises(ValidationError) as refused:
        actions.invite_guardian(world.rosa, fam.sofia, channel=InvitationChannel.EMAIL)
    assert refused.value.code == "has_account"


def test_a_coordinator_invites_from_the_students_page_in_a_language_she_chooses(
    login: Any, world: World, fam: Families
) -> None:
    client = login("rosa", language="en")
    page = client.get(reverse("families:student", kwargs={"pk": fam.mateo.pk})).content.decode()
    assert "Family accounts" in page and "Invite by email" in page and "Make a letter to print" in page
    assert "text message" not in page.lower().replace("text messages are not available yet", "")
    response = client.post(
        reverse("families:invite_guardian", kwargs={"pk": fam.sofia.pk}),
        {"channel": "email", "language": "en", "next": reverse("families:student", kwargs={"pk": fam.mateo.pk})},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/students/{fam.mateo.pk}/")
    assert FamilyInvitation.objects.get().language == "en"
    assert Delivery.objects.get().language == "en"


def test_a_bad_channel_posted_by_hand_gets_a_clear_message(login: Any, world: World, fam: Families) -> None:
    client = login("rosa", language="en")
    response = client.post(
        reverse("families:invite_guardian", kwargs={"pk": fam.luis.pk}),
        {"channel": "email", "language": "es"},
        follow=True,
    )
    assert "Luis Ruiz has no valid email address on file. Print a letter instead." in response.content.decode()
    response = client.post(
        reverse("families:invite_guardian", kwargs={"pk": fam.sofia.pk}),
        {"channel": "sms", "language": "es"},
        follow=True,
    )
    assert "Choose how to send the invitation and its language." in response.content.decode()
    assert not FamilyInvitation.objects.exists()


@pytest.mark.parametrize("persona", ["omar", "sam", "mai", "amina"])
def test_only_the_familys_school_staff_may_invite_it(persona: str, login: Any, world: World, fam: Families) -> None:
    client = login(persona)
    assert (
        client.post(reverse("families:invite_guardian", kwargs={"pk": fam.sofia.pk}), {"channel": "email"}).status_code
        == 404
    )
    assert client.get(reverse("families:household", kwargs={"pk": fam.ruiz.pk})).status_code == 404
    assert not FamilyInvitation.objects.exists()


def test_the_letter_prints_in_the_familys_language_with_the_code_and_the_school(
    login: Any, world: World, fam: Families
) -> None:
    from pypdf import PdfReader

    world.lincoln.address, world.lincoln.phone = "200 Elm Street", "(312) 555-0100"
    world.lincoln.save()
    spanish = actions.invite_guardian(world.rosa, fam.luis, channel=InvitationChannel.LETTER)
    fam.hoa.language = "ara"
    fam.hoa.save()
    arabic = actions.invite_guardian(world.rosa, fam.hoa, channel=InvitationChannel.LETTER)
    assert (spanish.language, arabic.language) == ("es", "ar")
    client = login("rosa")
    texts = []
    for invitation in (spanish, arabic):
        response = client.get(reverse("families:invitation_letter", kwargs={"pk": invitation.pk}))
        assert response["Content-Type"] == "application/pdf"
        (page,) = PdfReader(BytesIO(response.content)).pages
        texts.append(page.extract_text())
    es, ar = texts
    assert spanish.printed_code in es and "Lincoln Elementary" in es and "200 Elm Street" in es
    assert "Cómo abrir su cuenta" in es and "http://testserver/claim/" in es
    assert arabic.printed_code in ar and "(312) 555-0100" in ar
    assert "Village" in ar and re.search("[\u0600-\u06ff]{3,}", ar)
    assert "How to open your account" not in ar and "How to open your account" not in es


def test_a_withdrawn_or_claimed_letter_cannot_be_printed(login: Any, world: World, fam: Families) -> None:
    invitation = actions.invite_guardian(world.rosa, fam.hoa, channel=InvitationChannel.LETTER)
    client = login("rosa")
    client.post(reverse("families:invitation_withdraw", kwargs={"pk": invitation.pk}))
    assert client.get(reverse("families:invitation_letter", kwargs={"pk": invitation.pk})).status_code == 404
    assert AuditEvent.objects.filter(code="families.invitation.withdrawn").count() == 1


# --- Many families at once -----------------------------------------------------------------------


def test_a_school_invites_its_families_in_a_batch_and_hears_who_it_could_not_reach(
    login: Any, world: World, fam: Families, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("rosa", language="en")
    page = client.get(reverse("families:school_families", kwargs={"pk": world.lincoln.pk})).content.decode()
    # Hassan already signs in (Amina); the three others are listed.
    assert "The Ruiz family" in page and "The Haddad family" in page and "The Tran family" in page
    assert "The Hassan family" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("families:invite_families", kwargs={"pk": world.lincoln.pk}),
            {"show": "not_invited", "everyone": "on"},  # letters not ticked
        )
    batch = InvitationBatch.objects.get()
    assert response["Location"] == reverse("families:invitation_batch", kwargs={"pk": batch.pk})
    assert batch.status == "applied" and batch.processed == batch.total == 3
    assert batch.counts == {"emailed": 2, "letters": 0, "already_linked": 0, "already_invited": 0}
    assert sorted(r["code"] for r in batch.rejections) == ["no_email", "phone_only"]
    assert sorted(Delivery.objects.values_list("address", flat=True)) == ["khadija@example.org", "sofia@example.org"]
    report = client.get(response["Location"]).content.decode()
    assert "Invitations sent" in report and "Families we could not reach" in report
    assert (
        "Luis Ruiz has only a phone number: text messages are not available yet, and letters were not chosen." in report
    )
    assert "Hoa Tran has no valid email address, and letters were not chosen." in report


def test_a_batch_with_letters_prints_one_page_per_letter_and_skips_who_is_invited(
    login: Any, world: World, fam: Families, django_capture_on_commit_callbacks: Any
) -> None:
    from pypdf import PdfReader

    actions.invite_guardian(world.rosa, fam.sofia, channel=InvitationChannel.EMAIL)
    client = login("rosa", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("families:invite_families", kwargs={"pk": world.lincoln.pk}),
            {"show": "all", "households": [fam.ruiz.pk, fam.tran.pk], "letters": "on"},
        )
    batch = InvitationBatch.objects.get()
    assert batch.counts == {"emailed": 0, "letters": 2, "already_linked": 0, "already_invited": 1}
    assert batch.rejections == []
    pdf = client.get(reverse("families:batch_letters", kwargs={"pk": batch.pk}))
    assert len(PdfReader(BytesIO(pdf.content)).pages) == 2
    # The progress poll answers with the partial alone.
    partial = client.get(reverse("families:invitation_batch", kwargs={"pk": batch.pk}), headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<section id="import-progress"')


def test_a_batch_never_reaches_beyond_the_school(
    login: Any, world: World, fam: Families, django_capture_on_commit_callbacks: Any
) -> None:
    from village.families.models import Guardian, Household, Student

    other = Household.objects.create(district=world.lakeside, name="Far")
    Student.objects.create(
        district=world.lakeside,
        school=world.bayview,
        household=other,
        local_id="LS-1",
        given_name="A",
        family_name="Far",
        grade=1,
    )
    Guardian.objects.create(
        district=world.lakeside,
        household=other,
        sourced_id="g-far",
        given_name="B",
        family_name="Far",
        relationship="parent",
        email="far@example.org",
    )
    client = login("rosa")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("families:invite_families", kwargs={"pk": world.lincoln.pk}),
            {"show": "all", "households": [other.pk], "letters": "on"},
        )
        # The action itself keeps to the school, whatever it is given.
        batch = actions.start_invitation_batch(world.rosa, world.lincoln, [other.pk, fam.haddad.pk], letters=True)
    assert list(batch.households) == [fam.haddad.pk] and InvitationBatch.objects.count() == 1
    assert not FamilyInvitation.objects.filter(household=other).exists()


def test_choosing_no_family_says_so_and_starts_nothing(login: Any, world: World, fam: Families) -> None:
    client = login("rosa", language="en")
    response = client.post(
        reverse("families:invite_families", kwargs={"pk": world.lincoln.pk}), {"show": "not_invited"}, follow=True
    )
    assert "Choose at least one family." in response.content.decode()
    assert not InvitationBatch.objects.exists()


def test_the_families_page_reads_in_a_few_queries_whatever_its_length(
    login: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    from village.families.models import Guardian, Household, Student

    for n in range(30):
        home = Household.objects.create(district=world.riverbend, name=f"F{n:02d}", home_language="es")
        Student.objects.create(
            district=world.riverbend,
            school=world.lincoln,
            household=home,
            local_id=f"Q-{n}",
            given_name="C",
            family_name=f"F{n:02d}",
            grade=1,
        )
        Guardian.objects.create(
            district=world.riverbend,
            household=home,
            sourced_id=f"q-{n}",
            given_name="G",
            family_name=f"F{n:02d}",
            relationship="parent",
        )
    client = login("rosa")
    url = reverse("families:school_families", kwargs={"pk": world.lincoln.pk})
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
