"""Ohana API CSV exports (the pre-HSDS-1.1 "Open Referral" format) as HSDS 3 tables.

Read: organizations, locations (with their accessibility and languages), services (with
languages, keywords and Open Eligibility taxonomy ids), addresses (physical), mail_addresses
(postal), phones, regular_schedules and taxonomy. Ohana services name a location, not an
organization: the service's organization is its location's, and the pair is a
`service_at_location` row.

Not read (listed in `skipped_tables`): contacts (HSDS `contact`), programs (`program`),
holiday_schedules (closures; Ohana writes unknown dates as year 0001), and the service
columns for HSDS tables Village does not read: funding_sources (`funding`), service_areas
(`service_area`), required_documents (`required_document`). Dropped because HSDS 3 has no
such field: audience, accepted_payments, short_desc (used only when there is no
description), admin_emails, location email, phone country_prefix and vanity_number. Phones
that belong only to a contact are left out with the contacts.
"""

from __future__ import annotations

import re
from pathlib import Path

from village.directory.hsds.sources.common import (
    Builder,
    CsvRow,
    add_attribute,
    add_languages,
    add_named_terms,
    add_schedule,
    add_service_at_location,
    add_taxonomy,
    coordinates,
    read_csv,
    row_id,
    split_list,
    value,
    weekday_number,
)
from village.directory.hsds.tables import Tables

OPEN_ELIGIBILITY = "open-eligibility"
KEYWORDS = "ohana-keywords"

# Ohana number types → HSDS 3 phone.type; a hotline is a voice line, and Ohana's "tty" is a textphone.
PHONE_TYPES = {"voice": "voice", "fax": "fax", "tty": "textphone", "hotline": "voice", "sms": "text", "cell": "cell"}

SKIPPED = {"contact", "program", "holiday_schedule", "funding", "service_area", "required_document"}


def read(folder: Path) -> Tables:
    """Read an Ohana sample-csv folder. Problems are in `tables.rejections`; rows that fail are left out."""
    builder = Builder()
    builder.tables.skipped_tables.update(SKIPPED)
    _organizations(builder, folder)
    location_orgs = _locations(builder, folder)
    _taxonomy(builder, folder)
    _services(builder, folder, location_orgs)
    _addresses(builder, folder, "addresses.csv", "physical")
    _addresses(builder, folder, "mail_addresses.csv", "postal")
    _phones(builder, folder)
    _schedules(builder, folder)
    return builder.tables


def _year(text: str) -> str:
    """The year of a date written any way ("January 01, 1970" → "1970"), or ""."""
    years = re.findall(r"\b\d{4}\b", text)
    return years[-1] if years else ""


def _organizations(builder: Builder, folder: Path) -> None:
    file = "organizations.csv"
    for number, row in read_csv(builder, folder, file, ["id", "name"]) or []:
        if not value(row, "name"):
            builder.reject(file, number, "name", "required")
            continue
        values = {
            "id": row_id(row, "id", number),
            "name": value(row, "name"),
            "alternate_name": value(row, "alternate_name"),
            "description": value(row, "description"),
            "email": value(row, "email"),
            "website": value(row, "website"),
            "tax_status": value(row, "tax_status"),
            "tax_id": value(row, "tax_id"),
            "legal_status": value(row, "legal_status"),
            "year_incorporated": _year(value(row, "date_incorporated")),
        }
        builder.add("organization", file, number, values)


def _locations(builder: Builder, folder: Path) -> dict[str, str]:
    """Add the locations; return each location's organization id (services take it from there)."""
    file = "locations.csv"
    organizations: dict[str, str] = {}
    for number, row in read_csv(builder, folder, file, ["id", "organization_id"]) or []:
        location_id = row_id(row, "id", number)
        organization_id = value(row, "organization_id")
        if not organization_id:
            builder.reject(file, number, "organization_id", "required")
            continue
        if not builder.has("organization", organization_id):
            builder.reject(file, number, "organization_id", "unknown_reference", organization_id)
            continue
        position = coordinates(
            builder,
            file,
            number,
            ("latitude", value(row, "latitude")),
            ("longitude", value(row, "longitude")),
        )
        values = {
            "id": location_id,
            "organization_id": organization_id,
            "location_type": "virtual" if value(row, "virtual").casefold() == "true" else "physical",
            "name": value(row, "name"),
            "alternate_name": value(row, "alternate_name"),
            "description": value(row, "description", "short_desc"),
            "transportation": value(row, "transportation"),
            "url": value(row, "website"),
            **position,
        }
        if not builder.add("location", file, number, values):
            continue
        organizations[location_id] = organization_id
        owner = ("location_id", location_id)
        add_languages(builder, file, number, "languages", value(row, "languages"), owner)
        for feature in split_list(value(row, "accessibility")):
            accessibility = {"id": f"{location_id}-{feature}", "location_id": location_id, "description": feature}
            builder.add("accessibility", file, number, accessibility, id_field="accessibility")
    return organizations


def _taxonomy(builder: Builder, folder: Path) -> None:
    """Open Eligibility terms; a parent must be a term of the file (rows are parents first)."""
    file = "taxonomy.csv"
    rows = read_csv(builder, folder, file, ["taxonomy_id", "name"])
    if rows is None:
        return
    add_taxonomy(builder, file, OPEN_ELIGIBILITY, "Open Eligibility")
    for number, row in rows:
        term_id = value(row, "taxonomy_id")
        if not term_id or not value(row, "name"):
            builder.reject(file, number, "taxonomy_id" if not term_id else "name", "required")
            continue
        parent_id = value(row, "parent_id")
        if parent_id and not builder.has("taxonomy_term", parent_id):
            builder.reject(file, number, "parent_id", "unknown_reference", parent_id)
            continue
        values = {
            "id": term_id,
            "code": term_id,
            "name": value(row, "name"),
            "parent_id": parent_id,
            "taxonomy_id": OPEN_ELIGIBILITY,
        }
        builder.add("taxonomy_term", file, number, values, id_field="taxonomy_id")


def _services(builder: Builder, folder: Path, location_orgs: dict[str, str]) -> None:
    file = "services.csv"
    for number, row in read_csv(builder, folder, file, ["id", "location_id", "name"]) or []:
        service_id = row_id(row, "id", number)
        location_id = value(row, "location_id")
        if not value(row, "name"):
            builder.reject(file, number, "name", "required")
            continue
        if location_id not in location_orgs:
            builder.reject(file, number, "location_id", "unknown_reference" if location_id else "required", location_id)
            continue
        values = {
            "id": service_id,
            "organization_id": location_orgs[location_id],
            "name": value(row, "name"),
            "alternate_name": value(row, "alternate_name"),
            "description": value(row, "description"),
            "url": value(row, "website"),
            "email": value(row, "email"),
            "status": value(row, "status").casefold(),  # as read: the applier rejects one HSDS lacks
            "interpretation_services": value(row, "interpretation_services"),
            "application_process": value(row, "application_process"),
            "fees_description": value(row, "fees"),
            "wait_time": value(row, "wait_time"),
            "eligibility_description": value(row, "eligibility"),
        }
        if not builder.add("service", file, number, values):
            continue
        add_service_at_location(builder, file, number, service_id, location_id)
        add_languages(builder, file, number, "languages", value(row, "languages"), ("service_id", service_id))
        _service_terms(builder, file, number, service_id, row)


def _service_terms(builder: Builder, file: str, number: int, service_id: str, row: CsvRow) -> None:
    """Open Eligibility terms by id (each must exist in taxonomy.csv) and free keywords as their own vocabulary."""
    for term_id in split_list(value(row, "taxonomy_ids")):
        if not builder.has("taxonomy_term", term_id):
            builder.reject(file, number, "taxonomy_ids", "unknown_reference", term_id)
            continue
        add_attribute(builder, file, number, service_id, term_id)
    keywords = split_list(value(row, "keywords"))
    if keywords:
        add_taxonomy(builder, file, KEYWORDS, "Ohana keywords")
        add_named_terms(builder, file, number, service_id=service_id, taxonomy_id=KEYWORDS, names=keywords)


def _addresses(builder: Builder, folder: Path, file: str, address_type: str) -> None:
    for number, row in read_csv(builder, folder, file, ["location_id", "address_1"]) or []:
        location_id = value(row, "location_id")
        if not builder.has("location", location_id):
            builder.reject(file, number, "location_id", "unknown_reference" if location_id else "required", location_id)
            continue
        values = {
            # Physical and postal addresses come from two files with overlapping ids.
            "id": f"{address_type}-{row_id(row, 'id', number)}",
            "location_id": location_id,
            "attention": value(row, "attention"),
            "address_1": value(row, "address_1"),
            "address_2": value(row, "address_2"),
            "city": value(row, "city"),
            "state_province": value(row, "state_province"),
            "postal_code": value(row, "postal_code"),
            "country": value(row, "country") or "US",
            "address_type": address_type,
        }
        builder.add("address", file, number, values)


def _phones(builder: Builder, folder: Path) -> None:
    """Phones of a location, service or organization. A phone of a contact only is skipped with the contacts."""
    file = "phones.csv"
    owners = (("location_id", "location"), ("service_id", "service"), ("organization_id", "organization"))
    for number, row in read_csv(builder, folder, file, ["number"]) or []:
        links = {column: value(row, column) for column, _table in owners if value(row, column)}
        if not links:
            continue
        unknown = [
            (column, links[column])
            for column, table in owners
            if column in links and not builder.has(table, links[column])
        ]
        if unknown:
            builder.reject(file, number, unknown[0][0], "unknown_reference", unknown[0][1])
            continue
        if not value(row, "number"):
            builder.reject(file, number, "number", "required")
            continue
        values = {
            "id": row_id(row, "id", number),
            **links,
            "number": value(row, "number"),
            "extension": value(row, "extension"),
            "type": PHONE_TYPES.get(value(row, "number_type").casefold(), ""),
            "description": value(row, "department"),
        }
        builder.add("phone", file, number, values)


def _schedules(builder: Builder, folder: Path) -> None:
    """One weekly row per source row, for the service or else the location it names."""
    file = "regular_schedules.csv"
    for number, row in read_csv(builder, folder, file, ["weekday", "opens_at", "closes_at"]) or []:
        service_id, location_id = value(row, "service_id"), value(row, "location_id")
        owner = ("service_id", service_id) if service_id else ("location_id", location_id)
        table = owner[0].removesuffix("_id")
        if not owner[1]:
            builder.reject(file, number, "location_id", "required")
            continue
        if not builder.has(table, owner[1]):
            builder.reject(file, number, owner[0], "unknown_reference", owner[1])
            continue
        weekday = weekday_number(value(row, "weekday"))
        if weekday is None:
            builder.reject(file, number, "weekday", "bad_value", value(row, "weekday"))
            continue
        add_schedule(
            builder,
            file,
            number,
            schedule_id=row_id(row, "id", number),
            owner=owner,
            weekday=weekday,
            opens=value(row, "opens_at"),
            closes=value(row, "closes_at"),
            shown=f"{value(row, 'opens_at')}-{value(row, 'closes_at')}",
        )
