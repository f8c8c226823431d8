"""The public HSDS 3 API under /api/hsds/: behaviour, the official schemas, and schemathesis.

Every response is validated against the official HSDS 3.0 schemas (read at test time from
shared/external/hsds-3.0, never copied here) with formats checked and unknown fields rejected;
schemathesis then fuzzes the official OpenAPI document against the app in-process.
"""

from __future__ import annotations

import copy
import datetime
import functools
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import SHARED, World, skip_or_fail
from village.directory.models import (
    DirectoryProfile,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from village.directory.tests.factories import add_service, need_terms

HSDS = SHARED / "external" / "hsds-3.0"
REMOTE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
SNAPSHOT = Path(__file__).resolve().parents[3] / "tests" / "snapshots" / "hsds_openapi.json"
BASE = "/api/hsds"


@pytest.fixture(autouse=True)
def _require_hsds() -> None:
    if not (HSDS / "openapi" / "openapi.json").exists():
        skip_or_fail("The HSDS 3.0 schemas and API document (shared/external/hsds-3.0) are not here.")


# --- The directory the tests read ------------------------------------------------------------


@dataclass
class Directory:
    homework: Service  # Northside clinic: en+es, Monday 15-18, wheelchair, ages 6-12, a need term
    maths: Service  # Eastside tutoring: en, Wednesday 9-12, ages 10-14
    legal: Service  # Northside clinic: ar, Saturday 10-14, no ages
    closed: Service  # inactive: never published
    hidden_org: Any  # the closed service's organization, which has no other
    term: TaxonomyTerm
    child: TaxonomyTerm
    local: Taxonomy


@pytest.fixture
def directory(world: World) -> Directory:
    from village.orgs.models import Organization, PartnerType

    terms = need_terms()
    local = Taxonomy.objects.create(name="Local", description="", uri="https://example.org/local", version="2")
    parent = TaxonomyTerm.objects.create(taxonomy=local, code="edu", name="Education")
    child = TaxonomyTerm.objects.create(taxonomy=local, code="edu-maths", name="Maths tutoring", parent=parent)
    homework = add_service(
        world.clinic,
        name="Homework help",
        latitude=41.88,
        longitude=-87.63,
        categories=[terms[0]],
        languages=("en", "es"),
        slots=((1, 15, 18),),
        accessibility=("wheelchair", "restroom"),
        min_age=6,
        max_age=12,
        url="https://clinic.example.org/homework",
        email="help@clinic.example.org",
        phone="+1 312 555 0100",
        last_verified_at=timezone.now(),
    )
    Service.objects.filter(pk=homework.pk).update(description={"en": "Tutors after school.", "es": "Tutores."})
    Location.objects.filter(service_at_locations__service=homework).update(
        address_1="1 Main St", city="Chicago", state_province="IL", postal_code="60601-1234"
    )
    maths = add_service(
        world.tutoring,
        name="Maths club",
        latitude=41.90,
        longitude=-87.65,
        categories=[child],
        slots=((3, 9, 12),),
        min_age=10,
        max_age=14,
        cost="fee",
        fees_description="$5 a week",
    )
    Location.objects.filter(service_at_locations__service=maths).update(postal_code="60614")
    legal = add_service(
        world.clinic, name="Legal clinic", latitude=42.2, longitude=-87.9, languages=("ar",), slots=((6, 10, 14),)
    )
    hidden_org = Organization.objects.create(
        region=world.region, name="Closed shop", partner_type=PartnerType.NONPROFIT
    )
    closed = add_service(
        hidden_org, name="Closed pantry", latitude=41.88, longitude=-87.63, status=ServiceStatus.INACTIVE
    )
    return Directory(homework, maths, legal, closed, hidden_org, terms[0], child, local)


def hsds_id(obj: Any) -> str:
    return str(obj.hsds_id)


def org_id(org: Any) -> str:
    return str(DirectoryProfile.objects.get_or_create(organization=org)[0].hsds_id)


def sal_id(service: Service) -> str:
    return str(ServiceAtLocation.objects.get(service=service).hsds_id)


def get(client: Any, path: str, **params: Any) -> Any:
    response = client.get(f"{BASE}{path}", params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def names(page: dict[str, Any]) -> list[str]:
    return sorted(item["name"] for item in page["contents"])


# --- Behaviour ------------------------------------------------------------------------------


def test_root_describes_the_api(client: Any, db: Any) -> None:
    body = get(client, "/")
    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    assert client.get(body["openapi_url"]).status_code == 200


def test_pages_report_their_place(client: Any, directory: Directory) -> None:
    first = get(client, "/services", per_page=2)
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    second = get(client, "/services", per_page=2, page=2)
    assert (second["page_number"], second["size"], second["first_page"], second["last_page"]) == (2, 1, False, True)
    seen = [s["id"] for s in first["contents"] + second["contents"]]
    assert sorted(seen) == sorted(hsds_id(s) for s in (directory.homework, directory.maths, directory.legal))

    past = get(client, "/services", per_page=2, page=10**30)
    assert (past["size"], past["contents"], past["empty"], past["last_page"]) == (0, [], False, True)
    assert get(client, "/services", page=-3)["page_number"] == 1  # below 1: the first page
    assert get(client, "/services", per_page=0)["size"] == 1  # clamped into 1..100
    assert get(client, "/services", per_page=10**6)["size"] == 3

    nothing = get(client, "/services", search="zebra")
    assert {k: v for k, v in nothing.items() if k != "contents"} == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
    }


def test_inactive_services_and_their_organizations_are_never_published(client: Any, directory: Directory) -> None:
    closed = directory.closed
    assert hsds_id(closed) not in [s["id"] for s in get(client, "/services", per_page=100)["contents"]]
    assert client.get(f"{BASE}/services/{hsds_id(closed)}").status_code == 404
    assert client.get(f"{BASE}/service_at_locations/{sal_id(closed)}").status_code == 404
    assert hsds_id(closed) not in json.dumps(get(client, "/service_at_locations", per_page=100))
    hidden = org_id(directory.hidden_org)
    assert hidden not in [o["id"] for o in get(client, "/organizations")["contents"]]
    assert client.get(f"{BASE}/organizations/{hidden}").status_code == 404
    assert get(client, "/services", organization_id=hidden)["total_items"] == 0
    # An organization lists only its active services, and only the places they are offered at.
    clinic = get(client, f"/organizations/{org_id(directory.homework.organization)}")
    assert sorted(s["name"] for s in clinic["services"]) == ["Homework help", "Legal clinic"]
    tutoring = get(client, f"/organizations/{org_id(directory.maths.organization)}")
    assert [s["name"] for s in tutoring["services"]] == ["Maths club"]
    assert [loc["name"] for loc in tutoring["locations"]] == ["Maths club site"]


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


@pytest.mark.parametrize("path", ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"])
@pytest.mark.parametrize(
    "key", ["75f6b609-a72c-407d-8284-28ae5bbb37ef", "not-a-uuid", "00000000-0000-0000-0000-000000000000"]
)
def test_unknown_ids_are_404(client: Any, directory: Directory, path: str, key: str) -> None:
    response = client.get(f"{BASE}/{path}/{key}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_details_answer_by_hsds_id(client: Any, directory: Directory) -> None:
    service = get(client, f"/services/{hsds_id(directory.homework)}")
    assert service["name"] == "Homework help"
    assert sorted(lang["code"] for lang in service["languages"]) == ["en", "es"]
    assert service["schedules"][0]["byday"] == "MO"
    assert service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "60601-1234"
    # English, whatever the visitor reads the site in.
    client.cookies["village_language"] = "es"
    again = get(client, f"/services/{hsds_id(directory.homework)}")
    features = again["service_at_locations"][0]["location"]["accessibility"]
    assert "Step-free, wheelchair accessible" in [f["description"] for f in features]

    sal = get(client, f"/service_at_locations/{sal_id(directory.homework)}")
    assert sal["service"]["name"] == "Homework help" and sal["location"]["name"] == "Homework help site"
    assert "service_at_locations" not in sal["service"]

    taxonomy = get(client, f"/taxonomies/{hsds_id(directory.local)}")
    assert (taxonomy["name"], taxonomy["version"]) == ("Local", "2")
    term = get(client, f"/taxonomy_terms/{hsds_id(directory.child)}")
    assert term["parent_id"] == hsds_id(directory.child.parent)
    assert term["taxonomy_detail"]["id"] == hsds_id(directory.local)


def test_services_minimal_and_full(client: Any, directory: Directory) -> None:
    minimal = get(client, "/services", minimal="true", full="true")
    assert all(set(item) <= {"id", "name", "status", "last_modified"} for item in minimal["contents"])
    assert minimal["size"] == 3
    listed = get(client, "/services")
    assert all("schedules" not in item for item in listed["contents"])
    full = get(client, "/services", full="true", search="homework")
    assert full["contents"][0] == get(client, f"/services/{hsds_id(directory.homework)}")


def test_organizations_list_full_and_search(client: Any, directory: Directory) -> None:
    listed = get(client, "/organizations")
    assert names(listed) == ["Eastside Tutoring", "Northside Family Health Clinic"]
    assert all("services" not in item for item in listed["contents"])
    assert names(get(client, "/organizations", search="northside clinic")) == ["Northside Family Health Clinic"]
    full = get(client, "/organizations", full="true", search="eastside")["contents"][0]
    assert [s["name"] for s in full["services"]] == ["Maths club"]
    assert "schedules" not in full["services"][0]
    nested = get(client, "/organizations", full_service="true", search="eastside")["contents"][0]
    assert nested["services"][0]["schedules"][0]["byday"] == "WE"
    detail = get(client, f"/organizations/{org_id(directory.maths.organization)}", full_service="true")
    assert detail["services"][0]["schedules"][0]["opens_at"] == "09:00"


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


def test_ndjson_streams_every_match_without_pages(client: Any, directory: Directory) -> None:
    response = client.get(f"{BASE}/services", {"format": "ndjson", "per_page": 1, "language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert sorted(json.loads(line)["name"] for line in lines) == ["Homework help", "Maths club"]


def test_the_api_is_public_and_read_only(client: Any, directory: Directory) -> None:
    assert client.get(f"{BASE}/services").status_code == 200  # no session, no token
    assert client.post(f"{BASE}/services", {}).status_code == 405
    assert client.delete(f"{BASE}/services/{hsds_id(directory.homework)}").status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/services",
        "/services?full=true",
        "/services?minimal=true",
        "/organizations",
        "/organizations?full=true",
        "/organizations?full_service=true",
        "/service_at_locations",
        "/service_at_locations?full=true",
        "/taxonomies",
        "/taxonomy_terms",
    ],
)
def test_list_queries_do_not_grow_with_the_directory(
    client: Any, directory: Directory, django_assert_max_num_queries: Any, path: str
) -> None:
    from django.db import connection

    from village.orgs.models import Organization, PartnerType

    get(client, path)  # organizations get their HSDS ids on first use
    with CaptureQueriesContext(connection) as few:
        small = get(client, f"{path}{'&' if '?' in path else '?'}per_page=100")
    baseline = len(few.captured_queries)  # read now: the log is cleared by the next request
    for i in range(12):
        owner = Organization.objects.create(
            region=directory.maths.organization.region, name=f"Extra {i}", partner_type=PartnerType.NONPROFIT
        )
        add_service(
            owner if i % 2 else directory.legal.organization,
            name=f"Extra {i}",
            latitude=41.9,
            longitude=-87.6,
            categories=[directory.term, directory.child],
            languages=("en", "so"),
            slots=((1, 9, 10), (2, 9, 10)),
            accessibility=("wheelchair",),
        )
    TaxonomyTerm.objects.bulk_create(
        [TaxonomyTerm(taxonomy=directory.local, code=f"x{i}", name=f"Extra {i}") for i in range(12)]
    )
    Taxonomy.objects.bulk_create([Taxonomy(name=f"Extra {i}") for i in range(12)])
    get(client, path)  # the new organizations get their HSDS ids (one insert for all of them)
    with django_assert_max_num_queries(baseline):
        large = get(client, f"{path}{'&' if '?' in path else '?'}per_page=100")
    assert large["size"] > small["size"]


# --- The official schemas ------------------------------------------------------------------


def strict(schema: Any) -> Any:
    """A copy in which every object schema that lists properties allows no others."""
    schema = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def _registry() -> Any:
    """Every official schema, made strict, under its file name and its raw.githubusercontent address."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry: Any = Registry()
    for path in sorted((HSDS / "schema").glob("*.json")) + sorted((HSDS / "schema" / "compiled").glob("*.json")):
        name = path.relative_to(HSDS / "schema").as_posix()
        resource = Resource.from_contents(strict(_load(path)), default_specification=DRAFT202012)
        registry = registry.with_resources([(name, resource), (REMOTE + name, resource)])
    return registry.crawl()


def _format_checker() -> Any:
    """jsonschema's checker, plus `date-time` and `uri`, which it checks only with optional packages."""
    from urllib.parse import urlsplit

    from jsonschema import FormatChecker

    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return "T" in value.upper() and parsed.tzinfo is not None

    @checker.checks("uri", raises=ValueError)
    def uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value

    return checker


@functools.cache
def validator(name: str) -> Any:
    """A strict validator for an official schema, by its path under schema/ (e.g. compiled/service.json)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator({"$ref": REMOTE + name}, registry=_registry(), format_checker=_format_checker())


@functools.cache
def page_validator() -> Any:
    from jsonschema import Draft202012Validator

    page = _load(HSDS / "openapi" / "openapi.json")["components"]["schemas"]["Page"]
    return Draft202012Validator(strict(page), format_checker=_format_checker())


def assert_valid(instance: Any, validate: Any, where: str) -> None:
    errors = sorted(validate.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, f"{where}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def assert_page(body: dict[str, Any], item_schema: str, where: str) -> None:
    envelope = {k: v for k, v in body.items() if k != "contents"}
    assert_valid(envelope, page_validator(), where)
    assert set(body) == {*page_validator().schema["properties"], "contents"}, where
    for i, item in enumerate(body["contents"]):
        assert_valid(item, validator(item_schema), f"{where} contents[{i}]")


# The list endpoints, with the schema their items must meet. With `full`, the items are the
# nested objects, so they meet the nested schema (the official list item schemas lack the arrays).
LISTS = [
    ("/services", "compiled/service_list.json"),
    ("/services?minimal=true", "compiled/service_list.json"),
    ("/services?full=true", "compiled/service.json"),
    ("/organizations", "compiled/organization_list.json"),
    ("/organizations?full=true", "compiled/organization.json"),
    ("/organizations?full_service=true", "compiled/organization.json"),
    ("/service_at_locations", "compiled/service_at_location_list.json"),
    ("/service_at_locations?full=true", "compiled/service_at_location.json"),
    ("/taxonomies", "taxonomy.json"),
    ("/taxonomy_terms", "taxonomy_term.json"),
]


def test_every_list_meets_the_official_schemas(client: Any, directory: Directory) -> None:
    for path, schema in LISTS:
        body = get(client, path)
        assert body["size"] > 0, path
        assert_page(body, schema, path)


def test_every_detail_meets_the_official_schemas(client: Any, directory: Directory) -> None:
    org = org_id(directory.homework.organization)
    details = [
        (f"/services/{hsds_id(s)}", "compiled/service.json")
        for s in (directory.homework, directory.maths, directory.legal)
    ] + [
        (f"/organizations/{org}", "compiled/organization.json"),
        (f"/organizations/{org}?full_service=true", "compiled/organization.json"),
        (f"/service_at_locations/{sal_id(directory.homework)}", "compiled/service_at_location.json"),
        (f"/taxonomies/{hsds_id(directory.local)}", "taxonomy.json"),
        (f"/taxonomy_terms/{hsds_id(directory.child)}", "taxonomy_term.json"),
        (f"/taxonomy_terms/{hsds_id(directory.term)}", "taxonomy_term.json"),
    ]
    for path, schema in details:
        assert_valid(get(client, path), validator(schema), path)
    assert_valid(get(client, "/"), _root_validator(), "/")


def _root_validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = _load(HSDS / "openapi" / "openapi.json")["paths"]["/"]["get"]["responses"]["200"]["content"]
    return Draft202012Validator(strict(schema["application/json"]["schema"]), format_checker=_format_checker())


def test_the_strict_schemas_reject_unknown_fields_and_bad_formats(client: Any, directory: Directory) -> None:
    """The strictness is real: an unknown field, nested or not, fails, and so does a malformed value."""
    service = get(client, f"/services/{hsds_id(directory.homework)}")
    assert not list(validator("compiled/service.json").iter_errors(service))
    for field, value in [("colour", "blue"), ("last_modified", "2024-01-01"), ("url", "not a uri"), ("id", "7")]:
        assert list(validator("compiled/service.json").iter_errors(service | {field: value})), field
    service["schedules"][0]["colour"] = "blue"
    assert list(validator("compiled/service.json").iter_errors(service))
    term = get(client, f"/taxonomy_terms/{hsds_id(directory.child)}")
    term["taxonomy_detail"]["owner"] = "x"
    assert list(validator("taxonomy_term.json").iter_errors(term))
    assert list(page_validator().iter_errors({"total_items": 1, "next": 2}))


# --- Our own OpenAPI document ----------------------------------------------------------------


def test_our_openapi_document_describes_the_extra_filters(client: Any, db: Any) -> None:
    document = client.get(f"{BASE}/openapi.json").json()
    params = {p["name"]: p for p in document["paths"]["/api/hsds/services"]["get"]["parameters"]}
    assert {"language", "accessibility", "open_on", "open_at", "age"} <= set(params)
    assert {"search", "page", "per_page", "format", "taxonomy_term_id", "taxonomy_id"} <= set(params)
    assert {"organization_id", "modified_after", "minimal", "full"} <= set(params)
    assert document["components"]["schemas"]["Accessibility"]["enum"] == [
        "wheelchair",
        "restroom",
        "parking",
        "elevator",
        "hearing_loop",
        "sign_language",
        "quiet_space",
        "transit",
    ]
    operations = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    official = _load(HSDS / "openapi" / "openapi.json")
    assert {path.removeprefix("/api/hsds") or "/" for path in document["paths"]} == set(official["paths"])
    assert len(operations) == len(official["paths"])


def test_our_openapi_document_matches_its_snapshot(client: Any, db: Any) -> None:
    """Changing the API is a deliberate act: regenerate with UPDATE_SNAPSHOTS=1 and review the diff."""
    document = client.get(f"{BASE}/openapi.json").json()
    rendered = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert rendered == SNAPSHOT.read_text(encoding="utf-8")


# --- schemathesis against the official API document -------------------------------------------

# Parameters the official document types more loosely than their meaning, so that a generator
# following it sends values no API can honour (and the document declares no error responses):
# `format` is any string though only `json` and `ndjson` mean anything; `modified_after` declares
# `"format": "datetime"`, which is no JSON Schema format (it is `date-time`), so any string is
# "valid"; `proximity` is a distance in metres typed as a string. We answer such values 422.
LOOSE_PARAMETERS = {"format", "modified_after", "proximity"}
EXAMPLES = 25

# Item schemas of list responses: (one-to-one items, fully nested items).
LIST_ITEMS = {
    "/services": ("compiled/service_list.json", "compiled/service.json"),
    "/organizations": ("compiled/organization_list.json", "compiled/organization.json"),
    "/service_at_locations": ("compiled/service_at_location_list.json", "compiled/service_at_location.json"),
    "/taxonomies": ("taxonomy.json", "taxonomy.json"),
    "/taxonomy_terms": ("taxonomy_term.json", "taxonomy_term.json"),
}
DETAILS = {
    "/services/{id}": "compiled/service.json",
    "/organizations/{id}": "compiled/organization.json",
    "/service_at_locations/{id}": "compiled/service_at_location.json",
    "/taxonomies/{id}": "taxonomy.json",
    "/taxonomy_terms/{id}": "taxonomy_term.json",
}


def official_document() -> dict[str, Any]:
    """The official HSDS API document, its remote schema references pointed at the local copies."""
    text = (HSDS / "openapi" / "openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text.replace(REMOTE, (HSDS / "schema").as_uri() + "/"))
    assert REMOTE not in json.dumps(document)
    return document


def _truthy(value: Any) -> bool:
    return str(value).lower() in {"true", "1"}


def _item_schema(path: str, case: Any) -> str:
    """The schema of one item of a list answer: with `full` (or `full_service`), the nested one."""
    query = case.query or {}
    nested = not _truthy(query.get("minimal")) and (
        _truthy(query.get("full")) or (path == "/organizations" and _truthy(query.get("full_service")))
    )
    return LIST_ITEMS[path][nested]


def _strict_check(path: str, case: Any, body: Any) -> None:
    """Beyond schemathesis (which applies the official schemas as published): unknown fields fail."""
    if path in DETAILS:
        assert_valid(body, validator(DETAILS[path]), path)
    elif path in LIST_ITEMS:
        assert_page(body, _item_schema(path, case), path)
    else:
        assert_valid(body, _root_validator(), path)


def test_the_official_api_document_holds(directory: Directory, settings: Any) -> None:
    """schemathesis generates requests from the official document and checks our responses against it.

    Four defects of the official document (HSDS 3.0 `schema/openapi.json`) are allowed for, each
    only where it applies, and the affected responses are still checked our own way:

    1. It documents only `200` responses, also for `/{id}` operations, which must answer an
       unknown id somehow: our `404` (with `{"detail": "Not found."}`) skips `status_code_conformance`.
    2. It declares no `4xx` at all and types `format`, `modified_after` and `proximity` loosely
       (LOOSE_PARAMETERS): a `422` naming only those parameters skips `status_code_conformance`
       and `positive_data_acceptance`.
    3. `format` may be `ndjson`, but only `application/json` answers are documented: an
       `application/x-ndjson` answer skips the content-type and response-schema checks, and each
       of its lines is validated against the item schema here.
    4. `/service_at_locations/{id}` references `compiled/service.json`, not
       `compiled/service_at_location.json` (the service schema requires `name` and `status`, which a
       service-at-location has not): its `200`s skip `response_schema_conformance` and are
       validated against `compiled/service_at_location.json` here.
    """
    import schemathesis
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from hypothesis import HealthCheck, Phase, given, strategies
    from hypothesis import settings as hypothesis_settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        positive_data_acceptance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
        response_headers_conformance,
        positive_data_acceptance,
    ]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    known = {
        "/services/{id}": [hsds_id(s) for s in (directory.homework, directory.maths, directory.legal)],
        "/organizations/{id}": [org_id(directory.homework.organization), org_id(directory.maths.organization)],
        "/service_at_locations/{id}": [sal_id(directory.homework), sal_id(directory.maths)],
        "/taxonomies/{id}": [hsds_id(directory.local), hsds_id(directory.term.taxonomy)],
        "/taxonomy_terms/{id}": [hsds_id(directory.child), hsds_id(directory.term)],
    }
    schema = schemathesis.openapi.from_dict(official_document())
    schema.config.update(base_url="http://localhost/api/hsds")
    schema.app = WSGIHandler()

    stats: dict[str, dict[str, int]] = {}

    def run_case(path: str, case: Any) -> None:
        tally = stats.setdefault(path, {"examples": 0, "checks_passed": 0, "checks_skipped": 0})
        tally["examples"] += 1
        response = case.call()
        status = response.status_code
        tally[f"status {status}"] = tally.get(f"status {status}", 0) + 1
        skip: set[Any] = set()
        content_type = (response.headers.get("content-type") or [""])[0]
        if status == 404 and path in known:  # defect 1
            assert case.path_parameters["id"] not in known[path]
            assert json.loads(response.content) == {"detail": "Not found."}
            skip |= {status_code_conformance}
        elif status == 422:  # defect 2
            named = {str(error["loc"][-1]) for error in json.loads(response.content)["detail"]}
            assert named and named <= LOOSE_PARAMETERS, f"{path} refused {case.query}: {named}"
            skip |= {status_code_conformance, positive_data_acceptance}
        elif status == 200 and content_type.startswith("application/x-ndjson"):  # defect 3
            skip |= {content_type_conformance, response_schema_conformance}
            tally["ndjson"] = tally.get("ndjson", 0) + 1
            for line in response.content.decode().splitlines():
                assert_valid(json.loads(line), validator(_item_schema(path, case)), path)
        elif status == 200:
            assert content_type.startswith("application/json"), content_type
            if path == "/service_at_locations/{id}":  # defect 4
                skip |= {response_schema_conformance}
            _strict_check(path, case, json.loads(response.content))
        else:
            raise AssertionError(f"{path} answered {status} to {case.path_parameters} {case.query}")
        applied = [check for check in checks if check not in skip]
        case.validate_response(response, checks=applied)
        tally["checks_passed"] += len(applied)
        tally["checks_skipped"] += len(skip)

    def fuzzer(path: str, strategy: Any) -> Any:
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
        )
        @given(case=strategy)
        def fuzz(case: Any) -> None:
            run_case(path, case)

        return fuzz

    # Django closes "old" connections when a request finishes, which would end the test's
    # transaction; its test client does not, and nor may this in-process WSGI app.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    started = time.monotonic()
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            path = operation.path
            strategy = operation.as_strategy()
            if path in known:  # also ask for ids that exist, so that full answers are checked too
                strategy = strategies.one_of(
                    strategy, *(operation.as_strategy(path_parameters={"id": key}) for key in known[path])
                )
            elif "format" in {p.name for p in operation.iter_parameters()}:
                # Half the cases ask for a format that exists, so that the filters are exercised.
                strategy = strategies.one_of(
                    strategy, *(operation.as_strategy(query={"format": f}) for f in ("json", "ndjson"))
                )

            fuzzer(path, strategy)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    elapsed = time.monotonic() - started

    assert set(stats) == set(official_document()["paths"])
    for path, tally in stats.items():
        assert tally.get("status 200", 0) > 0, f"{path}: no successful answer was checked: {tally}"
    print(f"\nschemathesis: {sum(t['examples'] for t in stats.values())} examples in {elapsed:.1f}s")
    for path, tally in sorted(stats.items()):
        print(f"  {path}: {tally}")


def test_reading_the_directory_writes_nothing_and_finds_every_published_organization(
    client: Any, directory: Directory
) -> None:
    """Organizations without a directory profile are published under an id derived from their key:
    no GET creates a row, and every id a list shows answers as a detail and as a filter."""
    from django.db import connection

    paths = ["/services", "/services?full=true", "/organizations?full=true", "/service_at_locations?full=true"]
    with CaptureQueriesContext(connection) as queries:
        for path in paths:
            get(client, path)
        listed = get(client, "/organizations")["contents"]
        assert listed
        for org in listed:
            assert get(client, f"/organizations/{org['id']}")["id"] == org["id"]
            services = get(client, "/services", organization_id=org["id"])["contents"]
            assert services and {s["organization_id"] for s in services} == {org["id"]}
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().split()[0].upper() != "SELECT"]
    assert writes == []
    assert not DirectoryProfile.objects.exists()
    # Giving an organization its profile (as an import does) publishes it under the profile's id.
    profile_id = org_id(directory.homework.organization)
    assert get(client, f"/organizations/{profile_id}")["name"] == directory.homework.organization.name
