"""The HSDS 3 tabular data package Village writes: one CSV per table under the standard's file
name, with the standard's columns in its order, and a `datapackage.json` (Frictionless "tabular
data package") describing them.

The layout is the official `datapackage.json` of HSDS 3.0 (Open Referral, CC BY-SA 4.0): its
resource names, paths, field names and types are restated here (not its descriptions), and a
test compares them with the official file.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

from village.directory.hsds.tables import Tables
from village.lib.jsontypes import JSONObject
from village.lib.spreadsheet import safe_cell

# Resource name -> (file, "field[:type] ..."), as in HSDS 3.0's datapackage.json; a field without
# a type is a string.
RESOURCES: dict[str, tuple[str, str]] = {
    "organization": (
        "organizations.csv",
        "id name alternate_name description email website tax_status tax_id year_incorporated:number"
        " legal_status logo uri parent_organization_id",
    ),
    "program": ("programs.csv", "id organization_id name alternate_name description"),
    "service": (
        "services.csv",
        "id organization_id program_id name alternate_name description url email status interpretation_services"
        " application_process fees_description wait_time fees accreditations eligibility_description"
        " minimum_age:number maximum_age:number assured_date:date assurer_email licenses alert"
        " last_modified:datetime",
    ),
    "attribute": ("attributes.csv", "id link_id taxonomy_term_id link_type link_entity value"),
    "service_at_location": ("service_at_location.csv", "id service_id location_id description"),
    "location": (
        "locations.csv",
        "id location_type url organization_id name alternate_name description transportation latitude:number"
        " longitude:number external_identifier external_identifier_type",
    ),
    "phone": (
        "phones.csv",
        "id location_id service_id organization_id contact_id service_at_location_id number extension:number"
        " type description",
    ),
    "contact": (
        "contacts.csv",
        "id organization_id service_id service_at_location_id location_id name title department email",
    ),
    "address": (
        "addresses.csv",
        "id location_id attention address_1 address_2 city region state_province postal_code country address_type",
    ),
    "schedule": (
        "schedules.csv",
        "id service_id location_id service_at_location_id valid_from:date valid_to:date dtstart:date"
        " timezone:number until:date count:number wkst freq interval:number byday byweekno bymonthday"
        " byyearday description opens_at:time closes_at:time schedule_link attending_type notes",
    ),
    "funding": ("funding.csv", "id organization_id service_id source"),
    "service_area": ("service_areas.csv", "id service_id name description extent extent_type uri"),
    "required_document": ("required_documents.csv", "id service_id document uri"),
    "language": ("languages.csv", "id service_id location_id phone_id name code note"),
    "accessibility": ("accessibility.csv", "id location_id description details url"),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        "id code name description parent_id taxonomy language taxonomy_id term_uri",
    ),
    "metadata": (
        "metadata.csv",
        "id resource_id resource_type last_action_date:date last_action_type field_name previous_value"
        " replacement_value updated_by",
    ),
    "meta_table_description": ("meta_table_descriptions.csv", "id name language character_set"),
    "cost_option": (
        "cost_options.csv",
        "id service_id valid_from:date valid_to:date option currency amount:number amount_description",
    ),
    "organization_identifier": (
        "organization_identifiers.csv",
        "id organization_id identifier_scheme identifier_type identifier",
    ),
    "taxonomy": ("taxonomies.csv", "id name description uri version"),
}


def file_name(table: str) -> str:
    return RESOURCES[table][0]


def fields(table: str) -> list[tuple[str, str]]:
    """(name, Frictionless type) of each column of a table, in the standard's order."""
    return [(f.partition(":")[0], f.partition(":")[2] or "string") for f in RESOURCES[table][1].split()]


def _foreign_keys(table: str, present: set[str]) -> list[JSONObject]:
    """`x_id` columns point at resource `x`'s id (the official package's rule), where `x` is in the package."""
    keys: list[JSONObject] = []
    for name, _type in fields(table):
        target = name.removesuffix("_id")
        if name.endswith("_id") and target in present and target in RESOURCES:
            keys.append({"fields": name, "reference": {"resource": target, "fields": "id"}})
    return keys


def descriptor(tables: list[str]) -> JSONObject:
    """The package's `datapackage.json`, describing these tables' files."""
    present = set(tables)
    resources: list[JSONObject] = []
    for table in tables:
        schema: JSONObject = {
            "primaryKey": "id",
            "fields": [
                {"name": name, "type": kind, **({"constraints": {"required": True}} if name == "id" else {})}
                for name, kind in fields(table)
            ],
        }
        keys = _foreign_keys(table, present)
        if keys:
            schema["foreignKeys"] = list(keys)
        resources.append(
            {
                "name": table,
                "path": file_name(table),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": schema,
            }
        )
    return {
        "name": "human_services_data",
        "title": "Human Services Data Specification",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "homepage": "https://docs.openreferral.org/en/v3.0/",
        "resources": list(resources),
    }


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # Text that a spreadsheet would run as a formula is neutralised (the JSON export is the exact copy).
    return str(safe_cell(str(value)))


def write_package(tables: Tables) -> bytes:
    """A zip of the tables (those with rows, in the standard's order) and their `datapackage.json`.

    Every column of the standard is written, empty where there is no value; a value under a
    field the standard does not define would be lost, so it raises rather than being dropped.
    """
    written = [table for table in RESOURCES if tables[table]]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in written:
            header = [name for name, _kind in fields(table)]
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(header)
            for row in tables[table]:
                unknown = set(row.values) - set(header)
                if unknown:
                    raise ValueError(f"{table} has fields HSDS does not define: {sorted(unknown)}")
                writer.writerow([_cell(row.values.get(name)) for name in header])
            archive.writestr(file_name(table), text.getvalue())
        archive.writestr("datapackage.json", json.dumps(descriptor(written), indent=2, ensure_ascii=False) + "\n")
    return buffer.getvalue()
