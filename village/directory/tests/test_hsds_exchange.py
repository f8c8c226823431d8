"""HSDS 3 import and export: the official examples, a round trip that upserts, the export
validated against the official schemas (formats checked, unknown fields rejected), and bad input."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import SHARED, World, skip_or_fail
from village.directory.actions.imports import apply_tables
from village.directory.hsds.formats import read_json, read_package, read_package_folder
from village.directory.hsds.serialize import export_bundle, services_queryset
from village.directory.models import Schedule, Service, ServiceAtLocation
from village.directory.tests.factories import add_service, need_terms

HSDS = SHARED / "external" / "hsds-3.0"


def _require_hsds() -> None:
    if not HSDS.exists():
        skip_or_fail("The HSDS 3.0 schemas and examples (shared/external/hsds-3.0) are not here.")


def _apply(world: World, tables: Any, *, dry_run: bool = False, apply_valid: bool = False) -> Any:
    return apply_tables(
        tables, region=world.region, source="test", actor=world.rosa, dry_run=dry_run, apply_valid=apply_valid
    )


def strict(schema: Any) -> Any:
    """The schema with unknown fields rejected: every object that lists properties allows no others."""
    schema = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node.setdefault("additionalProperties", False)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def service_validator() -> Any:
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((HSDS / "schema" / "compiled" / "service.json").read_text(encoding="utf-8"))
    return Draft202012Validator(strict(schema), format_checker=FormatChecker())


@pytest.mark.django_db
def test_the_official_full_service_example_imports(world: World) -> None:
    _require_hsds()
    tables = read_json((HSDS / "examples" / "service_full.json").read_bytes(), "service_full.json")
    outcome = _apply(world, tables, apply_valid=True)
    assert outcome.applied
    example = json.loads((HSDS / "examples" / "service_full.json").read_text(encoding="utf-8"))
    service = Service.objects.get(hsds_id=example["id"])
    assert service.name["en"] == example["name"]
    assert service.organization.name == example["organization"]["name"]
    assert service.schedules.exists() and service.languages.exists()
    # A known defect of the official example: its location sits at latitude 100. It is
    # reported, and so is the service-at-location that points at it; the rest is applied.
    assert {(r.field, r.code) for r in tables.rejections} == {
        ("latitude", "bad_coordinates"),
        ("location_id", "unknown_reference"),
    }
    assert not ServiceAtLocation.objects.filter(service=service).exists()


@pytest.mark.django_db
def test_the_official_csv_example_is_refused_with_its_broken_references(world: World) -> None:
    """SOURCE.md: the official CSV example is not referentially complete (locations.csv names an
    organization that organizations.csv lacks). A strict import reports it and writes nothing."""
    _require_hsds()
    tables = read_package_folder(HSDS / "examples" / "csv")
    outcome = _apply(world, tables)
    assert not outcome.applied
    codes = {(r.file, r.field, r.code) for r in tables.rejections}
    assert ("locations.csv", "organization_id", "unknown_reference") in codes
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_an_export_validates_and_reimports_without_duplicates(world: World) -> None:
    _require_hsds()
    tutoring, after_school = need_terms()[2], need_terms()[4]
    add_service(
        world.tutoring,
        name="Homework club",
        latitude=41.88,
        longitude=-87.63,
        categories=[tutoring, after_school],
        languages=("ar", "en"),
        slots=((2, 17, 19), (4, 17, 19)),
        url="https://example.org/club",
        min_age=8,
        max_age=14,
    )
    bundle = export_bundle(services_queryset())
    validator = service_validator()
    errors = [f"{list(e.path)}: {e.message}" for s in bundle["services"] for e in validator.iter_errors(s)]
    assert errors == []
    raw = json.dumps(bundle).encode()
    tables = read_json(raw, "export.json")
    outcome = _apply(world, tables)
    assert outcome.applied and tables.rejections == []
    assert Service.objects.count() == 1 and Schedule.objects.count() == 2
    service = Service.objects.get()
    assert sorted(service.languages.values_list("code", flat=True)) == ["ar", "en"]
    assert {t.code for t in service.categories.all()} >= {"tutoring", "after_school"}


@pytest.mark.django_db
def test_a_dry_run_reports_and_writes_nothing(world: World) -> None:
    _require_hsds()
    tables = read_json((HSDS / "examples" / "service_full.json").read_bytes(), "service_full.json")
    outcome = _apply(world, tables, dry_run=True)
    assert not outcome.applied and outcome.counts["service_valid"] == 1
    assert not Service.objects.exists()


def _package(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ORGS = "id,name,description\no1,Northside Help,Help for families\n"
SERVICES = "id,organization_id,name,status\ns1,o1,Evening tutoring,active\ns2,o1,Food pantry,active\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"organizations.csv": "id,description\no1,x\n"}, ("organizations.csv", 0, "name", "missing_column")),
        ({"services.csv": SERVICES + "s1,o1,Again,active\n"}, ("services.csv", 3, "id", "duplicate_id")),
        (
            # Hours that belong to nothing (a bad value within a schedule is reported, not rejected).
            {"schedules.csv": "id,service_id,freq,byday,opens_at,closes_at\nh1,,WEEKLY,TU,17:00,19:00\n"},
            ("schedules.csv", 1, "service_id", "required"),
        ),
        (
            {"locations.csv": "id,organization_id,name,latitude,longitude\nl1,o1,Hall,123.4,-87.6\n"},
            ("locations.csv", 1, "latitude", "bad_coordinates"),
        ),
        (
            {"attributes.csv": "id,link_id,link_type,taxonomy_term_id\na1,s1,service,nowhere\n"},
            ("attributes.csv", 1, "taxonomy_term_id", "unknown_taxonomy_term"),
        ),
        (
            {"languages.csv": "id,service_id,name,code\nla1,s1,Klingonese,xx9\n"},
            ("languages.csv", 1, "code", "unknown_language"),
        ),
        (
            {"services.csv": "id,organization_id,name\ns1,o1,Caf\xe9\n".encode("utf-16")},
            ("services.csv", 0, "", "bad_encoding"),
        ),
    ],
)
@pytest.mark.django_db
def test_bad_rows_are_reported_with_file_row_and_field_and_nothing_is_stored(
    world: World, files: dict[str, Any], expected: tuple[str, int, str, str]
) -> None:
    data = _package({"organizations.csv": ORGS, "services.csv": SERVICES, **files})
    tables = read_package(data, "upload.zip")
    outcome = _apply(world, tables)
    found = {(r.file, r.row, r.field, r.code) for r in tables.rejections}
    assert expected in found
    assert not outcome.applied and not Service.objects.exists()


@pytest.mark.django_db
def test_apply_valid_rows_keeps_the_good_rows_and_reports_the_bad(world: World) -> None:
    bad_schedule = (
        "id,service_id,freq,byday,opens_at,closes_at\nh1,s1,WEEKLY,TU,17:00,19:00\nh2,,WEEKLY,FR,9:00,10:00\n"
    )
    tables = read_package(
        _package({"organizations.csv": ORGS, "services.csv": SERVICES, "schedules.csv": bad_schedule}), "u.zip"
    )
    outcome = _apply(world, tables, apply_valid=True)
    assert outcome.applied
    assert [(r.row, r.field, r.code) for r in tables.rejections] == [(2, "service_id", "required")]
    assert Service.objects.count() == 2
    assert list(Schedule.objects.values_list("byday", flat=True)) == ["TU"]
    # The same file again updates the same rows.
    tables = read_package(_package({"organizations.csv": ORGS, "services.csv": SERVICES}), "u.zip")
    _apply(world, tables)
    assert Service.objects.count() == 2


def test_a_broken_zip_and_broken_json_are_reported() -> None:
    assert [r.code for r in read_package(b"not a zip", "x.zip").rejections] == ["bad_zip"]
    assert [r.code for r in read_json(b"{", "x.json").rejections] == ["bad_json"]
    assert [r.code for r in read_json(b'{"hello": 1}', "x.json").rejections] == ["not_hsds"]


def test_readers_never_need_the_network(tmp_path: Path) -> None:
    (tmp_path / "services.csv").write_text(SERVICES, encoding="utf-8")
    assert len(read_package_folder(tmp_path)["service"]) == 2


@pytest.mark.django_db
def test_a_coordinator_imports_through_the_page_and_reads_the_rejections_in_spanish(
    login: Any, world: World, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    client = login("rosa", language="es")
    bad = "id,service_id,freq,byday,opens_at,closes_at\nh1,,WEEKLY,TU,17:00,19:00\n"
    data = _package({"organizations.csv": ORGS, "services.csv": SERVICES, "schedules.csv": bad})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:import"),
            {
                "region": world.region.pk,
                "format": "hsds_csv",
                "file": SimpleUploadedFile("northside.zip", data, content_type="application/zip"),
            },
        )
    job_url = response["Location"]
    page = client.get(job_url).content.decode()
    assert "Evening tutoring" not in page and not Service.objects.exists()
    assert "schedules.csv" in page and "service_id" in page
    assert "Falta un valor obligatorio." in page
    # Applying the valid rows keeps both services and reports the one bad schedule.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("directory:import"),
            {
                "region": world.region.pk,
                "format": "hsds_csv",
                "apply_valid": "on",
                "file": SimpleUploadedFile("northside.zip", data, content_type="application/zip"),
            },
        )
    assert Service.objects.count() == 2
    # The export carries them back out, as JSON and as a CSV package.
    exported = json.loads(client.get(reverse("directory:export_json", kwargs={"slug": world.region.slug})).content)
    assert {s["name"] for s in exported["services"]} == {"Evening tutoring", "Food pantry"}
    package = client.get(reverse("directory:export_package", kwargs={"slug": world.region.slug})).content
    names = set(zipfile.ZipFile(io.BytesIO(package)).namelist())
    assert {"services.csv", "organizations.csv"} <= names
    again = read_package(package, "export.zip")
    assert len(again["service"]) == 2 and again.rejections == []


LEGACY = SHARED / "external"


@pytest.mark.parametrize(
    ("fmt", "folder", "services_at_least"),
    [
        ("ohana", "ohana-smc-sample/sample-csv", 20),
        ("illinois", "hsds-transformer-realdata/ilao_illinois_legal_aid", 40),
        ("florida", "hsds-transformer-realdata/florida_legal_aid", 100),
    ],
)
@pytest.mark.django_db
def test_the_three_real_directories_import_with_their_reports(
    world: World, fmt: str, folder: str, services_at_least: int
) -> None:
    from village.directory.hsds.upload import read_upload

    path = LEGACY / folder
    if not path.exists():
        skip_or_fail(f"The real directory {folder} (shared/external) is not here.")
    tables, source = read_upload(fmt, path, path.name)
    outcome = apply_tables(
        tables, region=world.region, source=source, actor=world.rosa, dry_run=False, apply_valid=True
    )
    assert outcome.applied
    assert Service.objects.count() >= services_at_least
    # Every rejection names its file, row and field, with a reason the page can translate.
    from village.directory.hsds.tables import REASONS

    assert all(r.file and r.code in REASONS for r in tables.rejections)
    # Importing the same export again adds nothing.
    before = Service.objects.count()
    tables, source = read_upload(fmt, path, path.name)
    apply_tables(tables, region=world.region, source=source, actor=world.rosa, dry_run=False, apply_valid=True)
    assert Service.objects.count() == before


@pytest.mark.django_db
def test_the_same_file_imported_into_two_regions_makes_two_sets_of_rows(world: World) -> None:
    from village.orgs.models import Region

    other = Region.objects.create(name="Lakeshore Region", slug="lakeshore-region")
    data = _package({"organizations.csv": ORGS, "services.csv": SERVICES})
    for region in (world.region, other, world.region):
        outcome = apply_tables(
            read_package(data, "u.zip"),
            region=region,
            source="test",
            actor=world.rosa,
            dry_run=False,
            apply_valid=False,
        )
        assert outcome.applied
    assert Service.objects.filter(organization__region=world.region).count() == 2
    assert Service.objects.filter(organization__region=other).count() == 2


@pytest.mark.django_db
def test_exporting_writes_nothing_and_a_reimport_keeps_the_published_organization(login: Any, world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from village.directory.models import DirectoryProfile

    add_service(world.clinic, name="Evening tutoring", latitude=41.88, longitude=-87.63)
    client = login("rosa")
    with CaptureQueriesContext(connection) as queries:
        exported = client.get(reverse("directory:export_json", kwargs={"slug": world.region.slug})).content
        client.get(reverse("directory:export_package", kwargs={"slug": world.region.slug}))
    directory_writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"} and "directory_" in q["sql"]
    ]
    assert directory_writes == [] and not DirectoryProfile.objects.exists()
    outcome = _apply(world, read_json(exported, "export.json"))
    assert outcome.applied and outcome.counts["organizations_created"] == 0
    published = json.loads(exported)["services"][0]["organization_id"]
    assert str(DirectoryProfile.objects.get(organization=world.clinic).hsds_id) == published
