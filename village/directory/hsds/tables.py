"""The intermediate form every directory import produces: HSDS 3 tabular rows with provenance."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

# The HSDS 3 tables Village reads (names as in the HSDS datapackage.json). Other tables in a
# source are ignored and reported once as skipped.
TABLES = (
    "organization",
    "service",
    "location",
    "address",
    "phone",
    "service_at_location",
    "schedule",
    "language",
    "accessibility",
    "cost_option",
    "taxonomy",
    "taxonomy_term",
    "attribute",
)

# File names in the HSDS CSV data package (its example names files by the plural).
FILE_NAMES = {t: f"{t}s.csv" for t in TABLES} | {
    "address": "addresses.csv",
    "accessibility": "accessibility.csv",
    "taxonomy": "taxonomies.csv",
}


@dataclass(frozen=True)
class Row:
    """One HSDS row: `values` keyed by HSDS field names (strings as read; None when absent)."""

    file: str
    number: int  # 1-based data row in the file (the header is row 0); 0 for a whole object
    values: dict[str, Any]

    def get(self, name: str, default: str = "") -> str:
        value = self.values.get(name)
        if value is None:
            return default
        return str(value).strip()


@dataclass(frozen=True)
class Rejection:
    """Why one row (or one field of it) cannot be imported. `code` keys a translated message."""

    file: str
    row: int
    field: str
    code: str
    value: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "field": self.field, "code": self.code, "value": self.value[:200]}


@dataclass
class Tables:
    """HSDS rows by table, plus problems found while reading the source."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    rejections: list[Rejection] = field(default_factory=list)
    skipped_tables: set[str] = field(default_factory=set)

    def add(self, table: str, file: str, number: int, values: dict[str, Any]) -> Row:
        row = Row(file=file, number=number, values=values)
        self.rows[table].append(row)
        return row

    def reject(self, file: str, row: int, field_name: str, code: str, value: Any = "") -> None:
        self.rejections.append(Rejection(file, row, field_name, code, "" if value is None else str(value)))

    def __getitem__(self, table: str) -> list[Row]:
        return self.rows.get(table, [])
