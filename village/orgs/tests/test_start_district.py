"""A district starts from an empty install without a shell, and anyone given a role is told, in their language."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import World
from village.accounts.models import Membership, Role, User
from village.audit.models import AuditEvent
from village.messaging.models import Delivery
from village.orgs.models import District, Region


def _start(**overrides: str) -> str:
    options = {
        "region": "Prairie Region",
        "district": "Prairie Unified",
        "slug": "prairie",
        "lead_email": "Lena.Ortiz@Prairie.example.org",
        "lead_name": "Lena Ortiz",
        "language": "es",
        **overrides,
    }
    out = StringIO()
    call_command("start_district", *[f"--{k.replace('_', '-')}={v}" for k, v in options.items()], stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_starts_a_district_on_an_empty_install_and_invites_its_lead_in_her_language() -> None:
    output = _start()
    assert "Started Prairie Unified (prairie) in Prairie Region." in output
    assert "http://testserver/accounts/login/code/" in output
    district = District.objects.select_related("region").get(slug="prairie")
    assert district.region.slug == "prairie-region"
    lena = User.objects.get(email="lena.ortiz@prairie.example.org")
    assert lena.preferred_language == "es" and not lena.has_usable_password()
    assert Membership.objects.active().get(user=lena).role == Role.DISTRICT_LEAD
    delivery = Delivery.objects.get()
    assert delivery.language == "es" and delivery.address == "lena.ortiz@prairie.example.org"
    assert "Líder de alianzas del distrito" in delivery.subject or "Prairie Unified" in delivery.subject
    assert "http://testserver/accounts/login/code/" in delivery.body
    assert "autenticación" in delivery.body  # staff are told about two-step sign-in, in Spanish
    codes = set(AuditEvent.objects.values_list("code", flat=True))
    assert {"orgs.region.created", "orgs.district.started", "accounts.membership.granted"} <= codes


@pytest.mark.django_db
def test_a_second_district_reuses_the_region() -> None:
    _start()
    _start(district="Creek Schools", slug="creek", lead_email="sam@creek.example.org", lead_name="Sam", language="vi")
    assert Region.objects.count() == 1 and District.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"language": "xx"}, "Unknown language 'xx'"),
        ({"lead_email": "not-an-address"}, "Enter a valid email address."),
        ({"slug": "not a slug"}, "slug"),
    ],
)
def test_bad_input_stops_the_command_and_writes_nothing(overrides: dict[str, str], message: str) -> None:
    with pytest.raises(CommandError) as error:
        _start(**overrides)
    assert message.lower() in str(error.value).lower()
    assert not Region.objects.exists() and not District.objects.exists() and not User.objects.exists()
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_a_district_that_exists_is_not_started_twice() -> None:
    _start()
    with pytest.raises(CommandError, match="A district with this short name exists already"):
        _start(lead_email="other@example.org")
    assert User.objects.count() == 1 and Delivery.objects.count() == 1


def test_a_lead_starts_another_district_in_her_region(login: Any, world: World) -> None:
    client = login("dana", language="en")
    district_page = client.get(reverse("orgs:district", kwargs={"slug": "riverbend"})).content.decode()
    url = reverse("orgs:district_start", kwargs={"slug": world.region.slug})
    assert url in district_page
    response = client.post(
        url,
        {
            "name": "Hillside Schools",
            "slug": "hillside",
            "lead_name": "Noor Saleh",
            "lead_email": "noor@hillside.example.org",
            "language": "ar",
        },
    )
    assert response.status_code == 302
    hillside = District.objects.get(slug="hillside")
    assert hillside.region == world.region
    noor = User.objects.get(email="noor@hillside.example.org")
    assert Membership.objects.active().get(user=noor).district == hillside
    assert Delivery.objects.get(address="noor@hillside.example.org").language == "ar"
    assert AuditEvent.objects.get(code="orgs.district.started").actor == world.dana
    # Dana gets no role in the new district.
    assert not Membership.objects.filter(user=world.dana, district=hillside).exists()


def test_the_district_form_says_what_is_wrong_on_its_fields(login: Any, world: World) -> None:
    client = login("dana", language="en")
    response = client.post(
        reverse("orgs:district_start", kwargs={"slug": world.region.slug}),
        {"name": "Again", "slug": "riverbend", "lead_name": "X", "lead_email": "x@example.org", "language": "en"},
    )
    form = response.context["form"]
    assert form.errors["slug"] == ["A district with this short name exists already."]
    assert 'role="alert"' in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


@pytest.mark.parametrize("persona", ["rosa", "omar", "mai", "amina"])
def test_only_a_lead_in_the_region_may_start_a_district(persona: str, login: Any, world: World) -> None:
    response = login(persona).post(
        reverse("orgs:district_start", kwargs={"slug": world.region.slug}),
        {"name": "N", "slug": "n", "lead_name": "N", "lead_email": "n@example.org", "language": "en"},
    )
    assert response.status_code == 404 and not District.objects.filter(slug="n").exists()


def test_a_person_given_a_role_is_told_in_the_language_chosen_for_them(login: Any, world: World) -> None:
    client = login("dana", language="en")
    response = client.post(
        reverse("orgs:people", kwargs={"slug": "riverbend"}),
        {
            "email": "nia@example.org",
            "name": "Nia Brooks",
            "role": Role.EDUCATOR,
            "school": world.lincoln.pk,
            "language": "vi",
        },
        follow=True,
    )
    assert "Village emailed them an invitation in Vietnamese." in response.content.decode()
    delivery = Delivery.objects.get(outbox__kind="orgs.role.granted")
    assert delivery.language == "vi" and delivery.address == "nia@example.org"
    assert "Lincoln Elementary" in delivery.subject and "http://testserver/accounts/login/code/" in delivery.body


def test_someone_who_has_an_account_is_told_in_their_own_language(login: Any, world: World) -> None:
    # Mai (partner staff, Vietnamese) becomes a council member: the lead's choice of language does not apply.
    login("dana", language="en").post(
        reverse("orgs:people", kwargs={"slug": "riverbend"}),
        {
            "email": "mai@example.org",
            "name": "Mai",
            "role": Role.COUNCIL_MEMBER,
            "school": world.lincoln.pk,
            "language": "es",
        },
    )
    assert Delivery.objects.get(outbox__kind="orgs.role.granted").language == "vi"


def test_a_council_member_seated_is_told(world: World) -> None:
    from village.governance.actions import add_member
    from village.governance.models import Council

    council = Council.objects.create(
        district=world.riverbend, school=world.lincoln, kind="joint", name="Family Council"
    )
    add_member(
        world.rosa, council, email="mai@example.org", seat_type="community", term_start=datetime.date(2026, 9, 1)
    )
    delivery = Delivery.objects.get(outbox__kind="orgs.role.granted")
    assert delivery.address == "mai@example.org" and delivery.language == "vi"
