from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import World
from village.accounts.models import Membership, Role, User
from village.audit.models import AuditEvent


def test_a_district_lead_gives_a_new_person_a_role_at_a_school(client: Any, world: World) -> None:
    client.force_login(world.dana)
    response = client.post(
        reverse("orgs:people", kwargs={"slug": "riverbend"}),
        {"email": "New.Teacher@Example.org", "name": "Nia Brooks", "role": Role.EDUCATOR, "school": world.lincoln.pk},
    )
    assert response.status_code == 302
    nia = User.objects.get(email="new.teacher@example.org")
    assert not nia.has_usable_password()
    membership = Membership.objects.get(user=nia)
    assert (membership.role, membership.school, membership.district) == (Role.EDUCATOR, world.lincoln, world.riverbend)
    event = AuditEvent.objects.get(code="accounts.membership.granted")
    assert event.actor == world.dana
    assert event.details == {"person": "new.teacher@example.org", "role": "educator"}
    # Rosa, the coordinator, now sees Nia on the school page.
    client.force_login(world.rosa)
    assert "Nia Brooks" in client.get(reverse("home:school", kwargs={"pk": world.lincoln.pk})).content.decode()


def test_a_role_at_the_wrong_kind_of_place_is_refused_on_the_field(client: Any, world: World) -> None:
    client.force_login(world.dana)
    response = client.post(
        reverse("orgs:people", kwargs={"slug": "riverbend"}),
        {"email": "x@example.org", "name": "X", "role": Role.SCHOOL_COORDINATOR},
    )
    assert response.status_code == 200
    assert "school" in response.context["form"].errors
    assert not User.objects.filter(email="x@example.org").exists()


def test_a_duplicate_role_is_refused(client: Any, world: World) -> None:
    client.force_login(world.dana)
    response = client.post(
        reverse("orgs:people", kwargs={"slug": "riverbend"}),
        {"email": "rosa@example.org", "name": "Rosa", "role": Role.SCHOOL_COORDINATOR, "school": world.lincoln.pk},
    )
    assert response.context["form"].non_field_errors()
    assert Membership.objects.filter(user=world.rosa).count() == 1


def test_a_lead_cannot_place_people_in_another_districts_school(client: Any, world: World) -> None:
    client.force_login(world.dana)
    response = client.post(
        reverse("orgs:people", kwargs={"slug": "riverbend"}),
        {"email": "y@example.org", "name": "Y", "role": Role.EDUCATOR, "school": world.bayview.pk},
    )
    assert "school" in response.context["form"].errors
    assert not Membership.objects.filter(school=world.bayview, role=Role.EDUCATOR).exists()


def test_ending_a_role_removes_access_at_once(client: Any, world: World) -> None:
    membership = Membership.objects.get(user=world.sam)
    client.force_login(world.dana)
    response = client.post(reverse("orgs:membership_end", kwargs={"pk": membership.pk}), {"district": "riverbend"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_at is not None
    client.force_login(world.sam)
    assert client.get(reverse("home:school", kwargs={"pk": world.lincoln.pk})).status_code == 404


def test_only_a_lead_of_that_district_ends_a_role(client: Any, world: World) -> None:
    membership = Membership.objects.get(user=world.sam)
    for persona in (world.rosa, world.omar, world.mai):
        client.force_login(persona)
        assert client.post(reverse("orgs:membership_end", kwargs={"pk": membership.pk})).status_code == 404
    membership.refresh_from_db()
    assert membership.ended_at is None


def test_the_people_list_filters_by_role_without_n_plus_one(
    client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    client.force_login(world.dana)
    url = reverse("orgs:people", kwargs={"slug": "riverbend"})
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url, {"role": Role.EDUCATOR})
    names = [m.user.name for m in response.context["page"].object_list]
    assert names == ["Samuel Okafor"]
