"""The legal-aid exports shipped with openreferral/hsds-transformer (Illinois and Florida) as HSDS 3 tables.

Each export is organizations.csv, locations.csv and services.csv with a mapping.yaml the
transformer used to produce HSDS 1.1. The mappings are followed here in Python (column →
HSDS 3 field), with HSDS 3 names where 1.1 differs (`fees` → `fees_description`,
organization `url` → `website`, `postal_address` → `address`), plus the columns the
mappings left out but HSDS 3 has a field for (service status, hours, categories, ages).

Illinois (ILAO CMS export): organizations with phone; locations with phones (main,
toll-free, TTY), weekly hours and their services; services with phone, weekly hours, fees,
application process (the mapping appends the per-channel processes), eligibility, "Service
type" as description and as a category, and the geolocation of their location. The
mapping's "Alternative name" column is "Alternate name" in the file. Not read: organization
mailing addresses (HSDS 3 addresses belong to locations), holiday schedules and recurring
dates (not weekly), service areas, income standards and volunteer/amenity questions.

Florida: organizations; locations with their one-line address and labelled phones
("main: …, tdd: …"); services with ages and `service_problem_codes` as categories. Not
read: service program, income limit, veteran/military/immigration/incarceration
requirements, additional information and service areas. A maximum age of 120 or more is the
export's way of saying "no maximum" and is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from village.directory.hsds.sources.common import (
    WEEKDAYS,
    Builder,
    add_named_terms,
    add_schedule,
    add_service_at_location,
    add_taxonomy,
    coordinates,
    join_text,
    read_csv,
    row_id,
    split_list,
    value,
)
from village.directory.hsds.tables import Tables


@dataclass(frozen=True)
class Link:
    """A service–location link as one file names it (file, row and column for a rejection)."""

    file: str
    number: int
    column: str
    service_id: str
    location_id: str


@dataclass
class Found:
    """What services tell about locations read after them: positions by location id, and links."""

    positions: dict[str, tuple[str, str]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)


@dataclass(frozen=True)
class Export:
    """One transformer export: its three files and how to read each."""

    organizations: Callable[[Builder, Path], None]
    services: Callable[[Builder, Path, Found], None]
    locations: Callable[[Builder, Path, Found], None]
    skipped: frozenset[str]


def _read(folder: Path, export: Export) -> Tables:
    """Organizations, then services (they name their organization), then locations (they take
    coordinates found on their services), then the links between services and locations."""
    builder = Builder()
    builder.tables.skipped_tables.update(export.skipped)
    found = Found()
    export.organizations(builder, folder)
    export.services(builder, folder, found)
    export.locations(builder, folder, found)
    _link(builder, found.links)
    return builder.tables


def _link(builder: Builder, links: list[Link]) -> None:
    """Add the service–location links; one naming a service or location that was not read is rejected."""
    for link in links:
        for table, row_id_ in (("service", link.service_id), ("location", link.location_id)):
            if not builder.has(table, row_id_):
                builder.reject(link.file, link.number, link.column, "unknown_reference", row_id_)
                break
        else:
            add_service_at_location(builder, link.file, link.number, link.service_id, link.location_id)


def read_illinois(folder: Path) -> Tables:
    """Read the Illinois Legal Aid Online export (mapping.yaml). Problems are in `tables.rejections`."""
    export = Export(
        organizations=_illinois_organizations,
        services=_illinois_services,
        locations=_illinois_locations,
        skipped=frozenset({"service_area", "holiday_schedule"}),
    )
    return _read(folder, export)


def read_florida(folder: Path) -> Tables:
    """Read the Florida legal-aid export (florida_mapping.yaml). Problems are in `tables.rejections`."""
    export = Export(
        organizations=_florida_organizations,
        services=_florida_services,
        locations=_florida_locations,
        skipped=frozenset({"program", "service_area"}),
    )
    return _read(folder, export)


@dataclass(frozen=True)
class Columns:
    """A file's columns for the row id, the name and the organization id (read, and named in rejections)."""

    id: str
    name: str = ""
    organization: str = ""


def _organization(builder: Builder, file: str, number: int, values: dict[str, str], columns: Columns) -> bool:
    """Add an organization; one without a name is rejected."""
    if not values["name"]:
        builder.reject(file, number, columns.name, "required")
        return False
    return builder.add("organization", file, number, values, id_field=columns.id)


def _known_organization(builder: Builder, file: str, number: int, values: dict[str, str], columns: Columns) -> bool:
    """Whether the row's organization was read; if not, the row is rejected."""
    organization_id = values["organization_id"]
    if builder.has("organization", organization_id):
        return True
    code = "unknown_reference" if organization_id else "required"
    builder.reject(file, number, columns.organization, code, organization_id)
    return False


def _service(builder: Builder, file: str, number: int, values: dict[str, str], columns: Columns) -> bool:
    """Add a service; one without a name or whose organization is not in the export is rejected."""
    if not values["name"]:
        builder.reject(file, number, columns.name, "required")
        return False
    if not _known_organization(builder, file, number, values, columns):
        return False
    return builder.add("service", file, number, values, id_field=columns.id)


def _location(builder: Builder, file: str, number: int, values: dict[str, str], columns: Columns) -> bool:
    """Add a location; one whose organization is not in the export is rejected."""
    if not _known_organization(builder, file, number, values, columns):
        return False
    return builder.add("location", file, number, values, id_field=columns.id)


def _phone(
    builder: Builder, file: str, number: int, owner: tuple[str, str], kind: str, text: str, phone_type: str = "voice"
) -> None:
    """A phone of the owner ("location_id", id) as written; a cell without digits ("no phone") is no phone."""
    if not any(character.isdigit() for character in text):
        return
    owner_field, owner_id = owner
    values = {
        "id": f"{owner_field.removesuffix('_id')}-{owner_id}-{kind}",
        owner_field: owner_id,
        "number": text,
        "type": phone_type,
        "description": "" if kind == "main" else kind.replace("-", " ").capitalize(),
    }
    builder.add_once("phone", file, number, values)


# --- Illinois ------------------------------------------------------------------------------

ILLINOIS_SERVICE_TYPES = "ilao-service-type"
ILLINOIS_ORGANIZATION = Columns(id="Organization ID", name="Title")
ILLINOIS_SERVICE = Columns(id="Services-ID", name="Title", organization="Organization ID")
ILLINOIS_LOCATION = Columns(id="Location_id", organization="Organization ID")

# One day of "Sunday: Closed Monday: 9:00-17:00  Tuesday: 8:30-12:00 , 13:00-17:00 …".
_DAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\s*:\s*(.*?)\s*(?=\b(?:{'|'.join(WEEKDAYS)})\s*:|$)", re.IGNORECASE)


def _cms_list(text: str, joiner: str = ", ") -> str:
    """The ILAO CMS writes multiple choices one per line; join them on one line."""
    return joiner.join(split_list(text, separators="\n"))


def _illinois_organizations(builder: Builder, folder: Path) -> None:
    file = "organizations.csv"
    columns = ILLINOIS_ORGANIZATION
    for number, row in read_csv(builder, folder, file, [columns.id, columns.name]) or []:
        organization_id = row_id(row, columns.id, number)
        values = {
            "id": organization_id,
            "name": value(row, columns.name),
            "alternate_name": value(row, "Alternate name", "Alternative name"),
            "description": value(row, "Body"),
            "email": value(row, "Email"),
            "website": value(row, "Website address"),
        }
        if _organization(builder, file, number, values, columns):
            _phone(builder, file, number, ("organization_id", organization_id), "main", value(row, "Phone number"))


def _illinois_hours(builder: Builder, file: str, number: int, owner: tuple[str, str], text: str) -> None:
    """Weekly rows from "Monday: 8:30-12:00 , 13:00-17:00  Tuesday: Closed …" (one row per day and range)."""
    if not text:
        return
    days = _DAY.findall(text)
    if not days:
        builder.reject(file, number, "opens_at", "bad_time", text)
        return
    owner_field, owner_id = owner
    for day_name, ranges in days:
        if ranges.casefold() in ("", "closed"):
            continue
        weekday = WEEKDAYS.index(day_name.casefold()) + 1  # ISO: Monday is 1
        for index, hours in enumerate(split_list(ranges), 1):
            opens, _dash, closes = hours.partition("-")
            add_schedule(
                builder,
                file,
                number,
                # The export has no schedule ids: owner, day and position on that day identify a row.
                schedule_id=f"{owner_field.removesuffix('_id')}-{owner_id}-{day_name[:2].upper()}-{index}",
                owner=owner,
                weekday=weekday,
                opens=opens,
                closes=closes,
                shown=f"{day_name}: {hours}",
            )


_GEOLOCATION = re.compile(r"^\s*(?:Geolocation is\s*)?(\S+?)\s*,\s*(\S+)\s*$", re.IGNORECASE)


def _geolocation(builder: Builder, file: str, number: int, text: str) -> dict[str, str]:
    """Coordinates from "Geolocation is 41.88149, -87.624392"; {} when absent or unusable (then rejected)."""
    if not text:
        return {}
    match = _GEOLOCATION.match(text)
    if not match:
        builder.reject(file, number, "Geolocation", "bad_coordinates", text)
        return {}
    latitude, longitude = match.groups()
    return coordinates(builder, file, number, ("Geolocation", latitude), ("Geolocation", longitude))


def _illinois_services(builder: Builder, folder: Path, found: Found) -> None:
    """Add the services; note the first coordinates a service gives for its location, and its location link."""
    file = "services.csv"
    columns = ILLINOIS_SERVICE
    for number, row in read_csv(builder, folder, file, [columns.id, columns.name, columns.organization]) or []:
        service_id = row_id(row, columns.id, number)
        open_answer = value(row, "Is this service open?").casefold()
        values = {
            "id": service_id,
            "organization_id": value(row, columns.organization),
            "name": value(row, columns.name),
            "description": value(row, "Service type"),
            "status": {"yes": "active", "no": "inactive"}.get(open_answer, ""),
            "url": value(row, "Website address"),
            "fees_description": join_text(
                value(row, "Income eligibility and fees"),
                value(row, "Flat fee description"),
                value(row, "Sliding scale fees description"),
            ),
            # The mapping appends the per-channel processes to the general one.
            "application_process": join_text(
                _cms_list(value(row, "Application process")),
                value(row, "Process for applying by email"),
                value(row, "Process for applying by phone"),
                value(row, "Process for applying online"),
                value(row, "Process for walk-ins"),
                value(row, "Application form link"),
            ),
            "eligibility_description": _cms_list(value(row, "An individual must be one of these to qualify"), "; "),
        }
        if not _service(builder, file, number, values, columns):
            continue
        owner = ("service_id", service_id)
        _phone(builder, file, number, owner, "main", value(row, "Phone number"))
        _illinois_hours(builder, file, number, owner, value(row, "Hours of operation"))
        service_type = value(row, "Service type")
        if service_type:
            add_taxonomy(builder, file, ILLINOIS_SERVICE_TYPES, "ILAO service type")
            add_named_terms(
                builder, file, number, service_id=service_id, taxonomy_id=ILLINOIS_SERVICE_TYPES, names=[service_type]
            )
        location_id = value(row, "Location ID")
        position = _geolocation(builder, file, number, value(row, "Geolocation"))
        if location_id and position:
            # Services at one location repeat its position; the first one read stands.
            found.positions.setdefault(location_id, (position["latitude"], position["longitude"]))
        if location_id:
            found.links.append(Link(file, number, "Location ID", service_id, location_id))


def _illinois_locations(builder: Builder, folder: Path, found: Found) -> None:
    file = "locations.csv"
    columns = ILLINOIS_LOCATION
    for number, row in read_csv(builder, folder, file, [columns.id, columns.organization]) or []:
        location_id = row_id(row, columns.id, number)
        latitude, longitude = found.positions.get(location_id, ("", ""))
        values = {
            "id": location_id,
            "organization_id": value(row, columns.organization),
            "location_type": "physical",
            "name": value(row, "Field 2"),
            "latitude": latitude,
            "longitude": longitude,
        }
        if not _location(builder, file, number, values, columns):
            continue
        owner = ("location_id", location_id)
        _phone(builder, file, number, owner, "main", value(row, "Phone number"))
        _phone(builder, file, number, owner, "toll-free", value(row, "Toll-free phone number"))
        _phone(builder, file, number, owner, "tty", value(row, "TTY phone number"), "textphone")
        _illinois_hours(builder, file, number, owner, value(row, "Hours of operation"))
        for service_id in split_list(value(row, "Services")):
            found.links.append(Link(file, number, "Services", service_id, location_id))


# --- Florida -------------------------------------------------------------------------------

FLORIDA_PROBLEM_CODES = "florida-problem-codes"
FLORIDA_ORGANIZATION = Columns(id="organization_uuid", name="organization_name")
FLORIDA_SERVICE = Columns(id="service_uuid", name="service_name", organization="organization_uuid")
FLORIDA_LOCATION = Columns(id="location_uuid", organization="organization_uuid")

# "Tampa, FL 33605" at the end of a one-line address: the state and optional ZIP code.
_STATE_ZIP = re.compile(r"^([A-Z]{2})(?:\s+(\d{5}(?:-\d{4})?))?$")

# Florida phone labels → (id part, HSDS phone type).
FLORIDA_PHONES = {
    "main": ("main", "voice"),
    "tollfree": ("toll-free", "voice"),
    "tdd": ("tty", "textphone"),
    "fax": ("fax", "fax"),
}

# Ages at or above this are the export's "no limit" (it writes 200 or 999).
NO_AGE_LIMIT = 120


def _florida_organizations(builder: Builder, folder: Path) -> None:
    file = "organizations.csv"
    columns = FLORIDA_ORGANIZATION
    for number, row in read_csv(builder, folder, file, [columns.id, columns.name]) or []:
        year = value(row, "organization_year_incorporated")
        values = {
            "id": row_id(row, columns.id, number),
            "name": value(row, columns.name),
            "alternate_name": value(row, "organization_alternate_name"),
            "description": value(row, "organization_description"),
            "email": value(row, "organization_email"),
            "website": value(row, "organization_url"),
            "tax_id": value(row, "organization_tax_id"),
            "legal_status": value(row, "organization_legal_status"),
            "year_incorporated": year if re.fullmatch(r"\d{4}", year) else "",
        }
        _organization(builder, file, number, values, columns)


def _age(builder: Builder, file: str, number: int, column: str, text: str, *, maximum: bool) -> str:
    """The age as written if it is a whole number; "" when empty or (a maximum) the "no limit" value.

    Anything else is rejected ("bad_value") and left out; the service stays.
    """
    if not text:
        return ""
    if not text.isdigit():
        builder.reject(file, number, column, "bad_value", text)
        return ""
    return "" if maximum and int(text) >= NO_AGE_LIMIT else text


def _florida_services(builder: Builder, folder: Path, _found: Found) -> None:
    """Add the services (Florida's name no location and give no positions)."""
    file = "services.csv"
    columns = FLORIDA_SERVICE
    for number, row in read_csv(builder, folder, file, [columns.id, columns.name, columns.organization]) or []:
        service_id = row_id(row, columns.id, number)
        values = {
            "id": service_id,
            "organization_id": value(row, columns.organization),
            "name": value(row, columns.name),
            "alternate_name": value(row, "service_alternate_name"),
            "description": value(row, "service_description"),
            "email": value(row, "service_email"),
            "url": value(row, "service_url"),
            "minimum_age": _age(builder, file, number, "service_min_age", value(row, "service_min_age"), maximum=False),
            "maximum_age": _age(builder, file, number, "service_max_age", value(row, "service_max_age"), maximum=True),
        }
        if not _service(builder, file, number, values, columns):
            continue
        problems = split_list(value(row, "service_problem_codes"), separators=";")
        if problems:
            add_taxonomy(builder, file, FLORIDA_PROBLEM_CODES, "Florida legal problem codes")
            add_named_terms(
                builder, file, number, service_id=service_id, taxonomy_id=FLORIDA_PROBLEM_CODES, names=problems
            )


def _florida_address(location_id: str, text: str) -> dict[str, str]:
    """An address from "street[, more], City, ST 12345"; {} when there is no city (many rows say only "State: FL")."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if len(parts) < 2:
        return {}
    match = _STATE_ZIP.match(parts[-1])
    if not match:
        return {}
    state, postal_code = match.groups()
    return {
        "id": location_id,  # one address per location
        "location_id": location_id,
        "address_1": ", ".join(parts[:-2]),
        "city": parts[-2],
        "state_province": state,
        "postal_code": postal_code or "",
        "country": "US",
        "address_type": "physical",
    }


def _florida_phones(builder: Builder, file: str, number: int, location_id: str, text: str) -> None:
    """Phones from "main: 954-765-8950, tdd: 800-955-8771"; an unlabelled number is a main line."""
    for item in split_list(text):
        label, _colon, phone = item.rpartition(":")
        kind, phone_type = FLORIDA_PHONES.get(label.strip().casefold(), (label.strip().casefold() or "main", "voice"))
        _phone(builder, file, number, ("location_id", location_id), kind, phone.strip(), phone_type)


def _florida_locations(builder: Builder, folder: Path, _found: Found) -> None:
    file = "locations.csv"
    columns = FLORIDA_LOCATION
    for number, row in read_csv(builder, folder, file, [columns.id, columns.organization]) or []:
        location_id = row_id(row, columns.id, number)
        values = {
            "id": location_id,
            "organization_id": value(row, columns.organization),
            "location_type": "physical",
            "name": value(row, "location_name"),
            "url": value(row, "location_url"),
        }
        if not _location(builder, file, number, values, columns):
            continue
        address = _florida_address(location_id, value(row, "location_address"))
        if address:
            builder.add("address", file, number, address)
        _florida_phones(builder, file, number, location_id, value(row, "phones"))
