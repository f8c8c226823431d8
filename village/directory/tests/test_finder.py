from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from village.directory import finder
from village.directory.tests.factories import add_service, need_terms
from village.lib.translation import translated


def _lincoln_region(world: Any) -> dict[str, Any]:
    world.lincoln.latitude, world.lincoln.longitude = 41.88, -87.63
    world.lincoln.save()
    tutoring = next(t for t in need_terms() if t.code == "tutoring")
    food = next(t for t in need_terms() if t.code == "food")
    arabic = add_service(
        world.tutoring,
        name="Evening Homework Club",
        latitude=41.895,
        longitude=-87.63,
        categories=[tutoring],
        languages=("ar", "en"),
        slots=((2, 17, 19), (4, 17, 19)),
        seats_total=20,
        seats_available=6,
    )
    arabic.name["ar"] = "نادي الواجبات المسائي"
    arabic.save()
    morning = add_service(
        world.tutoring,
        name="Morning Reading",
        latitude=41.881,
        longitude=-87.63,
        categories=[tutoring],
        languages=("ar",),
        slots=((1, 9, 11),),
    )
    spanish = add_service(
        world.tutoring,
        name="Tutoría",
        latitude=41.882,
        longitude=-87.63,
        categories=[tutoring],
        languages=("es",),
        slots=((3, 17, 20),),
    )
    pantry = add_service(
        world.clinic, name="Pantry", latitude=41.881, longitude=-87.631, categories=[food], languages=("ar",)
    )
    return {"arabic": arabic, "morning": morning, "spanish": spanish, "pantry": pantry}


def test_family_finds_arabic_evening_tutoring_near_their_school_in_arabic(world: Any, login: Any) -> None:
    services = _lincoln_region(world)
    client = login("amina")
    with translation.override("ar"):
        response = client.get(
            reverse("directory:finder"),
            {"need": "tutoring", "language": "ar", "hours": "evening"},
            headers={"accept-language": "ar"},
        )
    assert response.status_code == 200
    results = response.context["results"]
    assert [r.service.pk for r in results] == [services["arabic"].pk]
    body = response.content.decode()
    assert 'dir="rtl"' in body
    assert "نادي الواجبات المسائي" in body
    # Why it fits: the language, the evenings, the distance from Lincoln, the cost and the seats.
    assert "1,7 كم" in results[0].reasons  # Arabic number formatting and unit
    assert len(results[0].reasons) >= 5


def test_finder_works_without_signing_in_and_without_javascript(world: Any, client: Any) -> None:
    services = _lincoln_region(world)
    response = client.get(reverse("directory:finder"), {"near": world.lincoln.pk, "need": "tutoring"})
    assert response.status_code == 200
    found = [r.service.pk for r in response.context["results"]]
    assert found[0] == services["morning"].pk  # nearest first
    assert services["pantry"].pk not in found
    html = response.content.decode()
    assert '<form method="get"' in html  # a plain GET form, nothing needs a script
    assert "near=" in response.context["share_query"]


def test_reasons_explain_the_fit(world: Any, client: Any) -> None:
    services = _lincoln_region(world)
    response = client.get(
        reverse("directory:finder"),
        {"near": world.lincoln.pk, "need": "tutoring", "language": "ar", "hours": "evening"},
    )
    (result,) = response.context["results"]
    assert result.service == services["arabic"]
    assert result.reasons[:2] == ["offered in Arabic", "Tutoring"]
    assert "Tue and Thu evenings" in result.reasons
    assert "free" in result.reasons and "seats available" in result.reasons


def test_untranslated_names_are_marked_not_silently_shown(world: Any, client: Any) -> None:
    services = _lincoln_region(world)
    with translation.override("vi"):
        marker = translated(services["spanish"].name)
    assert not marker.is_translated and marker.original == "Tutoría"
    response = client.get(reverse("directory:finder"), {"need": "tutoring"}, headers={"accept-language": "vi"})
    assert "tag--untranslated" in response.content.decode()


def test_finder_answers_in_few_queries(world: Any, client: Any, django_assert_max_num_queries: Any) -> None:
    _lincoln_region(world)
    for _ in range(3):
        add_service(world.clinic, name="More", latitude=41.88, longitude=-87.62, categories=need_terms()[:2])
    # A constant: the page's own lookups, a few growing search boxes, then one query per related
    # table (hours: the service's, its own at the place, the place's).
    with django_assert_max_num_queries(18):
        response = client.get(reverse("directory:finder"), {"near": world.lincoln.pk})
    assert len(response.context["results"]) == 7


def test_service_page_is_public_printable_and_hides_inactive_services(world: Any, client: Any, login: Any) -> None:
    services = _lincoln_region(world)
    url = reverse("directory:service", kwargs={"pk": services["arabic"].pk})
    response = client.get(url)
    assert response.status_code == 200
    assert url in response.content.decode()  # the short link to share
    services["arabic"].status = "inactive"
    services["arabic"].save()
    assert client.get(url).status_code == 404
    assert login("pat").get(url).status_code == 200  # its own staff still see it


def test_distance_limit_and_bad_input(world: Any, client: Any) -> None:
    _lincoln_region(world)
    response = client.get(reverse("directory:finder"), {"near": world.lincoln.pk, "km": "1"})
    assert all(r.distance_km <= 1 for r in response.context["results"])
    assert len(response.context["results"]) == 3
    response = client.get(reverse("directory:finder"), {"age": "-4", "near": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_when_i_am_free_keeps_only_services_open_then(world: Any, client: Any) -> None:
    services = _lincoln_region(world)
    response = client.get(
        reverse("directory:finder"),
        {"near": world.lincoln.pk, "need": "tutoring", "free_day": "3", "free_from": "18:00", "free_until": "19:30"},
        headers={"accept-language": "en"},
    )
    (result,) = response.context["results"]
    assert result.service == services["spanish"]
    assert result.reasons[0] == "open when you are free: Wed 17:00–20:00"
    # Half a time is refused with a clear message, and no results are guessed.
    response = client.get(
        reverse("directory:finder"), {"need": "tutoring", "free_from": "18:00"}, headers={"accept-language": "en"}
    )
    assert "Give both times, from and until." in response.content.decode()
    assert response.context["results"] == []


def test_a_family_searches_at_the_times_in_its_profile(world: Any, login: Any) -> None:
    from datetime import time

    from village.families.models import AvailabilityWindow, FamilyProfile

    services = _lincoln_region(world)
    profile = FamilyProfile.objects.create(household=world.household, district=world.riverbend)
    AvailabilityWindow.objects.create(
        district=world.riverbend, profile=profile, weekday=4, starts=time(18), ends=time(20)
    )
    client = login("amina", language="en")
    page = client.get(reverse("directory:finder"), {"need": "tutoring"})
    assert "When I am free, as in my family profile" in page.content.decode()
    response = client.get(reverse("directory:finder"), {"need": "tutoring", "my_times": "on"})
    assert [r.service for r in response.context["results"]] == [services["arabic"]]
    assert response.context["results"][0].reasons[0] == "open when you are free: Thu 17:00–19:00"


def test_a_zip_code_is_a_starting_point_and_an_unknown_one_is_explained(world: Any, client: Any) -> None:
    from village.directory.models import Location

    services = _lincoln_region(world)
    Location.objects.filter(service_at_locations__service=services["pantry"]).update(postal_code="60607")
    response = client.get(
        reverse("directory:finder"), {"zip": "60607", "need": "food"}, headers={"accept-language": "en"}
    )
    assert [r.service for r in response.context["results"]] == [services["pantry"]]
    assert response.context["origin"].label == "60607"
    response = client.get(reverse("directory:finder"), {"zip": "99999"}, headers={"accept-language": "en"})
    assert "Village knows no services or schools in this ZIP code." in response.content.decode()


def test_the_filter_form_is_rendered_once_per_language_and_choice_and_stays_exact(world: Any, client: Any) -> None:
    from village.directory.views.finder import FILTERS

    _lincoln_region(world)
    FILTERS.clear()
    url = reverse("directory:finder")
    first = client.get(url, {"need": "tutoring", "hours": "evening"}, headers={"accept-language": "es"})
    again = client.get(url, {"hours": "evening", "need": "tutoring"}, headers={"accept-language": "es"})
    arabic = client.get(url, {"need": "tutoring", "hours": "evening"}, headers={"accept-language": "ar"})
    assert (FILTERS.misses, FILTERS.hits) == (2, 1)
    body = first.content.decode()
    filters = body[body.index('<form method="get" role="search"') : body.index("</form>")]
    assert filters in again.content.decode()
    assert '<option value="tutoring" selected>' in body and 'value="evening"' in body and "checked" in body
    assert "¿Qué tipo de ayuda?" in body and "¿Qué tipo de ayuda?" not in arabic.content.decode()
    # A renamed school is a new version of the options: the form shows the new name at once.
    world.lincoln.name = "Lincoln Community School"
    world.lincoln.save()
    renamed = client.get(url, {"need": "tutoring", "hours": "evening"}, headers={"accept-language": "es"})
    assert "Lincoln Community School" in renamed.content.decode()
    # Errors are never cached: each is shown for the values that caused it.
    wrong = client.get(url, {"free_from": "18:00"}, headers={"accept-language": "es"})
    assert wrong.context["form"].errors and FILTERS.misses == 3


def test_finder_queries_do_not_grow_with_the_directory(world: Any, client: Any, django_assert_num_queries: Any) -> None:
    _lincoln_region(world)
    url, params = reverse("directory:finder"), {"near": world.lincoln.pk, "need": "tutoring"}
    tutoring = [t for t in need_terms() if t.code == "tutoring"]
    counts = []
    # Past a page of results (the search widens its box until it has one), more services cost no query.
    for size in (finder.PAGE_SIZE + 5, 2 * finder.PAGE_SIZE):
        for i in range(size):
            add_service(world.clinic, name=f"Club {size}-{i}", latitude=41.88, longitude=-87.62, categories=tutoring)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(url, params)


def test_service_page_queries_do_not_grow_with_its_schedule(world: Any, client: Any) -> None:
    services = _lincoln_region(world)
    few = add_service(world.clinic, name="Few", latitude=41.88, longitude=-87.62, slots=((1, 9, 10),))
    many = add_service(
        world.clinic,
        name="Many",
        latitude=41.88,
        longitude=-87.62,
        languages=("ar", "en", "es", "vi"),
        categories=need_terms()[:4],
        slots=tuple((day, 9, 10) for day in range(1, 6)),
    )
    counts = []
    for service in (services["pantry"], few, many):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("directory:service", kwargs={"pk": service.pk})).status_code == 200
        counts.append(len(captured))
    assert len(set(counts)) == 1, counts
