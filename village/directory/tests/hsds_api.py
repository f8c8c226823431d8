"""What the HSDS API tests (`test_hsds_api_*.py`) share: where the official HSDS 3.0 material is,
the directory they read (its `directory` fixture is in this folder's conftest.py) and how they ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conftest import SHARED
from village.directory.models import DirectoryProfile, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

HSDS = SHARED / "external" / "hsds-3.0"
BASE = "/api/hsds"


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
