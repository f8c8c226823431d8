"""The public HSDS 3 API's filters: by language, accessibility, opening times, age, words, HSDS
ids, date, postcode and proximity; and bad values refused with the parameter named.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone

from village.directory.models import Location, Service, ServiceAtLocation, TaxonomyTerm
from village.directory.tests.hsds_api import BASE, Directory, get, hsds_id, names, org_id

pytestmark = pytest.mark.usefixtures("require_hsds")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"language": "es"}, ["Homework help"]),
        ({"language": "AR"}, ["Legal clinic"]),
        ({"language": "en"}, ["Homework help", "Maths club"]),
        ({"accessibility": "wheelchair"}, ["Homework help"]),
        ({"accessibility": "elevator"}, []),
        ({"open_on": 1}, ["Homework help"]),
        ({"open_on": 1, "open_at": "15:00"}, ["Homework help"]),
        ({"open_on": 1, "open_at": "18:00"}, []),  # closes at 18:00
        ({"open_on": 3, "open_at": "11:59"}, ["Maths club"]),
        ({"open_on": 7}, []),
        ({"age": 7}, ["Homework help", "Legal clinic"]),  # no ages set: for everyone
        ({"age": 13}, ["Legal clinic", "Maths club"]),
        ({"age": 40}, ["Legal clinic"]),
        ({"search": "homework"}, ["Homework help"]),
        ({"search": "TUTORES"}, ["Homework help"]),  # the Spanish description
        ({"search": "eastside"}, ["Maths club"]),  # the organization's name
        ({"search": "maths tutoring"}, ["Maths club"]),  # its taxonomy term
        ({"search": "clinic help"}, ["Homework help"]),  # every word must match
        ({"search": "..."}, ["Homework help", "Legal clinic", "Maths club"]),  # no words: no filter
        ({"language": "en", "age": 13, "open_on": 3}, ["Maths club"]),  # filters combine (AND)
        ({"taxonomy_term_id": "not-a-uuid"}, []),
        ({"organization_id": "4b0a9f5e-2f4c-4a53-9d0b-7c1e6a2d8e11"}, []),
    ],
)
def test_service_filters(client: Any, directory: Directory, params: dict[str, Any], expected: list[str]) -> None:
    assert names(get(client, "/services", **params)) == expected
    # The same filters select the services' places.
    sals = get(client, "/service_at_locations", **params)
    assert sorted(item["service"]["name"] for item in sals["contents"]) == expected


def test_filters_by_hsds_ids_and_date(client: Any, directory: Directory) -> None:
    clinic = org_id(directory.homework.organization)
    assert names(get(client, "/services", organization_id=clinic)) == ["Homework help", "Legal clinic"]
    assert names(get(client, "/services", taxonomy_term_id=hsds_id(directory.term))) == ["Homework help"]
    assert names(get(client, "/services", taxonomy_id=hsds_id(directory.local))) == ["Maths club"]
    assert names(get(client, "/services", taxonomy_id=hsds_id(directory.term.taxonomy))) == ["Homework help"]
    # Far enough ahead that neither the time of day nor the site's time zone matters.
    later = timezone.now() + datetime.timedelta(days=1)
    Service.objects.filter(pk=directory.legal.pk).update(updated_at=later + datetime.timedelta(days=2))
    assert names(get(client, "/services", modified_after=later.isoformat())) == ["Legal clinic"]
    day_after = timezone.localdate() + datetime.timedelta(days=2)
    assert names(get(client, "/services", modified_after=day_after.isoformat())) == ["Legal clinic"]
    sals = get(client, "/service_at_locations", organization_id=clinic, modified_after=later.isoformat())
    assert [s["service"]["name"] for s in sals["contents"]] == ["Legal clinic"]


def test_places_by_postcode_and_proximity(client: Any, directory: Directory) -> None:
    def at(**params: Any) -> list[str]:
        return sorted(s["service"]["name"] for s in get(client, "/service_at_locations", **params)["contents"])

    assert at(postcode="60601") == ["Homework help"]  # a ZIP code matches its ZIP+4 codes
    assert at(postcode="60614") == ["Maths club"]
    assert at(postcode="99999") == []
    assert at(postcode="606\x0001") == []
    assert at(postcode="  ") == ["Homework help", "Legal clinic", "Maths club"]  # blank: no filter
    # Homework help is about 2.8 km from Maths club (41.88,-87.63 to 41.90,-87.65); Legal clinic ~45 km away.
    assert at(postcode="60601", proximity=1000) == ["Homework help"]
    assert at(postcode="60601", proximity=5000) == ["Homework help", "Maths club"]
    assert at(postcode="60601", proximity="100000") == ["Homework help", "Legal clinic", "Maths club"]
    assert at(postcode="99999", proximity=5000) == []  # a postcode Village knows no place in


def test_accessibility_of_a_place_is_that_places_own(client: Any, directory: Directory) -> None:
    second = Location.objects.create(
        organization=directory.legal.organization,
        name="Annex",
        latitude=42.0,
        longitude=-87.7,
        accessibility=["elevator"],
    )
    ServiceAtLocation.objects.create(service=directory.legal, location=second)
    assert names(get(client, "/services", accessibility="elevator")) == ["Legal clinic"]
    sals = get(client, "/service_at_locations", accessibility="elevator")
    assert [s["location"]["name"] for s in sals["contents"]] == ["Annex"]


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"language": "english!"}, "language", "pattern"),
        ({"accessibility": "stairs"}, "accessibility", "wheelchair"),
        ({"open_on": 8}, "open_on", "less than or equal to 7"),
        ({"open_on": "monday"}, "open_on", "integer"),
        ({"open_on": 1, "open_at": "25:00"}, "open_at", "pattern"),
        ({"open_at": "10:00"}, "", "open_at needs open_on"),
        ({"age": -1}, "age", "greater than or equal to 0"),
        ({"modified_after": "yesterday"}, "modified_after", "datetime"),
        ({"modified_after": "9999-12-31T23:00:00-14:00"}, "modified_after", "out of range"),
        ({"format": "xml"}, "format", "ndjson"),
        ({"page": "first"}, "page", "integer"),
        ({"minimal": "perhaps"}, "minimal", "boolean"),
    ],
)
def test_bad_values_are_refused_with_the_parameter_named(
    client: Any, db: Any, params: dict[str, Any], parameter: str, message: str
) -> None:
    response = client.get(f"{BASE}/services", params)
    assert response.status_code == 422
    errors = response.json()["detail"]
    text = json.dumps(errors)
    assert message in text
    if parameter:
        assert any(error["loc"][-1] == parameter for error in errors), errors


def test_place_filters_refuse_bad_values(client: Any, db: Any) -> None:
    assert client.get(f"{BASE}/service_at_locations", {"proximity": "near"}).status_code == 422
    response = client.get(f"{BASE}/service_at_locations", {"proximity": "100"})
    assert response.status_code == 422
    assert "proximity needs postcode" in response.content.decode()
    assert client.get(f"{BASE}/service_at_locations", {"postcode": "1", "proximity": "-5"}).status_code == 422


def test_taxonomy_terms_filters(client: Any, directory: Directory) -> None:
    local = hsds_id(directory.local)
    assert names(get(client, "/taxonomy_terms", taxonomy_id=local)) == ["Education", "Maths tutoring"]
    assert names(get(client, "/taxonomy_terms", taxonomy_id=local, top_only="true")) == ["Education"]
    parent = hsds_id(directory.child.parent)
    assert names(get(client, "/taxonomy_terms", parent_id=parent)) == ["Maths tutoring"]
    assert names(get(client, "/taxonomy_terms", search="maths")) == ["Maths tutoring"]
    everything = get(client, "/taxonomy_terms", per_page=100)
    assert everything["total_items"] == TaxonomyTerm.objects.count()
    assert names(get(client, "/taxonomies", search="local")) == ["Local"]
