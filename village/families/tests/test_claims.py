"""A family claims its account with no password, in its language; every bad code gets a clear
message in the reader's language and writes nothing; staff link and unlink accounts."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.accounts.models import Membership, Role, User
from village.audit.models import AuditEvent
from village.families import actions
from village.families.models import FamilyInvitation, HouseholdMember, InvitationChannel
from village.families.tests.accounts_helpers import Families, families
from village.messaging.models import Delivery


@pytest.fixture
def fam(world: World) -> Families:
    return families(world)


def _emailed_code(address: str) -> str:
    body = Delivery.objects.filter(address=address, outbox__kind="families.invitation.code").latest("pk").body
    found = re.search(r"\b(\d{6})\b", body)
    assert found, body
    return found.group(1)


def _claim_url(invitation: FamilyInvitation, **query: str) -> str:
    url = reverse("families:claim", kwargs={"code": invitation.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_family_claims_an_email_invitation_in_arabic_and_sees_only_its_own_child(
    client: Any, world: World, fam: Families
) -> None:
    invitation = actions.invite_guardian(world.rosa, fam.khadija, channel=InvitationChannel.EMAIL)
    url = _claim_url(invitation)
    page = client.get(url)
    assert page.status_code == 200 and page["Content-Language"] == "ar"
    html = page.content.decode()
    assert 'lang="ar" dir="rtl"' in html and "k•••@example.org" in html and "Khadija" in html
    assert not User.objects.filter(email="khadija@example.org").exists()  # opening the link writes nothing
    assert client.post(url, {"action": "send", "language": "ar"}).status_code == 302
    assert Delivery.objects.filter(outbox__kind="families.invitation.code").get().language == "ar"
    response = client.post(url, {"action": "claim", "language": "ar", "proof": _emailed_code("khadija@example.org")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    khadija = User.objects.get(email="khadija@example.org")
    assert khadija.preferred_language == "ar" and not khadija.has_usable_password()
    member = HouseholdMember.objects.get(user=khadija)
    assert member.household == fam.haddad and member.guardian == fam.khadija
    assert Membership.objects.active().filter(user=khadija, role=Role.FAMILY_MEMBER, district=world.riverbend).exists()
    invitation.refresh_from_db()
    assert invitation.claimed_by == khadija and invitation.proof_digest == ""
    assert {"families.invitation.claimed", "families.member.linked"} <= set(
        AuditEvent.objects.values_list("code", flat=True)
    )
    # Signed in, she sees Yusuf and nobody else's child.
    home = client.get(reverse("home")).content.decode()
    assert "Yusuf" in home and "Layla" not in home and "Mateo" not in home
    assert client.get(reverse("families:student", kwargs={"pk": fam.yusuf.pk})).status_code == 200
    assert client.get(reverse("families:student", kwargs={"pk": world.layla.pk})).status_code == 404
    # She is told her account is linked, in Arabic, with an absolute link.
    linked = Delivery.objects.get(outbox__kind="families.member.linked")
    assert linked.language == "ar" and "http://testserver/accounts/login/code/" in linked.body


def test_a_wrong_emailed_code_is_counted_and_after_five_tries_a_new_one_is_needed(
    client: Any, world: World, fam: Families
) -> None:
    invitation = actions.invite_guardian(world.rosa, fam.sofia, channel=InvitationChannel.EMAIL, language="en")
    url = _claim_url(invitation, language="en")
    client.post(url, {"action": "send", "language": "en"})
    right = _emailed_code("sofia@example.org")
    wrong = "000000" if right != "000000" else "111111"
    for _try in range(4):
        page = client.post(url, {"action": "claim", "language": "en", "proof": wrong}).content.decode()
        assert "That is not the code we sent. Check the email and type it again." in page
    page = client.post(url, {"action": "claim", "language": "en", "proof": wrong}).content.decode()
    assert "This code no longer works. Ask for a new code." in page
    # Even the right code no longer works: nothing was written.
    page = client.post(url, {"action": "claim", "language": "en", "proof": right}).content.decode()
    assert "This code no longer works" in page
    assert not User.objects.filter(email="sofia@example.org").exists()
    assert not HouseholdMember.objects.filter(household=fam.ruiz).exists()


def test_a_family_claims_a_letter_by_typing_its_code_and_an_email_address(
    client: Any, world: World, fam: Families
) -> None:
    invitation = actions.invite_guardian(world.rosa, fam.hoa, channel=InvitationChannel.LETTER)
    assert invitation.language == "vi"
    start = client.post(reverse("families:claim_start"), {"code": invitation.printed_code.lower(), "language": "vi"})
    assert start.status_code == 302 and invitation.code in start["Location"]
    page = client.get(start["Location"])
    assert 'lang="vi"' in page.content.decode()
    response = client.post(start["Location"], {"action": "claim", "language": "vi", "email": "Hoa@Example.org"})
    assert response.status_code == 302
    hoa = User.objects.get(email="hoa@example.org")
    assert hoa.preferred_language == "vi" and hoa.name == "Hoa Tran"
    assert HouseholdMember.objects.get(user=hoa).household == fam.tran
    assert "Bao" in client.get(reverse("home")).content.decode()


def test_a_letter_cannot_attach_a_family_to_someone_elses_account(client: Any, world: World, fam: Families) -> None:
    invitation = actions.invite_guardian(world.rosa, fam.hoa, channel=InvitationChannel.LETTER, language="en")
    page = client.post(_claim_url(invitation), {"action": "claim", "language": "en", "email": "amina@example.org"})
    assert "This email address already has a Village account. Sign in with it first" in page.content.decode()
    assert not HouseholdMember.objects.filter(household=fam.tran).exists()
    invitation.refresh_from_db()
    assert invitation.is_open


def test_a_signed_in_person_links_a_letter_to_their_own_account(login: Any, world: World, fam: Families) -> None:
    invitation = actions.invite_guardian(world.rosa, fam.hoa, channel=InvitationChannel.LETTER)
    client = login("amina")
    response = client.post(_claim_url(invitation), {"action": "claim", "language": "ar"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert HouseholdMember.objects.filter(household=fam.tran, user=world.amina).exists()
    world.amina.refresh_from_db()
    assert world.amina.preferred_language == "ar"  # her own choice is kept


def test_an_email_invitation_to_an_existing_account_links_it_and_asks_to_sign_in(
    client: Any, world: World, fam: Families
) -> None:
    fam.sofia.email = "rosa@example.org"  # a coordinator who is also a parent: her account needs her second factor
    fam.sofia.save()
    invitation = actions.invite_guardian(world.dana, fam.sofia, channel=InvitationChannel.EMAIL, language="es")
    url = _claim_url(invitation)
    client.post(url, {"action": "send", "language": "es"})
    response = client.post(url, {"action": "claim", "language": "es", "proof": _emailed_code("rosa@example.org")})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert HouseholdMember.objects.filter(household=fam.ruiz, user=world.rosa).exists()
    assert "_auth_user_id" not in client.session  # never signed in around her two-step sign-in


@pytest.mark.parametrize("case", ["expired", "reused", "withdrawn"])
def test_a_code_that_no_longer_works_says_why_in_the_readers_language(
    client: Any, world: World, fam: Families, case: str
) -> None:
    invitation = actions.invite_guardian(world.rosa, fam.hoa, channel=InvitationChannel.LETTER, language="ar")
    when = timezone.now()
    if case == "expired":
        when += datetime.timedelta(days=61)
    elif case == "reused":
        client.post(_claim_url(invitation), {"action": "claim", "language": "ar", "email": "hoa@example.org"})
        client.logout()
    else:
        actions.invite_guardian(world.rosa, fam.hoa, channel=InvitationChannel.LETTER)
    before = (User.objects.count(), HouseholdMember.objects.count(), AuditEvent.objects.count())
    with time_machine.travel(when):
        page = client.get(_claim_url(invitation))
        post = client.post(_claim_url(invitation), {"action": "claim", "language": "ar", "email": "new@example.org"})
    html = page.content.decode()
    assert 'lang="ar"' in html and 'role="alert"' in html
    expected = {
        "expired": "انتهت صلاحية هذه الدعوة",
        "reused": "استُخدمت هذه الدعوة من قبل",
        "withdrawn": "سحبت",
    }[case]
    assert expected in html and expected in post.content.decode()
    assert (User.objects.count(), HouseholdMember.objects.count(), AuditEvent.objects.count()) == before


def test_an_unknown_code_and_an_unknown_language_each_get_a_clear_message(client: Any, world: World) -> None:
    page = client.get(reverse("families:claim", kwargs={"code": "ABCD-EFGH-JKMN"}) + "?language=es").content.decode()
    assert "No encontramos este código" in page
    page = client.get(
        reverse("families:claim_start") + "?language=xx", headers={"accept-language": "vi"}
    ).content.decode()
    assert 'lang="vi"' in page and "Ngôn ngữ đó không có sẵn" in page
    typed = client.post(reverse("families:claim_start"), {"code": "not a code", "language": "es"}).content.decode()
    assert "Este no es un código de una carta de Village" in typed


def test_looking_up_codes_is_throttled_per_address(client: Any, world: World) -> None:
    url = reverse("families:claim", kwargs={"code": "ABCDEFGHJKMN"})
    statuses = [client.get(url).status_code for _n in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429


def test_asking_for_emailed_codes_is_throttled_per_invitation(client: Any, world: World, fam: Families) -> None:
    invitation = actions.invite_guardian(world.rosa, fam.sofia, channel=InvitationChannel.EMAIL, language="en")
    for _n in range(4):
        client.post(_claim_url(invitation), {"action": "send", "language": "en"})
    assert Delivery.objects.filter(outbox__kind="families.invitation.code").count() == 3
    page = client.get(_claim_url(invitation)).content.decode()
    assert "Please wait a few minutes before asking for another code." in page


# --- Staff link and unlink ------------------------------------------------------------------------


def test_a_coordinator_links_a_parent_she_knows_and_the_family_is_told(login: Any, world: World, fam: Families) -> None:
    client = login("rosa", language="en")
    form = client.get(reverse("families:member_add", kwargs={"pk": fam.ruiz.pk}))
    assert form.status_code == 200
    response = client.post(
        reverse("families:member_add", kwargs={"pk": fam.ruiz.pk}),
        {"email": "carlos@example.org", "name": "Carlos Ruiz", "relationship": "parent", "language": "es"},
    )
    assert response.status_code == 302
    carlos = User.objects.get(email="carlos@example.org")
    assert carlos.preferred_language == "es"
    assert Membership.objects.active().filter(user=carlos, role=Role.FAMILY_MEMBER).exists()
    event = AuditEvent.objects.get(code="families.member.linked")
    assert event.actor == world.rosa and event.district_id == world.riverbend.pk
    notice = Delivery.objects.get(outbox__kind="families.member.linked", address="carlos@example.org")
    assert notice.language == "es" and "Mateo" in notice.body
    # Twice is refused on the field, and writes nothing more.
    again = client.post(
        reverse("families:member_add", kwargs={"pk": fam.ruiz.pk}),
        {"email": "carlos@example.org", "name": "Carlos Ruiz", "relationship": "parent", "language": "es"},
    )
    assert "This person can already sign in for this family." in again.content.decode()
    assert HouseholdMember.objects.filter(household=fam.ruiz).count() == 1


def test_unlinking_ends_the_family_role_and_tells_everyone(login: Any, world: World, fam: Families) -> None:
    actions.link_member(world.rosa, fam.ruiz, email="carlos@example.org", name="Carlos", relationship="parent")
    actions.link_member(
        world.rosa, fam.ruiz, email="sofia@example.org", name="Sofía", relationship="parent", language="es"
    )
    carlos = User.objects.get(email="carlos@example.org")
    member = HouseholdMember.objects.get(user=carlos)
    client = login("rosa")
    assert client.post(reverse("families:member_remove", kwargs={"pk": member.pk})).status_code == 302
    assert not HouseholdMember.objects.filter(user=carlos).exists()
    assert not Membership.objects.active().filter(user=carlos, role=Role.FAMILY_MEMBER).exists()
    assert AuditEvent.objects.filter(code="families.member.unlinked").count() == 1
    told = set(Delivery.objects.filter(outbox__kind="families.member.unlinked").values_list("address", "language"))
    assert told == {("carlos@example.org", "en"), ("sofia@example.org", "es")}
    # Carlos no longer sees Mateo.
    client.force_login(carlos)
    assert client.get(reverse("families:student", kwargs={"pk": fam.mateo.pk})).status_code == 404


def test_staff_of_another_school_cannot_unlink(login: Any, world: World) -> None:
    member = HouseholdMember.objects.get(user=world.amina)
    for persona in ("omar", "sam", "grace"):
        assert login(persona).post(reverse("families:member_remove", kwargs={"pk": member.pk})).status_code == 404
    assert HouseholdMember.objects.filter(pk=member.pk).exists()
