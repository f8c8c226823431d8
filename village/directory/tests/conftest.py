"""Fixtures of the HSDS API tests (`test_hsds_api_*.py`), which ask for them by name: the official
HSDS 3.0 material must be here (`require_hsds`, through each module's `pytestmark`), and the
directory they read (`directory`)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import World, skip_or_fail
from village.directory.models import Location, Service, ServiceStatus, Taxonomy, TaxonomyTerm
from village.directory.tests.factories import add_service, need_terms
from village.directory.tests.hsds_api import HSDS, Directory


@pytest.fixture
def require_hsds() -> None:
    if not (HSDS / "openapi" / "openapi.json").exists():
        skip_or_fail("The HSDS 3.0 schemas and API document (shared/external/hsds-3.0) are not here.")


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
