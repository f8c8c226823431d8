"""The CSV package export is the standard's: official file names and columns, a datapackage.json
that matches the official one, foreign keys that resolve, and it imports back unchanged."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from conftest import SHARED, World, skip_or_fail
from village.directory.hsds.formats import read_package
from village.directory.tests.factories import add_service, need_terms

HSDS = SHARED / "external" / "hsds-3.0"


def official() -> dict[str, Any]:
    if not (HSDS / "datapackage.json").exists():
        skip_or_fail("The official HSDS 3.0 datapackage.json (shared/external/hsds-3.0) is not here.")
    return {r["name"]: r for r in json.loads((HSDS / "datapackage.json").read_text(encoding="utf-8"))["resources"]}


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


@pytest.mark.django_db
def test_the_csv_package_follows_the_official_layout_and_imports_back(login: Any, world: World) -> None:
    resources = official()
    add_service(
        world.tutoring,
        name="Homework club",
        latitude=41.88,
        longitude=-87.63,
        categories=[need_terms()[2]],
        languages=("ar", "en"),
        slots=((2, 17, 19),),
        phone="+1 312 555 0100",
    )
    client = login("rosa")
    data = client.get(reverse("directory:export_package", kwargs={"slug": world.region.slug})).content
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert "datapackage.json" in names
    assert "service_at_location.csv" in names and "service_at_locations.csv" not in names
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    # Every CSV is described, under the official name and path, with the official columns and types.
    assert {r["path"] for r in package["resources"]} == names - {"datapackage.json"}
    for resource in package["resources"]:
        expected = resources[resource["name"]]
        assert resource["path"] == expected["path"]
        ours = [(f["name"], f["type"]) for f in resource["schema"]["fields"]]
        assert ours == [(f["name"], f["type"]) for f in expected["schema"]["fields"]]
        header = next(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8"))))
        assert header == [name for name, _type in ours]
        # Foreign keys are the official ones among the files present, and every value resolves.
        official_keys = {
            (k["fields"], k["reference"]["resource"])
            for k in expected["schema"].get("foreignKeys", [])
            if k["reference"]["resource"] in {r["name"] for r in package["resources"]}
        }
        keys = {(k["fields"], k["reference"]["resource"]) for k in resource["schema"].get("foreignKeys", [])}
        assert keys == official_keys
        for column, target in keys:
            ids = {row["id"] for row in _rows(archive, resources[target]["path"])}
            values = {row[column] for row in _rows(archive, resource["path"]) if row[column]}
            assert values <= ids, (resource["name"], column)
    sal = _rows(archive, "service_at_location.csv")
    assert len(sal) == 1 and sal[0]["service_id"] == _rows(archive, "services.csv")[0]["id"]
    # And it reads back: the same rows, nothing rejected.
    again = read_package(data, "export.zip")
    assert again.rejections == [] and len(again["service_at_location"]) == 1 and len(again["language"]) == 2


def test_an_older_export_with_the_plural_file_name_is_still_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("service_at_locations.csv", "id,service_id,location_id\nsl1,s1,l1\n")
    assert len(read_package(buffer.getvalue(), "old.zip")["service_at_location"]) == 1
