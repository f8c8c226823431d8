"""Phones of every HSDS parent, places without a service, and one file imported into two regions:
through the import page, out through the export, and back in."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import SHARED, World, skip_or_fail
from village.directory.hsds.formats import read_json
from village.directory.models import DirectoryProfile, Location, Phone, Service
from village.orgs.models import Region

SERVICE_FULL = SHARED / "external" / "hsds-3.0" / "examples" / "service_full.json"
FLORIDA = SHARED / "external" / "hsds-transformer-realdata" / "florida_legal_aid"


def _second_region(world: World, slug: str) -> Region:
    """Another region Rosa coordinates in (a district of it), so that she may import into it."""
    from village.accounts.models import Membership, Role
    from village.orgs.models import District

    region = Region.objects.create(name=slug.title(), slug=slug)
    district = District.objects.create(region=region, name=f"{slug.title()} District")
    Membership.objects.create(user=world.rosa, role=Role.DISTRICT_LEAD, district=district)
    return region


def _package(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def upload(login: Any, world: World, settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> Any:
    """Import a file through the page as Rosa; returns the job page's text."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    client = login("rosa", language="en")

    def send(name: str, data: bytes, fmt: str, region: Region | None = None) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("directory:import"),
                {
                    "region": (region or world.region).pk,
                    "format": fmt,
                    "file": SimpleUploadedFile(name, data),
                    "apply_valid": "on",
                },
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        return str(client.get(response["Location"]).content.decode())

    send.client = client  # type: ignore[attr-defined]
    return send


PHONES = (
    "id,location_id,service_id,organization_id,contact_id,service_at_location_id,number,extension,type,description\n"
    "p1,,,o1,,,(312) 555-0100,,voice,Front desk\n"
    "p2,,,o1,,,312-555-0101,12,fax,\n"
    "p3,,s1,,,,+1 312 555 0102,,text,Text us\n"
    "p4,,s1,,,,call the front desk,,,\n"
    "p5,l1,,,,,312.555.0104,,voice,\n"
    "p6,,,,,sl1,312 555 0105,7,voice,At this place\n"
)


@pytest.mark.django_db
def test_several_phones_of_every_parent_are_kept_exported_and_read_back(upload: Any, world: World) -> None:
    data = _package(
        {
            "organizations.csv": "id,name\no1,Harbor House\n",
            "services.csv": "id,organization_id,name,status\ns1,o1,Shelter,active\n",
            "locations.csv": "id,organization_id,name\nl1,o1,Main hall\nl2,o1,Annex\n",
            "service_at_location.csv": "id,service_id,location_id\nsl1,s1,l1\n",
            "phones.csv": PHONES,
            "languages.csv": "id,service_id,location_id,phone_id,name,code,note\nla1,,,p3,,es,\n",
        }
    )
    page = upload("h.zip", data, "hsds_csv")
    numbers = {p.number: p for p in Phone.objects.all()}
    assert len(numbers) == 6
    assert numbers["(312) 555-0100"].e164 == "+13125550100" and numbers["(312) 555-0100"].organization is not None
    assert (numbers["312-555-0101"].extension, numbers["312-555-0101"].type) == ("12", "fax")
    assert numbers["+1 312 555 0102"].languages == ["es"] and numbers["+1 312 555 0102"].description == "Text us"
    # A number phonenumbers cannot read is kept as given, and the report says so.
    assert numbers["call the front desk"].e164 == ""
    assert "call the front desk" in page
    assert numbers["312.555.0104"].location is not None
    assert numbers["312 555 0105"].service_at_location is not None

    client = upload.client  # type: ignore[attr-defined]
    exported = client.get(reverse("directory:export_json", kwargs={"slug": world.region.slug})).content
    document = json.loads(exported)
    # The annex has no service: it is exported all the same, with its organization.
    assert {loc["name"] for org in document["organizations"] for loc in org["locations"]} == {"Main hall", "Annex"}
    service = document["services"][0]
    assert {p["number"] for p in service["phones"]} == {"+1 312 555 0102", "call the front desk"}
    texting = next(p for p in service["phones"] if p["type"] == "text")
    assert [lang["code"] for lang in texting["languages"]] == ["es"]
    org_phones = document["organizations"][0]["phones"]
    assert {(p["number"], p.get("extension")) for p in org_phones} == {("(312) 555-0100", None), ("312-555-0101", 12)}

    # Read back into an empty region, every phone and place comes back under its parent.
    other = _second_region(world, "elsewhere")
    upload("export.json", exported, "hsds_json", other)
    back = Phone.objects.exclude(pk__in=[p.pk for p in numbers.values()])
    assert sorted(back.values_list("number", "extension", "type")) == sorted(
        Phone.objects.filter(pk__in=[p.pk for p in numbers.values()]).values_list("number", "extension", "type")
    )
    assert set(Location.objects.filter(organization__region=other).values_list("name", flat=True)) == {
        "Main hall",
        "Annex",
    }


@pytest.mark.django_db
def test_the_official_example_imports_into_two_regions(upload: Any, world: World) -> None:
    """Its organization's UUID is taken by the first region: the second gets ids of its own."""
    if not SERVICE_FULL.exists():
        skip_or_fail("The HSDS 3.0 examples (shared/external/hsds-3.0) are not here.")
    data = SERVICE_FULL.read_bytes()
    upload("service_full.json", data, "hsds_json")
    second = _second_region(world, "second")
    upload("service_full.json", data, "hsds_json", second)
    assert DirectoryProfile.objects.filter(organization__region=second).count() == 1
    assert Service.objects.filter(organization__region=world.region).count() == 1
    assert Service.objects.filter(organization__region=second).count() == 1
    example = json.loads(data)
    assert Service.objects.get(organization__region=world.region).hsds_id.hex == example["id"].replace("-", "")
    # Importing it again into the second region updates its rows, adding none.
    upload("service_full.json", data, "hsds_json", second)
    assert Service.objects.filter(organization__region=second).count() == 1


@pytest.mark.django_db
def test_florida_places_without_a_service_are_exported(upload: Any, world: World) -> None:
    if not FLORIDA.exists():
        skip_or_fail(f"The real export {FLORIDA} (shared/external) is not here.")
    from village.directory.hsds.upload import read_upload  # noqa: F401  (the page's reader)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(FLORIDA.iterdir()):
            if path.is_file():
                archive.write(path, path.name)
    upload("florida.zip", buffer.getvalue(), "florida")
    places = Location.objects.filter(organization__region=world.region).count()
    assert places > 300
    client = upload.client  # type: ignore[attr-defined]
    exported = client.get(reverse("directory:export_json", kwargs={"slug": world.region.slug})).content
    tables = read_json(exported, "export.json")
    assert len(tables["location"]) == places
    assert len(tables["phone"]) == Phone.objects.filter(location__organization__region=world.region).count() > 0


@pytest.mark.django_db
def test_contacts_with_their_phones_are_kept_exported_and_read_back(upload: Any, world: World) -> None:
    data = _package(
        {
            "organizations.csv": "id,name\no1,Harbor House\n",
            "services.csv": "id,organization_id,name,status\ns1,o1,Shelter,active\n",
            "contacts.csv": "id,organization_id,service_id,name,title,department,email\n"
            "c1,,s1,Ann Persona,Reception Manager,Reception,ann@example.org\n"
            "c2,o1,,Bo Chen,Director,,not an email\n",
            "phones.csv": "id,contact_id,number,extension\np1,c1,312-555-0110,4\n",
        }
    )
    page = upload("c.zip", data, "hsds_csv")
    from village.directory.models import Contact

    ann = Contact.objects.get(name="Ann Persona")
    assert (ann.title, ann.department, ann.email, ann.service is not None) == (
        "Reception Manager",
        "Reception",
        "ann@example.org",
        True,
    )
    assert [(p.number, p.extension, p.e164) for p in ann.phones.all()] == [("312-555-0110", "4", "+13125550110")]
    # An email that is not one is reported, the contact kept.
    assert Contact.objects.get(name="Bo Chen").email == "" and "not an email" in page
    client = upload.client  # type: ignore[attr-defined]
    document = json.loads(client.get(reverse("directory:export_json", kwargs={"slug": world.region.slug})).content)
    exported = document["services"][0]["contacts"]
    assert [(c["name"], c["title"], c["phones"][0]["number"]) for c in exported] == [
        ("Ann Persona", "Reception Manager", "312-555-0110")
    ]
    assert [c["name"] for c in document["organizations"][0]["contacts"]] == ["Bo Chen"]
    tables = read_json(json.dumps(document).encode(), "export.json")
    assert {row.get("name") for row in tables["contact"]} == {"Ann Persona", "Bo Chen"}
    assert [row.get("number") for row in tables["phone"] if row.get("contact_id")] == ["312-555-0110"]


@pytest.mark.django_db
def test_the_official_organization_example_imports_with_its_phones_contacts_and_services(
    upload: Any, world: World
) -> None:
    path = SHARED / "external" / "hsds-3.0" / "examples" / "organization_full.json"
    if not path.exists():
        skip_or_fail("The HSDS 3.0 examples (shared/external/hsds-3.0) are not here.")
    from village.directory.models import Contact

    example = json.loads(path.read_bytes())
    upload(path.name, path.read_bytes(), "hsds_json")
    profile = DirectoryProfile.objects.get(organization__region=world.region)
    assert profile.organization.name == example["name"]
    org_numbers = {p["number"] for p in example["phones"]}
    assert set(Phone.objects.filter(organization=profile.organization).values_list("number", flat=True)) == org_numbers
    assert set(Contact.objects.filter(organization=profile.organization).values_list("name", flat=True)) == {
        c["name"] for c in example["contacts"]
    }
    assert [s.name["en"] for s in Service.objects.filter(organization=profile.organization)] == [
        s["name"] for s in example["services"]
    ]
