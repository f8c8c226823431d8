from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import World
from village.families.models import EducatorAssignment, FamilyProfile, Need, Plan


def _profile_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "preferred_language": "ara",
        "preferred_channels": ["text", "phone"],
        "best_times": "After 6pm",
        "travel_modes": ["bus"],
        "max_travel_minutes": "30",
        "accommodations": ["interpreter", "childcare"],
        "windows-TOTAL_FORMS": "2",
        "windows-INITIAL_FORMS": "0",
        "windows-MIN_NUM_FORMS": "0",
        "windows-MAX_NUM_FORMS": "21",
        "windows-0-weekday": "6",  # Saturday (ISO: Monday is 1)
        "windows-0-starts": "10:00",
        "windows-0-ends": "13:00",
        "windows-1-weekday": "3",  # Wednesday
        "windows-1-starts": "18:30",
        "windows-1-ends": "20:00",
    }
    data.update(overrides)
    return data


def test_a_family_keeps_its_profile_with_evening_and_weekend_times(login: Any, world: World) -> None:
    client = login("amina")
    response = client.post(reverse("families:profile"), _profile_post())
    assert response.status_code == 302
    profile = FamilyProfile.objects.get(household=world.household)
    assert profile.preferred_channels == ["text", "phone"]
    assert profile.accommodations == ["interpreter", "childcare"]
    assert [(w.weekday, f"{w.starts:%H:%M}", f"{w.ends:%H:%M}") for w in profile.windows.all()] == [
        (3, "18:30", "20:00"),
        (6, "10:00", "13:00"),
    ]
    with translation.override("en"):
        assert [w.get_weekday_display() for w in profile.windows.all()] == ["Wednesday", "Saturday"]


def test_a_window_ending_before_it_starts_is_refused(login: Any, world: World) -> None:
    response = login("amina").post(reverse("families:profile"), _profile_post(**{"windows-0-ends": "09:00"}))
    assert response.status_code == 200
    assert response.context["windows"].forms[0].errors["ends"]
    assert not FamilyProfile.objects.exists()


def test_a_language_village_does_not_offer_falls_back_and_says_so(login: Any, world: World) -> None:
    client = login("amina", language="en")
    client.post(reverse("families:profile"), _profile_post(preferred_language="som"))
    page = client.get(reverse("families:profile"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "not yet translated into Somali" in page
    client.post(reverse("families:profile"), _profile_post(preferred_language="vie"))
    assert "Village is available in Vietnamese" in client.get(reverse("families:profile")).content.decode()


def test_every_edfi_language_can_be_chosen() -> None:
    import re

    from conftest import SHARED, skip_or_fail
    from village.lib.languages import edfi_languages

    source = SHARED / "external/edfi-data-standard-5.2/Descriptors/LanguageDescriptor.xml"
    if not source.exists():
        skip_or_fail("The Ed-Fi descriptors are not here.")
    edfi = set(re.findall(r"<CodeValue>([^<]+)</CodeValue>", source.read_text(encoding="utf-8")))
    offered = {code for code, _name in edfi_languages()}
    assert len(edfi) == 484
    assert edfi <= offered, sorted(edfi - offered)
    assert offered - edfi == {"cnr", "zxx"}  # ISO 639-2 codes newer than Ed-Fi 5.2


def test_the_profile_page_renders_in_vietnamese_and_arabic(login: Any, world: World) -> None:
    client = login("amina")
    for language, direction in (("vi", "ltr"), ("ar", "rtl")):
        world.amina.preferred_language = language
        world.amina.save()
        page = client.get(reverse("families:profile")).content.decode()
        assert f'lang="{language}" dir="{direction}"' in page


def test_the_privacy_page_says_immigration_status_is_never_asked(client: Any, world: World) -> None:
    page = client.get(reverse("families:privacy")).content.decode()
    assert "never asks for, and never stores, anyone's immigration status" in page


def test_a_family_adds_a_need_and_a_goal_to_the_plan(login: Any, world: World) -> None:
    client = login("amina", language="en")
    url = reverse("families:need_add", kwargs={"pk": world.layla.pk})
    response = client.post(url, {"category": "tutoring", "urgency": "soon", "barriers": ["transportation", "schedule"]})
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.source == "family" and need.barriers == ["transportation", "schedule"]
    client.post(reverse("families:goal_add", kwargs={"pk": world.layla.pk}), {"text": "Read chapter books"})
    client.post(
        reverse("families:plan_edit", kwargs={"pk": world.layla.pk}), {"success_in_own_words": "She loves school."}
    )
    page = client.get(reverse("families:student", kwargs={"pk": world.layla.pk})).content.decode()
    assert "Read chapter books" in page and "She loves school." in page and "Transportation" in page


def test_opening_a_student_and_their_plan_writes_nothing(login: Any, world: World) -> None:
    client = login("amina", language="en")
    for name in ("families:student", "families:plan_edit"):
        assert client.get(reverse(name, kwargs={"pk": world.layla.pk})).status_code == 200
    assert not Plan.objects.exists()
    # The first goal stores the plan it belongs to.
    client.post(reverse("families:goal_add", kwargs={"pk": world.layla.pk}), {"text": "Read chapter books"})
    assert Plan.objects.get().goals.get().text == "Read chapter books"


def test_need_status_changes_keep_their_history(login: Any, world: World) -> None:
    need = Need.objects.create(
        district=world.riverbend, school=world.lincoln, student=world.layla, category="food", source="survey"
    )
    client = login("rosa")
    url = reverse("families:need_status", kwargs={"pk": need.pk})
    client.post(url, {"status": "in_progress"})
    client.post(url, {"status": "met"})
    need.refresh_from_db()
    assert need.status == "met"
    assert [h.status for h in need.history.order_by("history_date")] == ["open", "in_progress", "met"]


def _needs(world: World) -> None:
    from village.families.models import Student

    lucas = Student.objects.get(local_id="RB-2")
    lucas.has_iep = True
    lucas.save()
    Need.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        student=world.layla,
        category="tutoring",
        source="family",
        urgency="urgent",
    )
    Need.objects.create(district=world.riverbend, school=world.lincoln, student=lucas, category="food", source="survey")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, 2),
        ({"category": "food"}, 1),
        ({"urgency": "urgent"}, 1),
        ({"group": "disability"}, 1),
        ({"group": "english_learner"}, 1),
        ({"status": "met"}, 0),
    ],
)
def test_the_registry_filters(
    login: Any, world: World, query: dict[str, str], expected: int, django_assert_max_num_queries: Any
) -> None:
    _needs(world)
    client = login("rosa")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("families:needs_registry", kwargs={"pk": world.lincoln.pk}), query)
    assert response.context["page"].paginator.count == expected


def test_bulk_needs_from_a_screening_save_all_or_none(login: Any, world: World) -> None:
    client = login("rosa")
    url = reverse("families:needs_bulk", kwargs={"pk": world.lincoln.pk})
    base = {"rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "0", "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "200"}
    bad = {
        **base,
        "rows-0-student_id": "RB-1",
        "rows-0-category": "food",
        "rows-0-urgency": "soon",
        "rows-1-student_id": "NOPE",
        "rows-1-category": "health",
        "rows-1-urgency": "soon",
    }
    response = client.post(url, bad)
    assert response.context["row_errors"][0]["row"] == 2
    assert not Need.objects.exists()
    good = {**bad, "rows-1-student_id": "RB-2"}
    assert client.post(url, good).status_code == 302
    assert Need.objects.filter(source="screening").count() == 2


def test_bulk_needs_from_a_csv_file(login: Any, world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = b"student_id,category,urgency,description\nRB-1,food,urgent,Weekend meals\nRB-2,transport,routine,\n"
    response = login("rosa").post(
        reverse("families:needs_bulk", kwargs={"pk": world.lincoln.pk}),
        {"file": SimpleUploadedFile("screening.csv", csv, content_type="text/csv"), "source": "screening"},
    )
    assert response.status_code == 302
    assert sorted(Need.objects.values_list("category", flat=True)) == ["food", "transport"]


def test_an_educator_sees_only_the_students_they_serve(login: Any, world: World) -> None:
    client = login("sam")
    student_url = reverse("families:student", kwargs={"pk": world.layla.pk})
    assert client.get(student_url).status_code == 404
    EducatorAssignment.objects.create(educator=world.sam, student=world.layla, district=world.riverbend)
    client = login("sam")
    assert client.get(student_url).status_code == 200
    listing = client.get(reverse("families:school_students", kwargs={"pk": world.lincoln.pk}))
    assert [s.local_id for s in listing.context["page"].object_list] == ["RB-1"]


def test_only_specialists_among_educators_see_disability_and_program_flags(login: Any, world: World) -> None:
    world.layla.has_iep = True
    world.layla.save()
    assignment = EducatorAssignment.objects.create(educator=world.sam, student=world.layla, district=world.riverbend)
    url = reverse("families:student", kwargs={"pk": world.layla.pk})
    assert "Has an IEP" not in login("sam").get(url).content.decode()
    assignment.role = "specialist"
    assignment.save()
    assert "Has an IEP" in login("sam").get(url).content.decode()
    assert "Has an IEP" in login("rosa", language="en").get(url).content.decode()


@pytest.mark.parametrize("persona", ["mai", "pat", "omar", "grace", "lucas"])
def test_partner_staff_and_others_see_nothing_of_a_student(login: Any, world: World, persona: str) -> None:
    from village.families.tests.helpers import make_consent

    make_consent(world)  # even a consent to Mai's clinic shows her nothing here: referrals will
    client = login(persona)
    for name in ("families:student", "families:consents", "families:disclosures", "families:plan_edit"):
        assert client.get(reverse(name, kwargs={"pk": world.layla.pk})).status_code == 404
