from __future__ import annotations

import csv
import io
from typing import Any

from django.urls import reverse

from village.directory.tests.factories import add_service, need_terms
from village.families.models import Household, Student


def _setup(world: Any) -> None:
    for school, lat in ((world.lincoln, 41.88), (world.washington, 41.95)):
        school.latitude, school.longitude = lat, -87.63
        school.save()
    # Lincoln's top home languages: Arabic (Layla's household) and English (Lucas has none: unassigned).
    english = Household.objects.create(district=world.riverbend, name="Smith", home_language="en")
    Student.objects.create(
        district=world.riverbend,
        school=world.lincoln,
        household=english,
        local_id="RB-9",
        given_name="A",
        family_name="S",
        grade=2,
    )
    tutoring = next(t for t in need_terms() if t.code == "tutoring")
    add_service(
        world.tutoring,
        name="Evening tutoring",
        latitude=41.89,
        longitude=-87.63,
        categories=[tutoring],
        languages=("ar", "en"),
        slots=((2, 17, 19),),
    )
    # Only in the school day: does not count.
    add_service(
        world.tutoring,
        name="Day tutoring",
        latitude=41.885,
        longitude=-87.63,
        categories=[tutoring],
        languages=("ar", "en"),
        slots=((2, 9, 11),),
    )


def test_coverage_counts_services_in_top_languages_and_shows_gaps(world: Any, login: Any, settings: Any) -> None:
    _setup(world)
    settings.VILLAGE_MAP_TILE_URL = ""
    # Without a tile server the page sends no map (an empty box) and no Leaflet.
    without_tiles = login("dana").get(reverse("directory:coverage")).content.decode()
    assert 'id="coverage-markers-map"' not in without_tiles and "leaflet.js" not in without_tiles
    settings.VILLAGE_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = login("dana").get(reverse("directory:coverage"))
    assert response.status_code == 200
    rows = {row.school.name: row for row in response.context["rows"]}
    terms = [t.code for t in response.context["terms"]]
    lincoln = rows["Lincoln Elementary"]
    assert set(lincoln.languages) == {"ar", "en"}
    assert lincoln.cells[terms.index("tutoring")].count == 1
    assert lincoln.cells[terms.index("tutoring")].level == "thin"
    assert lincoln.cells[terms.index("food")].level == "gap"
    assert rows["Washington High"].cells[terms.index("tutoring")].count == 0  # 7 km away
    assert "Bayview Elementary" not in rows  # another district
    # The map colours each located school by its worst level, with the figures in its label.
    markers = {m["name"].split(":")[0]: m for m in response.context["markers"]}
    assert markers["Lincoln Elementary"]["level"] == "gap"
    assert f"{lincoln.gaps} gaps" in markers["Lincoln Elementary"]["name"]
    assert 'id="coverage-markers-map"' in response.content.decode()


def test_coordinator_sees_only_their_school_and_can_download_csv(world: Any, login: Any) -> None:
    _setup(world)
    client = login("rosa")
    assert [r.school.name for r in client.get(reverse("directory:coverage")).context["rows"]] == ["Lincoln Elementary"]
    response = client.get(reverse("directory:coverage_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Escuela"  # headers in the coordinator's language (Spanish)
    assert rows[1][0] == "Lincoln Elementary"
    assert rows[1][3 + [t.code for t in need_terms()].index("tutoring")] == "1"


def test_coverage_page_queries_do_not_grow_with_schools(
    world: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    _setup(world)
    client = login("dana")
    client.get(reverse("directory:coverage"))
    with django_assert_max_num_queries(10):
        client.get(reverse("directory:coverage"))
