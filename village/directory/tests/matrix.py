"""The directory's pages and who may reach them (merged into tests/test_authorization_matrix.py)."""

from __future__ import annotations

from typing import Any

from conftest import PERSONAS, World
from tests.matrix_support import Page

ALL_SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")
CLINIC_EDITORS = ("dana", "mai")
COVERAGE = ("dana", "rosa", "omar")


def clinic_service(w: World) -> Any:
    from village.directory.tests.factories import add_service, need_terms

    return add_service(
        w.clinic, name="Clinic homework help", latitude=41.88, longitude=-87.63, categories=need_terms()[:1]
    )


def clinic_location(w: World) -> Any:
    from village.directory.models import Location

    return Location.objects.create(organization=w.clinic, name="Clinic", latitude=41.88, longitude=-87.63)


def riverbend_import(w: World) -> Any:
    from village.directory.models import DirectoryImport

    return DirectoryImport.objects.create(region=w.region, started_by=w.rosa, format="hsds_json", filename="x.json")


def hsds_ids(w: World) -> dict[str, str]:
    """HSDS ids of a published service and what it uses, for the public HSDS API's detail routes."""
    from village.directory.models import DirectoryProfile, ServiceAtLocation

    service = clinic_service(w)
    term = service.categories.select_related("taxonomy").first()
    return {
        "service": str(service.hsds_id),
        "organization": str(DirectoryProfile.objects.get_or_create(organization=w.clinic)[0].hsds_id),
        "service_at_location": str(ServiceAtLocation.objects.get(service=service).hsds_id),
        "taxonomy": str(term.taxonomy.hsds_id),
        "taxonomy_term": str(term.hsds_id),
    }


def hsds_detail(kind: str) -> Page:
    return Page(kwargs=lambda w: {"id": hsds_ids(w)[kind]}, public=True, allowed=ALL_SIGNED_IN)


# The public HSDS API (/api/hsds/): read-only directory information for anyone, no token.
HSDS_API: dict[str, Page] = {
    **{
        f"hsds:{name}": Page(public=True, allowed=ALL_SIGNED_IN)
        for name in (
            "api-root",
            "root",
            "openapi-json",
            "services",
            "organizations",
            "service_at_locations",
            "taxonomies",
            "taxonomy_terms",
        )
    },
    **{
        f"hsds:{kind}": hsds_detail(kind)
        for kind in ("service", "organization", "service_at_location", "taxonomy", "taxonomy_term")
    },
}

PAGES: dict[str, Page] = {
    **HSDS_API,
    "directory:finder": Page(public=True, allowed=ALL_SIGNED_IN),
    "directory:service": Page(kwargs=lambda w: {"pk": clinic_service(w).pk}, public=True, allowed=ALL_SIGNED_IN),
    "directory:service_edit": Page(kwargs=lambda w: {"pk": clinic_service(w).pk}, allowed=CLINIC_EDITORS),
    "directory:service_hours": Page(kwargs=lambda w: {"pk": clinic_service(w).pk}, allowed=CLINIC_EDITORS),
    "directory:service_verify": Page(kwargs=lambda w: {"pk": clinic_service(w).pk}, method="POST"),
    "directory:listings": Page(kwargs=lambda w: {"pk": w.clinic.pk}, allowed=CLINIC_EDITORS),
    "directory:service_create": Page(kwargs=lambda w: {"pk": w.clinic.pk}, allowed=CLINIC_EDITORS),
    "directory:location_create": Page(kwargs=lambda w: {"pk": w.clinic.pk}, allowed=CLINIC_EDITORS),
    "directory:location_edit": Page(kwargs=lambda w: {"pk": clinic_location(w).pk}, allowed=CLINIC_EDITORS),
    "directory:coverage": Page(allowed=COVERAGE),
    "directory:coverage_csv": Page(allowed=COVERAGE),
    # Imports and exports: the leads and coordinators of districts in the region.
    "directory:import": Page(allowed=COVERAGE),
    "directory:import_job": Page(kwargs=lambda w: {"pk": riverbend_import(w).pk}, allowed=COVERAGE),
    "directory:import_rejections": Page(kwargs=lambda w: {"pk": riverbend_import(w).pk}, allowed=COVERAGE),
    "directory:import_changes": Page(kwargs=lambda w: {"pk": riverbend_import(w).pk}, allowed=COVERAGE),
    "directory:export_json": Page(kwargs=lambda w: {"slug": w.region.slug}, allowed=COVERAGE),
    "directory:export_package": Page(kwargs=lambda w: {"slug": w.region.slug}, allowed=COVERAGE),
}
API_OPERATIONS: dict[tuple[str, str], Any] = {}
