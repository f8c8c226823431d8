"""What every legacy CSV reader needs: decoding and checking files, ids, times, languages, coordinates.

Rejections name the file, the 1-based data row (0 for the whole file) and the field: the
source's column name, except for schedule times, which use the HSDS field (`opens_at`,
`closes_at`) because one source column can hold a whole week.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from village.directory.hsds.formats import read_table
from village.directory.hsds.tables import Tables
from village.directory.taxonomy import HSDS_BYDAY
from village.lib.languages import iso639_1

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# What some exports write instead of leaving a cell empty. ("None" is kept: in a fees or
# eligibility column it is an answer.)
NO_VALUE = {"n/a"}

CsvRow = dict[str, str]


@dataclass
class Builder:
    """Tables being filled, with the ids already used per table (for duplicates and references)."""

    tables: Tables = field(default_factory=Tables)
    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, table: str, file: str, number: int, values: Mapping[str, object], id_field: str = "id") -> bool:
        """Add a row unless its id is taken in that table (then reject it as a duplicate). Empty values are left out."""
        row_id = str(values["id"])
        if row_id in self.ids[table]:
            self.tables.reject(file, number, id_field, "duplicate_id", row_id)
            return False
        self.ids[table].add(row_id)
        self.tables.add(table, file, number, {k: v for k, v in values.items() if v not in ("", None)})
        return True

    def add_once(self, table: str, file: str, number: int, values: Mapping[str, object]) -> None:
        """Add a row whose id is derived from its content (a keyword term): a repeat is the same row, not an error."""
        if str(values["id"]) not in self.ids[table]:
            self.add(table, file, number, values)

    def has(self, table: str, row_id: str) -> bool:
        return row_id in self.ids[table]

    def reject(self, file: str, row: int, field_name: str, code: str, value: object = "") -> None:
        self.tables.reject(file, row, field_name, code, value)


def read_csv(builder: Builder, folder: Path, name: str, required: Sequence[str]) -> list[tuple[int, CsvRow]] | None:
    """The file's data rows as (1-based number, stripped values by column), or None after rejecting the file.

    A missing file, bytes that are neither UTF-8 nor Windows-1252, or a missing required
    column reject the whole file once. A row with values under a column that has no name (or
    beyond the header) has shifted cells, so its values cannot be trusted: it is rejected
    ("extra_cells") and left out.
    """
    path = folder / name
    if not path.is_file():
        builder.reject(name, 0, "", "missing_file")
        return None
    table = read_table(path.read_bytes(), builder.tables, name)  # rejects an unreadable file itself
    if table is None:
        return None
    missing = table.missing(required)
    if missing:
        builder.reject(name, 0, missing[0], "missing_column")
        return None
    rows: list[tuple[int, CsvRow]] = []
    for row in table:
        if row.stray:
            builder.reject(name, row.index, "", "extra_cells", " | ".join(row.stray))
            continue
        rows.append((row.index, dict(row.values)))
    return rows


def value(row: CsvRow, *columns: str) -> str:
    """The first non-empty value among the columns ("N/A" and the like count as empty)."""
    for column in columns:
        text = row.get(column, "").strip()
        if text and text.casefold() not in NO_VALUE:
            return text
    return ""


def row_id(row: CsvRow, column: str, number: int) -> str:
    """The row's own id; a row without one gets "row-<number>", stable as long as the file is."""
    return row.get(column, "").strip() or f"row-{number}"


def split_list(text: str, separators: str = ",") -> list[str]:
    """Items split at any separator character or line break; spacing folded, empties and repeats dropped."""
    items: list[str] = []
    seen: set[str] = set()
    for item in re.split(f"[{re.escape(separators)}\\n]", text):
        clean = " ".join(item.split())
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            items.append(clean)
    return items


def join_text(*parts: str) -> str:
    """Non-empty paragraphs joined by a blank line."""
    return "\n\n".join(part for part in (p.strip() for p in parts) if part)


# --- times and schedules -------------------------------------------------------------------

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?$", re.IGNORECASE)


def parse_time(text: str) -> str | None:
    """The time as 24-hour "HH:MM", from "9:00 AM", "9am", "3pm", "17:00", "17:00:00" or "noon"; else None."""
    clean = text.strip().casefold()
    if clean == "noon":
        return "12:00"
    match = _TIME.match(clean)
    if not match:
        return None
    hours_text, minutes_text, seconds_text, meridiem = match.groups()
    if minutes_text is None and meridiem is None:
        return None  # a bare number ("9") could be either half of the day
    hours, minutes = int(hours_text), int(minutes_text or 0)
    if minutes > 59 or (seconds_text is not None and int(seconds_text) > 59):
        return None
    if meridiem:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if meridiem == "p" else 0)
    elif hours > 23:
        return None
    return f"{hours:02d}:{minutes:02d}"


def weekday_number(text: str) -> int | None:
    """ISO weekday (1 = Monday) from a number 1-7 or an English day name or abbreviation ("Mon", "monday")."""
    clean = text.strip().casefold().rstrip(".")
    if clean.isdigit():
        number = int(clean)
        return number if 1 <= number <= 7 else None
    if len(clean) < 3:  # "t" or "th" would be a guess
        return None
    for index, name in enumerate(WEEKDAYS, 1):
        if name.startswith(clean):
            return index
    return None


# A closing time before the opening time is the next day (22:00-06:00) when the night is at most
# this long; a longer one ("9:00-5:00", twenty hours) is a text that left out "PM".
MAX_OVERNIGHT_MINUTES = 12 * 60


def _span_minutes(opens: str, closes: str) -> int:
    """Minutes from an "HH:MM" opening to an "HH:MM" closing on the next day."""
    start = int(opens[:2]) * 60 + int(opens[3:5])
    end = int(closes[:2]) * 60 + int(closes[3:5])
    return end + 24 * 60 - start


def add_schedule(
    builder: Builder,
    file: str,
    number: int,
    *,
    schedule_id: str,
    owner: tuple[str, str],
    weekday: int,
    opens: str,
    closes: str,
    shown: str,
) -> bool:
    """Add one weekly schedule row (`owner` is ("service_id" or "location_id", id)).

    An unreadable time, a closing time equal to the opening time, or one more than twelve hours
    into the next day, rejects this row only (22:00-06:00 closes the next day);
    `shown` is the source text the rejection quotes.
    """
    opens_at, closes_at = parse_time(opens), parse_time(closes)
    if opens_at is None:
        builder.reject(file, number, "opens_at", "bad_time", shown)
        return False
    if closes_at is None:
        builder.reject(file, number, "closes_at", "bad_time", shown)
        return False
    if closes_at == opens_at:
        builder.reject(file, number, "closes_at", "same_open_close", shown)
        return False
    if closes_at < opens_at and _span_minutes(opens_at, closes_at) > MAX_OVERNIGHT_MINUTES:
        # "9:00-5:00" in a text of opening hours is nine to five without "PM", not twenty hours.
        builder.reject(file, number, "closes_at", "closes_before_opens", shown)
        return False
    owner_field, owner_id = owner
    values = {
        "id": schedule_id,
        owner_field: owner_id,
        "freq": "WEEKLY",
        "byday": HSDS_BYDAY[weekday],
        "opens_at": f"{opens_at}:00",  # HH:MM:SS, as HSDS writes times
        "closes_at": f"{closes_at}:00",
    }
    return builder.add("schedule", file, number, values)


# --- languages -----------------------------------------------------------------------------


def language_code(name: str) -> str | None:
    """ISO 639-1 code for a language name ("Spanish" → "es", "Chinese (Cantonese)" → "zh"), else its
    ISO 639-3 code; None when the name is not a language (`village.lib.languages`)."""
    return iso639_1(name)


def add_languages(builder: Builder, file: str, number: int, column: str, text: str, owner: tuple[str, str]) -> None:
    """A `language` row per comma-separated name; an unknown name is rejected and skipped alone."""
    owner_field, owner_id = owner
    for name in split_list(text):
        code = language_code(name)
        if code is None:
            builder.reject(file, number, column, "unknown_language", name)
            continue
        kind = owner_field.removesuffix("_id")
        values = {"id": f"{kind}-{owner_id}-{name.casefold()}", owner_field: owner_id, "name": name, "code": code}
        builder.add("language", file, number, values, id_field=column)


# --- coordinates ---------------------------------------------------------------------------


def coordinates(
    builder: Builder, file: str, number: int, latitude: tuple[str, str], longitude: tuple[str, str]
) -> dict[str, str]:
    """{"latitude", "longitude"} as read when both are numbers in range; {} otherwise.

    Each argument is (column, value). Both empty is no position, not an error; anything
    else unusable is rejected ("bad_coordinates") naming the first bad column.
    """
    (lat_column, lat_text), (lon_column, lon_text) = latitude, longitude
    if not lat_text and not lon_text:
        return {}
    for column, text, limit in ((lat_column, lat_text, 90.0), (lon_column, lon_text, 180.0)):
        try:
            number_value = float(text)
        except ValueError:
            number_value = float("nan")
        if not abs(number_value) <= limit:  # also false for NaN (not a number)
            builder.reject(file, number, column, "bad_coordinates", text)
            return {}
    return {"latitude": lat_text, "longitude": lon_text}


# --- taxonomy ------------------------------------------------------------------------------


def term_id(taxonomy_id: str, name: str) -> str:
    """A term id for a vocabulary without ids: the taxonomy and the name, case and spacing folded."""
    return f"{taxonomy_id}:{' '.join(name.casefold().split())}"


def add_taxonomy(builder: Builder, file: str, taxonomy_id: str, name: str) -> None:
    builder.add_once("taxonomy", file, 0, {"id": taxonomy_id, "name": name})


def add_attribute(builder: Builder, file: str, number: int, service_id: str, taxonomy_term_id: str) -> None:
    """Link a service to a taxonomy term (one link per pair)."""
    values = {
        "id": f"{service_id}|{taxonomy_term_id}",
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": taxonomy_term_id,
    }
    builder.add_once("attribute", file, number, values)


def add_named_terms(
    builder: Builder, file: str, number: int, *, service_id: str, taxonomy_id: str, names: Iterable[str]
) -> None:
    """Terms of a vocabulary the source writes as names only, each linked to the service."""
    for name in names:
        identifier = term_id(taxonomy_id, name)
        builder.add_once("taxonomy_term", file, number, {"id": identifier, "name": name, "taxonomy_id": taxonomy_id})
        add_attribute(builder, file, number, service_id, identifier)


def add_service_at_location(builder: Builder, file: str, number: int, service_id: str, location_id: str) -> None:
    """Link a service to a location; the id is the pair, so the same link from both files is one row."""
    values = {"id": f"{service_id}@{location_id}", "service_id": service_id, "location_id": location_id}
    builder.add_once("service_at_location", file, number, values)
