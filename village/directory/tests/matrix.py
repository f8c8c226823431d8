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


PAGES: dict[str, Page] = {
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
    "directory:export_json": Page(kwargs=lambda w: {"slug": w.region.slug}, allowed=COVERAGE),
    "directory:export_package": Page(kwargs=lambda w: {"slug": w.region.slug}, allowed=COVERAGE),
}
API_OPERATIONS: dict[tuple[str, str], Any] = {}
