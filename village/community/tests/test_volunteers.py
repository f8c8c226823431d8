"""Volunteering, through the pages people use: a coordinator posts a role, someone signs up on a
phone without an account, the coordinator records clearances and approves, the volunteer logs
hours through their private link, staff confirm, and the partnership's ledger shows them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.community.models import Clearance, HoursLog, HoursStatus, Opportunity, Signup, SignupStatus, Volunteer
from village.community.tests.helpers import clinic_partnership, lincoln_opportunity, signed_up
from village.messaging.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_a_coordinator_posts_an_opportunity_tied_to_a_partnership(client: Any, world: World, login: Any) -> None:
    partnership = clinic_partnership(world)
    login("rosa", language="en")
    page = client.get(reverse("community:school", kwargs={"pk": world.lincoln.pk}))
    assert reverse("community:new", kwargs={"pk": world.lincoln.pk}) in page.content.decode()
    response = client.post(
        reverse("community:new", kwargs={"pk": world.lincoln.pk}),
        {
            "role": "Field trip helper",
            "schedule": "Friday mornings",
            "clearances": ["background_check", "tb_test"],
            "languages": ["ar"],
            "partnership": partnership.pk,
        },
    )
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert opportunity.clearances == ["background_check", "tb_test"]
    assert opportunity.partnership == partnership
    detail = client.get(response["Location"]).content.decode()
    assert reverse("community:signup", kwargs={"token": opportunity.token}) in detail


def test_an_opportunity_without_a_role_is_refused_and_nothing_is_posted(client: Any, world: World, login: Any) -> None:
    login("rosa", language="en")
    response = client.post(reverse("community:new", kwargs={"pk": world.lincoln.pk}), {"role": "", "schedule": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Opportunity.objects.exists()


def test_someone_signs_up_in_arabic_without_an_account_and_gets_a_private_link(client: Any, world: World) -> None:
    opportunity = lincoln_opportunity(world)
    url = reverse("community:signup", kwargs={"token": opportunity.token})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
    assert page.status_code == 200 and 'dir="rtl"' in page.content.decode()
    response = client.post(
        url, {"name": "نادية كريم", "email": "Nadia@Example.org", "phone": "", "message": ""}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 200
    volunteer = Volunteer.objects.get()
    assert volunteer.email == "nadia@example.org" and volunteer.language == "ar"
    link = response.context["link"]
    assert link and link in response.content.decode()
    mail = Delivery.objects.get(address="nadia@example.org")
    assert link in mail.body and mail.language == "ar"
    assert client.get(reverse("community:volunteer", kwargs={"token": _token(link)})).status_code == 200


def test_a_second_sign_up_for_the_same_role_is_refused_and_nothing_is_written(client: Any, world: World) -> None:
    opportunity = lincoln_opportunity(world)
    signed_up(world, opportunity)
    url = reverse("community:signup", kwargs={"token": opportunity.token})
    response = client.post(url, {"name": "Nadia", "email": "nadia@example.org"})
    assert response.status_code == 400
    assert "already signed up" in response.content.decode()
    assert Signup.objects.count() == 1


def test_someone_typing_a_known_address_gets_no_link_on_the_page(client: Any, world: World) -> None:
    first = lincoln_opportunity(world)
    old = signed_up(world, first).link
    second = lincoln_opportunity(world, role="Library helper")
    response = client.post(
        reverse("community:signup", kwargs={"token": second.token}), {"name": "Someone", "email": "nadia@example.org"}
    )
    assert response.status_code == 200 and response.context["link"] == ""
    # The link goes to the address by email; the old one stops working.
    assert client.get(reverse("community:volunteer", kwargs={"token": _token(old)})).status_code == 404


def test_a_closed_opportunity_takes_no_sign_ups(client: Any, world: World, login: Any) -> None:
    opportunity = lincoln_opportunity(world)
    login("rosa", language="en")
    client.post(reverse("community:set_open", kwargs={"pk": opportunity.pk}), {"open": "0"})
    client.logout()
    url = reverse("community:signup", kwargs={"token": opportunity.token})
    assert client.post(url, {"name": "Nadia", "email": "nadia@example.org"}).status_code == 400
    assert not Signup.objects.exists()


def test_approval_waits_until_every_required_clearance_is_current(client: Any, world: World, login: Any) -> None:
    opportunity = lincoln_opportunity(world)
    signup = signed_up(world, opportunity).signup
    login("rosa", language="en")
    decide = reverse("community:decide", kwargs={"pk": signup.pk})
    response = client.post(decide, {"decision": "approve"}, follow=True)
    assert "no current record of Background check" in response.content.decode()
    today = timezone.localdate()
    clearance = reverse("community:clearance", kwargs={"pk": signup.pk})
    expired = {"kind": "background_check", "cleared_on": today - datetime.timedelta(days=800)}
    expired["expires_on"] = today - datetime.timedelta(days=5)
    assert client.post(clearance, expired).status_code == 302
    response = client.post(decide, {"decision": "approve"}, follow=True)
    assert "no current record of Background check" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignupStatus.PENDING
    current = {"kind": "background_check", "cleared_on": today, "expires_on": today + datetime.timedelta(days=365)}
    assert client.post(clearance, current).status_code == 302
    client.post(decide, {"decision": "approve"})
    signup.refresh_from_db()
    assert signup.status == SignupStatus.APPROVED
    assert Delivery.objects.filter(address="nadia@example.org", outbox__kind="community.signup_decided").exists()


def test_a_clearance_that_expires_before_it_was_given_is_refused(client: Any, world: World, login: Any) -> None:
    signup = signed_up(world, lincoln_opportunity(world)).signup
    login("rosa", language="en")
    today = timezone.localdate()
    response = client.post(
        reverse("community:clearance", kwargs={"pk": signup.pk}),
        {"kind": "tb_test", "cleared_on": today, "expires_on": today - datetime.timedelta(days=1)},
    )
    assert response.status_code == 400
    assert "The expiry date must come after the date it was cleared." in response.content.decode()
    assert not Clearance.objects.exists()


def _approved(world: World, partnership: Any = None) -> tuple[Any, str]:
    from village.community.actions import decide_signup, record_clearance

    opportunity = lincoln_opportunity(world, partnership=partnership)
    result = signed_up(world, opportunity)
    today = timezone.localdate()
    record_clearance(world.rosa, result.signup.volunteer, kind="background_check", cleared_on=today, expires_on=None)
    decide_signup(world.rosa, result.signup, approve=True)
    return result.signup, _token(result.link)


def test_a_volunteer_logs_hours_and_confirmed_hours_reach_the_partnerships_shared_resources(
    client: Any, world: World, login: Any
) -> None:
    partnership = clinic_partnership(world)
    signup, token = _approved(world, partnership)
    page = reverse("community:volunteer", kwargs={"token": token})
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(page, {"signup": signup.pk, "date": yesterday, "hours": "2.5", "note": "Read two books"})
    assert response.status_code == 302
    log = HoursLog.objects.get()
    assert log.hours == Decimal("2.5") and log.status == HoursStatus.LOGGED
    login("rosa", language="en")
    detail = client.get(reverse("community:opportunity", kwargs={"pk": signup.opportunity_id})).content.decode()
    assert reverse("community:confirm", kwargs={"pk": log.pk}) in detail
    client.post(reverse("community:confirm", kwargs={"pk": log.pk}), {"decision": "confirm"})
    log.refresh_from_db()
    assert log.status == HoursStatus.CONFIRMED and log.resource is not None
    ledger = client.get(reverse("partnerships:resources", kwargs={"pk": partnership.pk})).content.decode()
    assert "Volunteer hours: Reading buddy" in ledger and "2.5" in ledger
    # Answered once: a second confirmation changes nothing.
    client.post(reverse("community:confirm", kwargs={"pk": log.pk}), {"decision": "confirm"})
    assert partnership.resources.count() == 1


def test_hours_in_the_future_or_over_a_day_are_refused(client: Any, world: World) -> None:
    signup, token = _approved(world)
    page = reverse("community:volunteer", kwargs={"token": token})
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(page, {"signup": signup.pk, "date": tomorrow, "hours": "2"})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    response = client.post(page, {"signup": signup.pk, "date": timezone.localdate(), "hours": "30"})
    assert response.status_code == 400
    assert not HoursLog.objects.exists()


def test_hours_wait_for_approval(client: Any, world: World) -> None:
    result = signed_up(world, lincoln_opportunity(world))
    page = reverse("community:volunteer", kwargs={"token": _token(result.link)})
    response = client.post(page, {"signup": result.signup.pk, "date": timezone.localdate(), "hours": "1"})
    assert response.status_code == 400
    assert not HoursLog.objects.exists()


def test_a_partner_cannot_manage_another_schools_volunteering(client: Any, world: World, login: Any) -> None:
    opportunity = lincoln_opportunity(world)
    signup = signed_up(world, opportunity).signup
    login("omar", language="en")
    client.post(reverse("community:decide", kwargs={"pk": signup.pk}), {"decision": "approve"})
    assert client.get(reverse("community:opportunity", kwargs={"pk": opportunity.pk})).status_code == 404
    signup.refresh_from_db()
    assert signup.status == SignupStatus.PENDING


def test_expiring_clearances_are_reminded_once_in_the_volunteers_language(world: World) -> None:
    from village.community.actions import record_clearance

    signup, _ = _approved(world)
    today = timezone.localdate()
    record_clearance(
        world.rosa,
        signup.volunteer,
        kind="tb_test",
        cleared_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=10),
    )
    out = StringIO()
    call_command("clearance_reminders", stdout=out)
    assert "1" in out.getvalue()
    mail = Delivery.objects.get(outbox__kind="community.clearance_expiring")
    assert mail.address == "nadia@example.org" and mail.language == "ar"
    assert "السل" in mail.subject or "السل" in mail.body
    assert Delivery.objects.filter(outbox__kind="community.clearance_expiring_staff", recipient=world.rosa).exists()
    call_command("clearance_reminders", stdout=StringIO())
    assert Delivery.objects.filter(outbox__kind="community.clearance_expiring").count() == 1
