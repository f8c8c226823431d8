"""The public HSDS 3 API under /api/hsds/, read: pages, details by HSDS id, what is never
published, streaming, and that reading costs a fixed number of queries and writes nothing.

Filters are in test_hsds_api_filters.py; the official schemas, our OpenAPI document and
schemathesis in test_hsds_api_schemas.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test.utils import CaptureQueriesContext

from village.directory.models import DirectoryProfile, Taxonomy, TaxonomyTerm
from village.directory.tests.factories import add_service
from village.directory.tests.hsds_api import BASE, Directory, get, hsds_id, names, org_id, sal_id

pytestmark = pytest.mark.usefixtures("require_hsds")


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
    assert detail["services"][0]["schedules"][0]["opens_at"] == "09:00:00"


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
