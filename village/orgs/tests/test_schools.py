from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import World
from village.audit.models import AuditEvent
from village.orgs.models import School


def _school_data(**overrides: Any) -> dict[str, Any]:
    data = {"name": "Jefferson Middle", "level": "middle", "lowest_grade": 6, "highest_grade": 8, "city": "Riverbend"}
    data.update(overrides)
    return data


def test_a_lead_adds_a_school_and_the_trail_shows_it(client: Any, world: World) -> None:
    client.force_login(world.dana)
    response = client.post(reverse("orgs:school_create", kwargs={"slug": "riverbend"}), _school_data())
    school = School.objects.get(name="Jefferson Middle")
    assert response["Location"] == school.get_absolute_url()
    assert school.district == world.riverbend
    page = client.get(school.get_absolute_url()).content.decode()
    assert "Dana Whitfield created the school" in page


def test_a_coordinator_edits_their_school_and_history_is_kept(client: Any, world: World) -> None:
    client.force_login(world.rosa)
    url = reverse("orgs:school_edit", kwargs={"pk": world.lincoln.pk})
    data = _school_data(
        name="Lincoln Elementary", level="elementary", lowest_grade=0, highest_grade=5, phone="555-0100"
    )
    assert client.post(url, data).status_code == 302
    world.lincoln.refresh_from_db()
    assert world.lincoln.phone == "555-0100"
    event = AuditEvent.objects.get(code="orgs.school.updated")
    assert set(event.details["fields"]) == {"phone", "city"}
    assert world.lincoln.history.count() == 2


def test_grades_out_of_order_are_refused_on_the_field(client: Any, world: World) -> None:
    client.force_login(world.dana)
    response = client.post(
        reverse("orgs:school_create", kwargs={"slug": "riverbend"}), _school_data(lowest_grade=9, highest_grade=3)
    )
    assert response.context["form"].errors["highest_grade"]
    assert not School.objects.filter(name="Jefferson Middle").exists()


def test_coordinates_out_of_range_are_refused(client: Any, world: World) -> None:
    client.force_login(world.dana)
    response = client.post(
        reverse("orgs:school_create", kwargs={"slug": "riverbend"}), _school_data(latitude="123", longitude="-87.6")
    )
    assert "latitude" in response.context["form"].errors


def test_errors_arrive_in_arabic_for_an_arabic_reader(client: Any, world: World) -> None:
    world.dana.preferred_language = "ar"
    world.dana.save()
    client.force_login(world.dana)
    response = client.post(reverse("orgs:school_create", kwargs={"slug": "riverbend"}), _school_data(name=""))
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "هذا الحقل مطلوب" in html


def test_educators_see_the_school_but_not_its_roster_summary_or_trail(client: Any, world: World) -> None:
    client.force_login(world.sam)
    response = client.get(reverse("home:school", kwargs={"pk": world.lincoln.pk}))
    assert response.status_code == 200
    assert "enrolled" not in response.context
    assert "trail" not in response.context


def test_a_partner_edits_its_own_profile_but_not_another(client: Any, world: World) -> None:
    client.force_login(world.mai)
    url = reverse("orgs:organization_edit", kwargs={"pk": world.clinic.pk})
    data = {"name": "Northside Family Health Clinic", "partner_type": "health", "description": "Pediatrics, dental."}
    assert client.post(url, data).status_code == 302
    world.clinic.refresh_from_db()
    assert world.clinic.description == "Pediatrics, dental."
    other = reverse("orgs:organization_edit", kwargs={"pk": world.tutoring.pk})
    assert client.post(other, {**data, "name": "Hijacked"}).status_code == 404
    world.tutoring.refresh_from_db()
    assert world.tutoring.name == "Eastside Tutoring"


def test_the_partner_list_filters_and_answers_htmx_with_the_results_only(client: Any, world: World) -> None:
    client.force_login(world.dana)
    url = reverse("orgs:partners", kwargs={"slug": "riverbend"})
    full = client.get(url, {"partner_type": "health"})
    assert [o.name for o in full.context["page"].object_list] == ["Northside Family Health Clinic"]
    assert "<html" in full.content.decode()
    partial = client.get(url, {"q": "tutor"}, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body
    assert 'id="partner-results"' in body
    assert "Eastside Tutoring" in body


def test_district_page_lists_schools_with_enrollment_in_few_queries(
    client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    client.force_login(world.dana)
    url = reverse("orgs:district", kwargs={"slug": "riverbend"})
    with django_assert_max_num_queries(14):
        response = client.get(url)
    rows = {s.name: s.enrolled for s in response.context["schools"]}
    assert rows == {"Lincoln Elementary": 2, "Washington High": 0}
