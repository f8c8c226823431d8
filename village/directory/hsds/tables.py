"""The intermediate form every directory import produces: HSDS 3 tabular rows with provenance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from village.lib.imports import Rejection

# The HSDS 3 tables Village reads (names as in the HSDS datapackage.json). Other tables in a
# source are ignored and reported once as skipped.
TABLES = (
    "organization",
    "service",
    "location",
    "address",
    "phone",
    "contact",
    "service_at_location",
    "schedule",
    "language",
    "accessibility",
    "cost_option",
    "taxonomy",
    "taxonomy_term",
    "attribute",
)

# Why a row is rejected, by code: stored untranslated and shown in the reader's language.
REASONS = {
    "missing_file": gettext_noop("A file the format needs is missing."),
    "missing_column": gettext_noop("A column the format needs is missing from this file."),
    "bad_encoding": gettext_noop("The file is not readable text (save it as UTF-8)."),
    "bad_zip": gettext_noop("The upload is not a readable zip file."),
    "bad_json": gettext_noop("The file is not valid JSON."),
    "not_hsds": gettext_noop(
        "This is not HSDS 3 JSON: expected services or organizations, a page of them, or one of them."
    ),
    "extra_cells": gettext_noop("The row has more cells than the header has columns."),
    "duplicate_id": gettext_noop("Another row already uses this identifier."),
    "required": gettext_noop("A required value is empty."),
    "unknown_reference": gettext_noop("The row points at something that is not in the file or the directory."),
    "unknown_taxonomy_term": gettext_noop("The taxonomy term is not in the file or the directory."),
    "unknown_language": gettext_noop("The language is not a known ISO 639 language."),
    "bad_time": gettext_noop("The time cannot be read; use 24-hour HH:MM, such as 17:30."),
    "closes_before_opens": gettext_noop("The closing time is not after the opening time."),
    "same_open_close": gettext_noop(
        "The opening and closing times are the same. For hours past midnight, give the closing time "
        "of the next day, such as 22:00 to 06:00."
    ),
    "bad_coordinates": gettext_noop("The coordinates are out of range (latitude −90 to 90, longitude −180 to 180)."),
    "bad_value": gettext_noop("The value is not one the format allows."),
    "ages_out_of_order": gettext_noop("The oldest age is below the youngest age."),
}
# What happened to a value of an imported row that was not kept as given (the row itself was).
CHANGES = {
    "not_kept": gettext_noop("Village has no place for this value; it was not kept."),
    "unlinked": gettext_noop("The row belongs to nothing Village keeps it for; its values were not kept."),
    "extra_phone": gettext_noop("Village keeps one phone number per service; this one was not kept."),
    "phone_not_parsed": gettext_noop(
        "This could not be read as a phone number; it was kept as given, without an international form."
    ),
    "extra_address": gettext_noop("Village keeps one address per place; this one was not kept."),
    "status_defaulted": gettext_noop("No status was given; the service is listed as active."),
    "age_rounded": gettext_noop("Ages are kept in whole years: %(kept)s was stored."),
    "bad_url": gettext_noop("This is not a web address Village can link to; it was not kept."),
    "bad_email": gettext_noop("This is not an email address; it was not kept."),
    "nul_removed": gettext_noop("The text held null characters, which mean nothing in text; they were removed."),
    "truncated": gettext_noop("The text is longer than Village keeps (%(limit)s characters); the rest was cut."),
    "no_feature": gettext_noop("Village found no accessibility feature it knows in this text; it was not kept."),
    "schedule_bad_freq": gettext_noop("HSDS hours repeat WEEKLY or MONTHLY; this value was not kept."),
    "schedule_bad_number": gettext_noop("This is not a whole number above zero; it was not kept."),
    "schedule_bad_byday": gettext_noop(
        "The days cannot be read: use MO, TU, WE, TH, FR, SA, SU, separated by commas, with a number "
        "before the day only for monthly hours (1TH is the first Thursday, -1FR the last Friday). "
        "They were not kept."
    ),
    "schedule_bad_numbers": gettext_noop(
        "This is not a list of day or week numbers separated by commas (such as 1,15 or -1); it was not kept."
    ),
    "schedule_bad_wkst": gettext_noop("The first day of the week must be one of MO to SU; it was not kept."),
    "schedule_bad_date": gettext_noop("The date cannot be read; use YYYY-MM-DD, such as 2027-06-30. It was not kept."),
    "schedule_ends_before_start": gettext_noop("The end date is before the start date; the end date was not kept."),
    "schedule_bad_timezone": gettext_noop(
        "The time zone must be a UTC offset in hours, such as -5 or 5.5; it was not kept."
    ),
    "schedule_bad_time": gettext_noop("The time cannot be read; use 24-hour HH:MM, such as 17:30. It was not kept."),
    "schedule_same_open_close": gettext_noop(
        "The closing time is the same as the opening time; the closing time was not kept. For hours past "
        "midnight, give the closing time of the next day, such as 22:00 to 06:00."
    ),
}

# File names in the HSDS CSV data package (its datapackage.json names most files by the plural;
# `village.directory.hsds.package` has the whole layout).
FILE_NAMES = {t: f"{t}s.csv" for t in TABLES} | {
    "address": "addresses.csv",
    "accessibility": "accessibility.csv",
    "taxonomy": "taxonomies.csv",
    "service_at_location": "service_at_location.csv",
}
# Names older exports used (Village's own wrote "service_at_locations.csv").
LEGACY_FILE_NAMES = {"service_at_locations.csv": "service_at_location"}


@dataclass(frozen=True)
class Row:
    """One HSDS row: `values` keyed by HSDS field names (strings as read; None when absent)."""

    file: str
    # 1-based data row in the file (the header is row 0; the directory's reports have always
    # counted this way); 0 for a whole file
    number: int
    values: Mapping[str, object]

    def get(self, name: str, default: str = "") -> str:
        value = self.values.get(name)
        if value is None:
            return default
        return str(value).strip()


@dataclass
class Tables:
    """HSDS rows by table, plus problems found while reading the source (`village.lib.imports.Rejection`s
    whose row is the data row, header 0)."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    rejections: list[Rejection] = field(default_factory=list)
    skipped_tables: set[str] = field(default_factory=set)
    # Values of imported rows not kept as given, with what happened (codes in CHANGES).
    changes: list[Rejection] = field(default_factory=list)

    def add(self, table: str, file: str, number: int, values: Mapping[str, object]) -> Row:
        # A null character is no text (PostgreSQL refuses it): removed, with a line in the report.
        if any("\x00" in key or (isinstance(v, str) and "\x00" in v) for key, v in values.items()):
            clean: dict[str, object] = {}
            for key, value in values.items():
                if isinstance(value, str) and "\x00" in value:
                    value = value.replace("\x00", "")
                    self.change(file, number, f"{table}.{key}", "nul_removed", value)
                clean[key.replace("\x00", "")] = value
            values = clean
        row = Row(file=file, number=number, values=values)
        self.rows[table].append(row)
        return row

    def reject(self, file: str, row: int, field_name: str, code: str, value: object = "") -> None:
        text = "" if value is None else str(value).replace("\x00", "")
        field_name = field_name.replace("\x00", "")
        self.rejections.append(Rejection(file, row, field_name, code, text, REASONS.get(code, "")))

    def change(self, file: str, row: int, field_name: str, code: str, value: object = "", **params: str | int) -> None:
        text = "" if value is None else str(value).replace("\x00", "")
        field_name = field_name.replace("\x00", "")
        self.changes.append(Rejection(file, row, field_name, code, text, CHANGES.get(code, ""), params))

    def __getitem__(self, table: str) -> list[Row]:
        return self.rows.get(table, [])
