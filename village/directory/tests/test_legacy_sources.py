"""Legacy directory exports (Ohana CSV, hsds-transformer legal-aid CSVs) read into HSDS 3 tables.

The real files stay in shared/external and are read from there. Expected numbers are
counted from the CSVs here in a simpler way than the readers do, so the two can disagree.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import SHARED, skip_or_fail
from village.directory.hsds.sources import ohana, transformer
from village.directory.hsds.sources.common import language_code, parse_time
from village.directory.hsds.tables import Rejection, Tables

OHANA = SHARED / "external" / "ohana-smc-sample" / "sample-csv"
ILLINOIS = SHARED / "external" / "hsds-transformer-realdata" / "ilao_illinois_legal_aid"
FLORIDA = SHARED / "external" / "hsds-transformer-realdata" / "florida_legal_aid"


def _source(folder: Path) -> Path:
    if not folder.is_dir():
        skip_or_fail(f"the legacy directory export {folder} is missing (shared/external is not beside the repository)")
    return folder


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _by_id(tables: Tables, table: str) -> dict[str, dict[str, str]]:
    return {row.values["id"]: row.values for row in tables[table]}


def _schedules(tables: Tables, owner: str, owner_id: str) -> list[tuple[str, str, str]]:
    return sorted(
        (row.values["byday"], row.values["opens_at"], row.values["closes_at"])
        for row in tables["schedule"]
        if row.values.get(owner) == owner_id
    )


def _codes(tables: Tables) -> Counter[tuple[str, str, str]]:
    return Counter((r.file, r.field, r.code) for r in tables.rejections)


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _good_ranges(hours: str) -> int:
    """Time ranges in an ILAO "Hours of operation" cell that close after they open."""
    ranges = re.findall(r"(\d{1,2}:\d{2})-(\d{1,2}:\d{2})", hours)
    return sum(1 for opens, closes in ranges if _minutes(closes) > _minutes(opens))


# --- Ohana (San Mateo County sample) -----------------------------------------------------------


def test_ohana_reads_every_organization_location_service_and_schedule() -> None:
    folder = _source(OHANA)
    tables = ohana.read(folder)

    assert len(tables["organization"]) == len(_csv(folder / "organizations.csv")) == 8
    assert len(tables["location"]) == len(_csv(folder / "locations.csv")) == 22
    assert len(tables["service"]) == len(_csv(folder / "services.csv")) == 23
    # Every service is at its one location.
    assert len(tables["service_at_location"]) == 23
    # One of the 11 schedule rows closes before it opens (below).
    assert len(tables["schedule"]) == len(_csv(folder / "regular_schedules.csv")) - 1 == 10
    addresses = len(_csv(folder / "addresses.csv")) + len(_csv(folder / "mail_addresses.csv"))
    assert len(tables["address"]) == addresses
    assert Counter(row.values["address_type"] for row in tables["address"]) == {"physical": 21, "postal": 21}
    # Phones of contacts only stay out with the contacts.
    owned = [r for r in _csv(folder / "phones.csv") if r["location_id"] or r["service_id"] or r["organization_id"]]
    assert len(tables["phone"]) == len(owned) == 48
    assert len([r for r in tables["taxonomy_term"] if r.values["taxonomy_id"] == "open-eligibility"]) == 290
    assert {"contact", "program", "holiday_schedule"} <= tables.skipped_tables


def test_ohana_organization_service_and_schedule_come_through() -> None:
    tables = ohana.read(_source(OHANA))
    organizations = _by_id(tables, "organization")
    assert organizations["1"]["name"] == "Peninsula Family Service"
    assert organizations["8"]["year_incorporated"] == "1970"  # "January 01, 1970"

    passport = _by_id(tables, "service")["22"]
    assert passport["name"] == "Passport Photos"
    assert passport["organization_id"] == "8"  # from its location 22 (Ohana services name no organization)
    assert passport["eligibility_description"] == "None"
    # "08:00"/"12:00", "14:00"/"4:00 PM" and "10:00"/"3pm" in the file.
    assert _schedules(tables, "service_id", "22") == [
        ("MO", "08:00:00", "12:00:00"),
        ("MO", "14:00:00", "16:00:00"),
        ("WE", "10:00:00", "15:00:00"),
    ]
    assert _schedules(tables, "location_id", "22")[-2:] == [
        ("TU", "08:00:00", "17:00:00"),
        ("WE", "08:00:00", "17:00:00"),
    ]
    assert all(row.values["freq"] == "WEEKLY" for row in tables["schedule"])

    location = _by_id(tables, "location")["1"]
    assert (location["latitude"], location["longitude"]) == ("37.477227", "-122.213221")
    assert _by_id(tables, "location")["20"]["location_type"] == "virtual"
    assert "latitude" not in _by_id(tables, "location")["20"]


def test_ohana_languages_map_to_iso_codes() -> None:
    tables = ohana.read(_source(OHANA))
    languages = [r.values for r in tables["language"]]
    assert [(v["name"], v["code"]) for v in languages if v.get("service_id") == "22"] == [("Spanish", "es")]
    at_22 = {v["name"]: v["code"] for v in languages if v.get("location_id") == "22"}
    assert at_22 == {"Cantonese": "zh", "Russian": "ru", "Spanish": "es", "Tagalog": "tl", "Taiwanese": "zh"}
    at_2 = {v["name"]: v["code"] for v in languages if v.get("location_id") == "2"}
    assert at_2 == {"Chinese (Mandarin)": "zh", "Tagalog": "tl", "Italian": "it", "Spanish": "es"}
    assert not [r for r in tables.rejections if r.code == "unknown_language"]


def test_ohana_taxonomy_and_keywords_link_services() -> None:
    tables = ohana.read(_source(OHANA))
    terms = _by_id(tables, "taxonomy_term")
    assert terms["108-05-01"] == {
        "id": "108-05-01",
        "code": "108-05-01",
        "name": "Help Fill out Forms",
        "parent_id": "108-05",
        "taxonomy_id": "open-eligibility",
    }
    linked = {r.values["taxonomy_term_id"] for r in tables["attribute"] if r.values["link_id"] == "22"}
    assert {"105", "108", "108-05", "108-05-01", "111", "111-05"} <= linked
    keyword_names = {terms[term]["name"] for term in linked if term.startswith("ohana-keywords:")}
    assert keyword_names == {"Salud", "Medicina"}
    assert all(r.values["link_type"] == "service" for r in tables["attribute"])


def test_ohana_real_defect_closing_before_opening_is_rejected_alone() -> None:
    tables = ohana.read(_source(OHANA))
    # regular_schedules.csv id 13: Monday "9am" to "03:00".
    assert tables.rejections == [
        Rejection("regular_schedules.csv", 11, "closes_at", "closes_before_opens", "9am-03:00")
    ]
    assert "13" not in _by_id(tables, "schedule")


# --- Illinois Legal Aid Online ------------------------------------------------------------------


def test_illinois_counts_follow_the_organizations_in_the_export() -> None:
    folder = _source(ILLINOIS)
    tables = transformer.read_illinois(folder)
    organizations = _csv(folder / "organizations.csv")
    known = {row["Organization ID"] for row in organizations}
    locations = [row for row in _csv(folder / "locations.csv") if row["Organization ID"] in known]
    services = [row for row in _csv(folder / "services.csv") if row["Services-ID"] and row["Organization ID"] in known]

    assert len(tables["organization"]) == len(organizations) == 33
    assert len(tables["location"]) == len(locations) == 72
    assert len(tables["service"]) == len(services) == 89
    expected_schedules = sum(_good_ranges(row["Hours of operation"]) for row in locations + services)
    assert len(tables["schedule"]) == expected_schedules == 568
    # The export holds 33 of the organizations its locations and services name: the rest are rejected.
    codes = _codes(tables)
    assert codes["locations.csv", "Organization ID", "unknown_reference"] == 520 - 72
    assert codes["services.csv", "Organization ID", "unknown_reference"] == 340
    assert Rejection("services.csv", 1, "Organization ID", "unknown_reference", "91676") in tables.rejections
    assert {"service_area", "holiday_schedule"} <= tables.skipped_tables


def test_illinois_organization_service_and_schedule_come_through() -> None:
    tables = transformer.read_illinois(_source(ILLINOIS))
    upsolve = _by_id(tables, "organization")["127446"]
    assert (upsolve["name"], upsolve["website"]) == ("Upsolve", "https://upsolve.org/")

    intake = _by_id(tables, "service")["49961"]
    assert intake["name"] == "Spanish intake line for people being investigated by DCFS"
    assert intake["status"] == "active"
    assert intake["description"] == "Direct representation"  # "Service type", as the mapping says
    # Monday "9:00-5:00" closes before it opens and is left out; the other days stand.
    assert _schedules(tables, "service_id", "49961") == [
        ("FR", "09:00:00", "17:00:00"),
        ("TH", "09:00:00", "17:00:00"),
        ("TU", "09:00:00", "17:00:00"),
        ("WE", "09:00:00", "17:00:00"),
    ]
    assert Rejection("services.csv", 181, "closes_at", "closes_before_opens", "Monday: 9:00-5:00") in tables.rejections
    assert _schedules(tables, "service_id", "108216")[0] == ("FR", "09:00:00", "16:30:00")

    # The location's position comes from its services' "Geolocation is 41.885144, -87.625994".
    hotline = _by_id(tables, "location")["131331"]
    assert (hotline["name"], hotline["latitude"], hotline["longitude"]) == (
        "IL-AFLAN Hotline",
        "41.885144",
        "-87.625994",
    )
    links = {(r.values["service_id"], r.values["location_id"]) for r in tables["service_at_location"]}
    assert ("108216", "131331") in links
    types = {r.values["name"] for r in tables["taxonomy_term"]}
    assert "Direct representation" in types


def test_illinois_real_defects_are_reported() -> None:
    tables = transformer.read_illinois(_source(ILLINOIS))
    codes = _codes(tables)
    # The last services row has no id and no title, only an organization and a location.
    assert Rejection("services.csv", 430, "Title", "required") in tables.rejections
    assert codes["services.csv", "closes_at", "closes_before_opens"] == 7
    assert codes["locations.csv", "closes_at", "closes_before_opens"] == 2
    assert set(codes) == {
        ("locations.csv", "Organization ID", "unknown_reference"),
        ("services.csv", "Organization ID", "unknown_reference"),
        ("services.csv", "closes_at", "closes_before_opens"),
        ("locations.csv", "closes_at", "closes_before_opens"),
        ("services.csv", "Title", "required"),
    }
    phones = [r.values["number"] for r in tables["phone"]]
    assert "no phone" not in phones


# --- Florida legal aid --------------------------------------------------------------------------


def test_florida_counts_and_known_rows() -> None:
    folder = _source(FLORIDA)
    tables = transformer.read_florida(folder)
    assert len(tables["organization"]) == len(_csv(folder / "organizations.csv")) == 20
    assert len(tables["location"]) == len(_csv(folder / "locations.csv")) == 378
    assert len(tables["service"]) == len(_csv(folder / "services.csv")) - 1 == 134  # one misaligned row
    assert tables["schedule"] == []  # the export has no hours

    organizations = _by_id(tables, "organization")
    assert organizations["6a84f8e7-f0a8-445d-9abc-d24a7b462f82"]["name"] == "Americans for Immigrant Justice"
    helpline = _by_id(tables, "service")["5b4f6833-d16c-4792-808b-47d6ac1e02dd"]
    assert (helpline["name"], helpline["minimum_age"]) == ("Florida Senior Legal Helpline", "60")
    assert "maximum_age" not in helpline  # the export writes 200 for "no maximum"

    # Addresses are often only "State: FL" (SOURCE.md): those locations get no address.
    one_line = re.compile(r".+,\s*[A-Z]{2}(\s+\d{5}(-\d{4})?)?$")
    parseable = [r for r in _csv(folder / "locations.csv") if one_line.match(r["location_address"])]
    assert len(tables["address"]) == len(parseable) == 85
    plantation = [r.values for r in tables["address"] if r.values.get("address_1") == "491 N. State Road 7"]
    assert plantation[0]["city"] == "Plantation"
    assert (plantation[0]["state_province"], plantation[0]["postal_code"]) == ("FL", "33317")

    phones = {(r.values["number"], r.values["type"]) for r in tables["phone"]}
    assert ("800-955-8771", "textphone") in phones  # "tdd: 800-955-8771"


def test_florida_problem_codes_are_categories() -> None:
    folder = _source(FLORIDA)
    tables = transformer.read_florida(folder)
    accepted = _by_id(tables, "service")
    expected = sum(
        len({code.strip().casefold() for code in row["service_problem_codes"].split(";") if code.strip()})
        for row in _csv(folder / "services.csv")
        if row["service_uuid"] in accepted
    )
    assert len(tables["attribute"]) == expected
    names = {r.values["name"] for r in tables["taxonomy_term"]}
    assert {"Immigration", "Domestic Violence", "Foreclosure"} <= names


def test_florida_row_with_extra_cells_is_rejected() -> None:
    tables = transformer.read_florida(_source(FLORIDA))
    # Row 64's description spills over two cells, so every later value sits one column late
    # and two land under the header's unnamed trailing columns (SOURCE.md).
    [rejection] = tables.rejections
    assert (rejection.file, rejection.row, rejection.field, rejection.code) == (
        "services.csv",
        64,
        "",
        "extra_cells",
    )
    assert "Pinellas County" in rejection.value
    assert "5b5743ff-e9d4-411e-b0a6-4d1fd0502003" not in _by_id(tables, "service")


# --- bad input, written here ---------------------------------------------------------------------

OHANA_HEADERS = {
    "organizations.csv": ["id", "name"],
    "locations.csv": ["id", "organization_id", "name", "latitude", "longitude", "languages"],
    "services.csv": ["id", "location_id", "name", "languages"],
    "addresses.csv": ["id", "location_id", "address_1", "city", "state_province", "postal_code"],
    "mail_addresses.csv": ["id", "location_id", "address_1", "city", "state_province", "postal_code"],
    "phones.csv": ["id", "location_id", "number"],
    "regular_schedules.csv": ["id", "location_id", "service_id", "weekday", "opens_at", "closes_at"],
    "taxonomy.csv": ["taxonomy_id", "name", "parent_id"],
}


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _ohana_folder(folder: Path, **rows: list[list[str]]) -> Path:
    """A small Ohana export: one organization, location and service unless `rows` (by file stem) say otherwise."""
    defaults = {
        "organizations": [["1", "Riverbend Food Bank"]],
        "locations": [["10", "1", "Main pantry", "41.88", "-87.63", "Spanish"]],
        "services": [["100", "10", "Food pantry", "Spanish"]],
    }
    for name, header in OHANA_HEADERS.items():
        stem = name.removesuffix(".csv")
        _write(folder / name, header, rows.get(stem, defaults.get(stem, [])))
    return folder


def test_ohana_small_export_reads_cleanly(tmp_path: Path) -> None:
    tables = ohana.read(_ohana_folder(tmp_path))
    assert tables.rejections == []
    assert [r.values["name"] for r in tables["service"]] == ["Food pantry"]
    assert (tables["service"][0].file, tables["service"][0].number) == ("services.csv", 1)


def test_missing_file_and_missing_column_are_rejected_once(tmp_path: Path) -> None:
    folder = _ohana_folder(tmp_path)
    (folder / "phones.csv").unlink()
    _write(folder / "organizations.csv", ["id", "title"], [["1", "Riverbend Food Bank"]])
    tables = ohana.read(folder)
    assert Rejection("phones.csv", 0, "", "missing_file") in tables.rejections
    assert Rejection("organizations.csv", 0, "name", "missing_column") in tables.rejections
    assert tables["organization"] == []
    # Without its organization the location (and so the service) cannot be placed.
    assert Rejection("locations.csv", 1, "organization_id", "unknown_reference", "1") in tables.rejections
    assert Rejection("services.csv", 1, "location_id", "unknown_reference", "10") in tables.rejections


def test_bad_encoding_is_rejected_and_cp1252_is_read(tmp_path: Path) -> None:
    folder = _ohana_folder(tmp_path)
    (folder / "organizations.csv").write_bytes(b"id,name\r\n1,Caf\xe9 Esperanza\r\n")
    tables = ohana.read(folder)
    assert _by_id(tables, "organization")["1"]["name"] == "Café Esperanza"

    (folder / "organizations.csv").write_bytes(b"id,name\r\n1,Caf\x81\x8d\r\n")  # undefined even in cp1252
    tables = ohana.read(folder)
    assert Rejection("organizations.csv", 0, "", "bad_encoding") in tables.rejections
    assert tables["organization"] == []


def test_duplicate_id_rejects_the_later_row(tmp_path: Path) -> None:
    folder = _ohana_folder(tmp_path, organizations=[["1", "Riverbend Food Bank"], ["1", "Lakeside Clinic"]])
    tables = ohana.read(folder)
    assert Rejection("organizations.csv", 2, "id", "duplicate_id", "1") in tables.rejections
    assert [r.values["name"] for r in tables["organization"]] == ["Riverbend Food Bank"]


def test_schedule_times_are_checked_row_by_row(tmp_path: Path) -> None:
    schedules = [
        ["1", "", "100", "Mon", "9:00 AM", "5:00 PM"],
        ["2", "", "100", "2", "17:00:00", "08:00"],
        ["3", "", "100", "Wednesday", "25:00", "18:00"],
        ["4", "", "100", "Thursday", "09:00", "soon"],
        ["5", "10", "", "Sunday", "12:00", "12:00"],
        ["6", "", "999", "Friday", "09:00", "10:00"],
        ["7", "", "100", "Funday", "09:00", "10:00"],
        ["8", "", "100", "Friday", "22:00", "6:00 AM"],
    ]
    tables = ohana.read(_ohana_folder(tmp_path, regular_schedules=schedules))
    # A night of eight hours closes the next day; fifteen hours ("17:00-08:00") is a defect.
    assert _schedules(tables, "service_id", "100") == [("FR", "22:00:00", "06:00:00"), ("MO", "09:00:00", "17:00:00")]
    assert tables.rejections == [
        Rejection("regular_schedules.csv", 2, "closes_at", "closes_before_opens", "17:00:00-08:00"),
        Rejection("regular_schedules.csv", 3, "opens_at", "bad_time", "25:00-18:00"),
        Rejection("regular_schedules.csv", 4, "closes_at", "bad_time", "09:00-soon"),
        Rejection("regular_schedules.csv", 5, "closes_at", "same_open_close", "12:00-12:00"),
        Rejection("regular_schedules.csv", 6, "service_id", "unknown_reference", "999"),
        Rejection("regular_schedules.csv", 7, "weekday", "bad_value", "Funday"),
    ]


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "value"),
    [
        ("95.2", "-87.63", "latitude", "95.2"),
        ("41.88", "-187", "longitude", "-187"),
        ("north", "-87", "latitude", "north"),
    ],
)
def test_bad_coordinates_drop_the_position_not_the_location(
    tmp_path: Path, latitude: str, longitude: str, field: str, value: str
) -> None:
    folder = _ohana_folder(tmp_path, locations=[["10", "1", "Main pantry", latitude, longitude, ""]])
    tables = ohana.read(folder)
    assert tables.rejections == [Rejection("locations.csv", 1, field, "bad_coordinates", value)]
    location = _by_id(tables, "location")["10"]
    assert "latitude" not in location and "longitude" not in location
    assert location["name"] == "Main pantry"


def test_unknown_language_is_skipped_alone(tmp_path: Path) -> None:
    folder = _ohana_folder(tmp_path, services=[["100", "10", "Food pantry", "Spanish, Elvish, Somali"]])
    tables = ohana.read(folder)
    assert Rejection("services.csv", 1, "languages", "unknown_language", "Elvish") in tables.rejections
    codes = [r.values["code"] for r in tables["language"] if r.values.get("service_id") == "100"]
    assert codes == ["es", "so"]


def test_service_without_name_is_required(tmp_path: Path) -> None:
    tables = ohana.read(_ohana_folder(tmp_path, services=[["100", "10", "", ""]]))
    assert tables.rejections == [Rejection("services.csv", 1, "name", "required")]


def _illinois_folder(folder: Path, services: list[list[str]]) -> Path:
    _write(folder / "organizations.csv", ["Organization ID", "Title", "Body"], [["7", "Prairie Legal Aid", "Help."]])
    _write(
        folder / "locations.csv",
        ["Location_id", "Field 2", "Organization ID", "Hours of operation", "Services"],
        [["70", "Main office", "7", "Sunday: Closed Monday: 8:30-12:00 , 13:00-17:00  Tuesday: Closed", "700"]],
    )
    header = ["Services-ID", "Title", "Organization ID", "Location ID", "Hours of operation", "Geolocation"]
    _write(folder / "services.csv", header, services)
    return folder


def test_illinois_shaped_bad_rows(tmp_path: Path) -> None:
    services = [
        ["700", "Eviction help", "7", "70", "Monday: 17:00-9:00  Friday: 9:00-12:00", "Geolocation is 91.5, -87.6"],
        ["700", "Eviction help again", "7", "70", "", ""],
        ["701", "Wills clinic", "8", "70", "", ""],
    ]
    tables = transformer.read_illinois(_illinois_folder(tmp_path, services))
    assert tables.rejections == [
        Rejection("services.csv", 1, "closes_at", "closes_before_opens", "Monday: 17:00-9:00"),
        Rejection("services.csv", 1, "Geolocation", "bad_coordinates", "91.5"),
        Rejection("services.csv", 2, "Services-ID", "duplicate_id", "700"),
        Rejection("services.csv", 3, "Organization ID", "unknown_reference", "8"),
    ]
    assert _schedules(tables, "service_id", "700") == [("FR", "09:00:00", "12:00:00")]
    assert _schedules(tables, "location_id", "70") == [("MO", "08:30:00", "12:00:00"), ("MO", "13:00:00", "17:00:00")]
    assert "latitude" not in _by_id(tables, "location")["70"]
    # Named from both files, the link is one row.
    assert [r.values["id"] for r in tables["service_at_location"]] == ["700@70"]


def test_transformer_missing_column(tmp_path: Path) -> None:
    folder = _illinois_folder(tmp_path, [])
    _write(folder / "services.csv", ["Services-ID", "Name", "Organization ID"], [["700", "Eviction help", "7"]])
    tables = transformer.read_illinois(folder)
    assert tables.rejections == [
        Rejection("services.csv", 0, "Title", "missing_column"),
        # The location names the service the skipped file held.
        Rejection("locations.csv", 1, "Services", "unknown_reference", "700"),
    ]
    assert tables["service"] == []


def test_florida_shaped_bad_rows(tmp_path: Path) -> None:
    _write(tmp_path / "organizations.csv", ["organization_uuid", "organization_name"], [["o1", "Gulf Legal"]])
    _write(
        tmp_path / "locations.csv",
        ["organization_uuid", "location_uuid", "location_address", "phones"],
        [["o1", "l1", "12 Bay Street, Suite 4, Tampa, FL 33605", "main: 813-555-0100, fax: 813-555-0101"]],
    )
    header = ["service_uuid", "organization_uuid", "service_name", "service_min_age", "service_max_age", "", ""]
    rows = [
        ["s1", "o1", "Elder law", "sixty", "999", "", ""],
        ["s2", "o1", "Housing", "", "", "", "Pinellas County"],
    ]
    _write(tmp_path / "services.csv", header, rows)
    tables = transformer.read_florida(tmp_path)
    # The file is checked row by row before any row is read as a service.
    assert tables.rejections == [
        Rejection("services.csv", 2, "", "extra_cells", "Pinellas County"),
        Rejection("services.csv", 1, "service_min_age", "bad_value", "sixty"),
    ]
    assert _by_id(tables, "service")["s1"] == {"id": "s1", "organization_id": "o1", "name": "Elder law"}
    [address] = [r.values for r in tables["address"]]
    assert (address["address_1"], address["city"], address["postal_code"]) == (
        "12 Bay Street, Suite 4",
        "Tampa",
        "33605",
    )
    assert {(r.values["number"], r.values["type"]) for r in tables["phone"]} == {
        ("813-555-0100", "voice"),
        ("813-555-0101", "fax"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:00 AM", "09:00"),
        ("9am", "09:00"),
        ("3pm", "15:00"),
        ("4:00 PM", "16:00"),
        ("12:30 pm", "12:30"),
        ("12 am", "00:00"),
        ("17:00:00", "17:00"),
        ("08:00", "08:00"),
        ("9", None),
        ("13pm", None),
        ("24:00", None),
        ("9:75", None),
        ("", None),
    ],
)
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("name", "code"),
    [("Spanish", "es"), ("Chinese (Cantonese)", "zh"), ("Cantonese", "zh"), ("Hindi", "hi"), ("Filipino", "fil")],
)
def test_language_code(name: str, code: str) -> None:
    assert language_code(name) == code
