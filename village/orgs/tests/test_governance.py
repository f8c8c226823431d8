"""Who governs a partner organization shared by a region's districts (issue #16): the leads of the
districts with a current partnership with it; while no district has one, the region's leads."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import World, _user, enrol_totp
from village.accounts.models import Membership, Role
from village.directory.tests.matrix import clinic_service
from village.partnerships.models import Partnership


def _lakeside_partnership(world: World, status: str = "active") -> Any:
    partnership = Partnership.objects.create(
        district=world.lakeside, name="Bayview health", partner_type="health", shared_goals="Health", status=status
    )
    partnership.organizations.add(world.clinic, through_defaults={})
    return partnership


def _lakeside_lead(world: World) -> Any:
    lena = _user("lena@example.org", "Lena Lakeside")
    Membership.objects.create(user=lena, role=Role.DISTRICT_LEAD, district=world.lakeside)
    enrol_totp(lena)
    return lena


def test_a_lead_of_another_district_cannot_end_a_partners_roles_or_edit_its_listings(client: Any, world: World) -> None:
    _lakeside_partnership(world)  # the clinic works with Lakeside, not with Riverbend
    lena = _lakeside_lead(world)
    service = clinic_service(world)
    mai_role = Membership.objects.get(user=world.mai)
    client.raise_request_exception = False
    client.force_login(world.dana)
    for name, kwargs in (
        ("directory:listings", {"pk": world.clinic.pk}),
        ("directory:service_edit", {"pk": service.pk}),
        ("orgs:organization_edit", {"pk": world.clinic.pk}),
    ):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    assert client.post(reverse("orgs:membership_end", kwargs={"pk": mai_role.pk})).status_code == 404
    mai_role.refresh_from_db()
    assert mai_role.ended_at is None
    # Lena leads Lakeside, which works with the clinic: she governs it.
    client.force_login(lena)
    assert client.get(reverse("directory:listings", kwargs={"pk": world.clinic.pk})).status_code == 200
    assert client.get(reverse("directory:service_edit", kwargs={"pk": service.pk})).status_code == 200
    client.post(reverse("orgs:membership_end", kwargs={"pk": mai_role.pk}), {"district": "lakeside"})
    mai_role.refresh_from_db()
    assert mai_role.ended_at is not None


def test_an_ended_partnership_governs_nothing_and_a_second_current_one_shares_the_governance(
    client: Any, world: World
) -> None:
    _lakeside_partnership(world, status="ended")  # no current partnership: the region's leads govern
    client.force_login(world.dana)
    assert client.get(reverse("directory:listings", kwargs={"pk": world.clinic.pk})).status_code == 200
    _lakeside_partnership(world)
    assert client.get(reverse("directory:listings", kwargs={"pk": world.clinic.pk})).status_code == 404
    riverbend = Partnership.objects.create(
        district=world.riverbend, name="Lincoln health", partner_type="health", shared_goals="Health", status="renewing"
    )
    riverbend.organizations.add(world.clinic, through_defaults={})
    assert client.get(reverse("directory:listings", kwargs={"pk": world.clinic.pk})).status_code == 200


def test_a_made_up_district_after_ending_a_role_answers_a_redirect_not_an_error(client: Any, world: World) -> None:
    sam_role = Membership.objects.get(user=world.sam)
    client.force_login(world.dana)
    response = client.post(reverse("orgs:membership_end", kwargs={"pk": sam_role.pk}), {"district": "no such/../x y"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    sam_role.refresh_from_db()
    assert sam_role.ended_at is not None
