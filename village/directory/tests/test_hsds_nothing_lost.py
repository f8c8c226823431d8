"""Values an HSDS import used to alter or drop without a word: kept as given, or reported line by
line with the reason, and given back by the export where Village keeps them."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from village.directory.actions.imports import apply_tables
from village.directory.hsds.formats import read_json, read_package
from village.directory.hsds.serialize import export_bundle, services_queryset
from village.directory.hsds.tables import Tables
from village.directory.models import Location, Schedule, Service
from village.orgs.models import Organization


def _package(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _apply(world: World, tables: Tables) -> Any:
    return apply_tables(tables, region=world.region, source="t", actor=world.rosa, dry_run=False, apply_valid=True)


def _changes(tables: Tables) -> set[tuple[str, str, str, str]]:
    return {(c.file, c.field, c.code, c.value) for c in tables.changes}


def _service(name: str = "Night shelter", **fields: Any) -> dict[str, Any]:
    """One HSDS 3 service with its organization, as the official examples nest it."""
    return {
        "id": "7d2a1c1e-0000-4000-8000-000000000001",
        "name": name,
        "status": "active",
        "organization": {"id": "7d2a1c1e-0000-4000-8000-0000000000aa", "name": "Harbor House", "description": ""},
        **fields,
    }


def _reexport(world: World) -> dict[str, Any]:
    return export_bundle(services_queryset(Service.objects.filter(organization__region=world.region)))


@pytest.mark.django_db
def test_overnight_hours_are_kept_shown_and_exported(world: World, client: Any) -> None:
    hours = {"id": "h1", "freq": "WEEKLY", "byday": "FR", "opens_at": "22:00", "closes_at": "06:00"}
    tables = read_json(json.dumps(_service(schedules=[hours])).encode(), "one.json")
    assert _apply(world, tables).applied and tables.rejections == []
    slot = Schedule.objects.get()
    assert (slot.byday, slot.opens_at, slot.closes_at) == ("FR", datetime.time(22), datetime.time(6))
    assert slot.overnight
    exported = _reexport(world)["services"][0]["schedules"]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in exported] == [("FR", "22:00:00", "06:00:00")]
    # The service page says it closes the next day; it is open at 2 a.m. on Saturday, not at 7 on Friday.
    page = client.get(reverse("directory:service", kwargs={"pk": slot.service_id}))
    assert "22:00 to 06:00 the next day" in page.content.decode()
    from django.utils import timezone

    from village.directory.hours import open_at

    here = timezone.get_current_timezone()
    assert open_at([slot], datetime.datetime(2027, 1, 9, 2, 0, tzinfo=here))  # a Saturday
    assert not open_at([slot], datetime.datetime(2027, 1, 8, 7, 0, tzinfo=here))  # the Friday morning before


@pytest.mark.django_db
def test_the_same_opening_and_closing_time_is_reported_by_name_and_the_rest_kept(world: World) -> None:
    data = _package(
        {
            "organizations.csv": "id,name\no1,Harbor House\n",
            "services.csv": "id,organization_id,name,status\ns1,o1,Shelter,active\n",
            "schedules.csv": "id,service_id,freq,byday,opens_at,closes_at\nh1,s1,WEEKLY,MO,09:00,09:00\n",
        }
    )
    tables = read_package(data, "u.zip")
    assert _apply(world, tables).applied and tables.rejections == []
    assert [(r.file, r.row, r.field, r.code) for r in tables.changes] == [
        ("schedules.csv", 1, "closes_at", "schedule_same_open_close")
    ]
    kept = Schedule.objects.get()
    assert (kept.byday, kept.opens_at, kept.closes_at) == ("MO", datetime.time(9), None)


@pytest.mark.parametrize(
    ("written", "code"),
    [("español", "es"), ("Spanish", "es"), ("Arabic", "ar"), ("العربية", "ar"), ("Tiếng Việt", "vi")],
)
@pytest.mark.django_db
def test_language_names_and_endonyms_are_recognised(world: World, written: str, code: str) -> None:
    tables = read_json(json.dumps(_service(languages=[{"id": "l1", "name": written}])).encode(), "one.json")
    assert _apply(world, tables).applied and tables.rejections == []
    assert list(Service.objects.get().languages.values_list("code", flat=True)) == [code]
    assert [lang["code"] for lang in _reexport(world)["services"][0]["languages"]] == [code]


@pytest.mark.django_db
def test_an_unknown_language_is_reported_by_name(world: World) -> None:
    tables = read_json(json.dumps(_service(languages=[{"id": "l1", "name": "Klingonese"}])).encode(), "one.json")
    _apply(world, tables)
    assert [(r.field, r.code, r.value) for r in tables.rejections] == [("code", "unknown_language", "Klingonese")]


@pytest.mark.django_db
def test_a_missing_status_is_reported_as_the_default_applied(world: World) -> None:
    service = _service()
    del service["status"]
    tables = read_json(json.dumps([service]).encode(), "list.json")
    assert _apply(world, tables).applied
    assert ("list.json", "status", "status_defaulted", "") in _changes(tables)


@pytest.mark.django_db
def test_an_organization_without_a_description_stays_without_one(world: World) -> None:
    tables = read_json(json.dumps(_service()).encode(), "one.json")
    assert _apply(world, tables).applied
    assert Organization.objects.get(name="Harbor House").description == ""
    organization = _reexport(world)["services"][0]["organization"]
    assert organization["description"] == ""  # present (HSDS requires it), and empty
    again = read_json(json.dumps(_reexport(world)).encode(), "again.json")
    assert _apply(world, again).applied
    assert Organization.objects.get(name="Harbor House").description == ""


@pytest.mark.django_db
def test_an_address_without_a_city_is_kept_and_exported(world: World) -> None:
    location = {
        "id": "7d2a1c1e-0000-4000-8000-0000000000b1",
        "name": "Harbor House",
        "addresses": [{"id": "a1", "address_1": "12 Dock Road", "postal_code": "60601", "country": "US"}],
    }
    link = {"id": "sal1", "location": location}
    tables = read_json(json.dumps(_service(service_at_locations=[link])).encode(), "one.json")
    assert _apply(world, tables).applied and tables.rejections == []
    place = Location.objects.get()
    assert (place.address_1, place.city, place.postal_code) == ("12 Dock Road", "", "60601")
    [address] = _reexport(world)["services"][0]["service_at_locations"][0]["location"]["addresses"]
    assert (address["address_1"], address["city"], address["postal_code"]) == ("12 Dock Road", "", "60601")


@pytest.mark.django_db
def test_decimal_ages_are_kept_and_exported(world: World) -> None:
    tables = read_json(json.dumps(_service(minimum_age=2.5, maximum_age=17.9)).encode(), "one.json")
    assert _apply(world, tables).applied and tables.changes == []
    service = Service.objects.get()
    assert (str(service.min_age), str(service.max_age)) == ("2.50", "17.90")
    exported = _reexport(world)["services"][0]
    assert (exported["minimum_age"], exported["maximum_age"]) == (2.5, 17.9)


@pytest.mark.django_db
def test_application_process_and_cost_amount_of_the_official_example_come_back(world: World) -> None:
    from conftest import SHARED, skip_or_fail

    path = SHARED / "external" / "hsds-3.0" / "examples" / "service_full.json"
    if not path.exists():
        skip_or_fail("The HSDS 3.0 examples (shared/external/hsds-3.0) are not here.")
    example = json.loads(path.read_bytes())
    _apply(world, read_json(path.read_bytes(), path.name))
    service = Service.objects.get()
    assert service.application_process == example["application_process"]
    cost = example["cost_options"][0]
    assert (service.cost_amount, service.cost_currency) == (Decimal(str(cost["amount"])), cost["currency"])
    exported = _reexport(world)["services"][0]
    assert exported["application_process"] == example["application_process"]
    assert (exported["cost_options"][0]["amount"], exported["cost_options"][0]["currency"]) == (
        cost["amount"],
        cost["currency"],
    )


@pytest.mark.django_db
def test_a_phone_and_schedule_shared_by_two_services_belong_to_both(world: World) -> None:
    phone = {"id": "shared-phone", "number": "312-555-0100"}
    hours = {"id": "shared-hours", "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00", "closes_at": "17:00"}
    first = _service("Pantry", phones=[phone], schedules=[hours])
    second = {
        **_service("Clothes closet", phones=[phone], schedules=[hours]),
        "id": "7d2a1c1e-0000-4000-8000-000000000002",
    }
    tables = read_json(json.dumps([first, second]).encode(), "list.json")
    assert _apply(world, tables).applied and tables.rejections == []
    for service in Service.objects.all():
        assert service.phone == "312-555-0100"
        assert list(service.schedules.values_list("byday", flat=True)) == ["MO"]


@pytest.mark.django_db
def test_fields_village_has_no_place_for_are_listed_on_the_page_and_in_the_download(
    login: Any, world: World, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    data = _package(
        {
            "organizations.csv": "id,name,parent_organization_id,website\no1,Harbor House,o9,harbor.example.org\n",
            "services.csv": "id,organization_id,name,status,assurer_email\ns1,o1,Shelter,,ann@example.org\n",
        }
    )
    client = login("rosa", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:import"),
            {"region": world.region.pk, "format": "hsds_csv", "file": SimpleUploadedFile("h.zip", data)},
        )
    page = client.get(response["Location"]).content.decode()
    assert Service.objects.filter(name__en="Shelter").exists()
    assert "Values not kept as given" in page and "o9" in page and "ann@example.org" in page
    job = response["Location"].rstrip("/").split("/")[-1]
    download = client.get(reverse("directory:import_changes", kwargs={"pk": job})).content.decode("utf-8-sig")
    lines = download.splitlines()
    assert lines[0] == "File,Row,Field,Value,Reason"
    assert (
        "organizations.csv,1,parent_organization_id,o9,Village has no place for this value; it was not kept." in lines
    )
    assert "services.csv,1,assurer_email,ann@example.org,Village has no place for this value; it was not kept." in lines
    assert any(line.startswith("organizations.csv,1,website,harbor.example.org,") for line in lines)
    assert any(line.startswith("services.csv,1,status,,No status was given") for line in lines)


@pytest.mark.parametrize(
    ("fmt", "folder", "silent_at_most"),
    [
        # The example's location (at latitude 100) is rejected as a whole; in nested JSON the
        # measure credits that rejection to the latitude only, so its 12 other values count here.
        ("hsds_json", "hsds-3.0/examples/service_full.json", 12),
        # Every place, with or without a service, and every phone comes back.
        ("florida", "hsds-transformer-realdata/florida_legal_aid", 0),
        # One language given by a name Village does not know and keeps as a code (language.name).
        ("ohana", "ohana-smc-sample/sample-csv", 1),
    ],
)
@pytest.mark.django_db
def test_real_files_lose_nothing_without_a_report_line(fmt: str, folder: str, silent_at_most: int) -> None:
    """Imported, exported and read back (`bench.hsds_roundtrip`): a value that does not come back
    is on a line of the report."""
    from bench.hsds_roundtrip import EXTERNAL, measure

    path = EXTERNAL / folder
    if not path.exists():
        from conftest import skip_or_fail

        skip_or_fail(f"The real file {folder} (shared/external) is not here.")
    result = measure(fmt, path, "round-trip")
    assert result["not_back_silent"] <= silent_at_most, result
    assert result["not_back_reported"] > 0


@pytest.mark.django_db
def test_organization_location_and_service_texts_hsds_defines_come_back(world: World) -> None:
    texts = {
        "alternate_name": "Shelter (nights)",
        "wait_time": "Two weeks",
        "interpretation_services": "Urdu and Polish",
        "accreditations": "BASC",
        "licenses": "State licence 12",
        "alert": "Closed on holidays",
    }
    org = {"tax_id": "36-1234567", "year_incorporated": 1998, "uri": "https://example.org/orgs/harbor"}
    place = {"id": "l1", "name": "Hall", "alternate_name": "Old hall", "url": "https://example.org/hall"}
    service = _service(**texts, service_at_locations=[{"id": "sl1", "location": place}])
    service["organization"] |= org
    tables = read_json(json.dumps(service).encode(), "one.json")
    assert _apply(world, tables).applied and tables.changes == [] and tables.rejections == []
    exported = _reexport(world)["services"][0]
    assert {k: exported[k] for k in texts} == texts
    assert {k: exported["organization"][k] for k in org} == org
    location = exported["service_at_locations"][0]["location"]
    assert (location["alternate_name"], location["url"]) == ("Old hall", "https://example.org/hall")
