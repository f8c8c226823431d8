"""Reading HSDS 3 itself: nested JSON (an export, a page of services, one service) and the CSV
data package (one CSV per table). Both become `Tables`; bad input becomes rejections."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from village.directory.hsds.tables import FILE_NAMES, TABLES, Tables

ENCODINGS = ("utf-8-sig", "cp1252")


def decode(data: bytes, tables: Tables, file: str) -> str | None:
    """Text of a file in UTF-8 (with or without BOM), else Windows-1252; None and a rejection otherwise."""
    if b"\x00" in data[:4096]:
        tables.reject(file, 0, "", "bad_encoding")
        return None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    tables.reject(file, 0, "", "bad_encoding")
    return None


# --- JSON --------------------------------------------------------------------------------


def _scalars(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if not isinstance(v, (dict, list))}


def _add_once(tables: Tables, table: str, file: str, number: int, values: dict[str, Any]) -> bool:
    """Nested JSON repeats an object wherever it is referenced (a location under its
    organization and under each service): keep its first appearance."""
    key = (table, values.get("id"))
    seen: set[tuple[str, Any]] = tables.__dict__.setdefault("_seen", set())
    if values.get("id") and key in seen:
        return False
    seen.add(key)
    tables.add(table, file, number, values)
    return True


def _with_parent(obj: dict[str, Any], name: str, parent_id: Any) -> dict[str, Any]:
    values = _scalars(obj)
    if not values.get(name) and parent_id:
        values[name] = parent_id
    return values


def _flatten_location(tables: Tables, file: str, number: int, loc: dict[str, Any], org_id: Any = None) -> None:
    if not _add_once(tables, "location", file, number, _with_parent(loc, "organization_id", org_id)):
        return
    for child, table in (("addresses", "address"), ("accessibility", "accessibility"), ("phones", "phone")):
        for item in loc.get(child) or []:
            if isinstance(item, dict):
                _add_once(tables, table, file, number, _with_parent(item, "location_id", loc.get("id")))


def _flatten_service(tables: Tables, file: str, number: int, service: dict[str, Any]) -> None:
    org = service.get("organization")
    org_id = service.get("organization_id") or (org.get("id") if isinstance(org, dict) else None)
    if isinstance(org, dict):
        _add_once(tables, "organization", file, number, _scalars(org))
        for loc in org.get("locations") or []:
            if isinstance(loc, dict):
                _flatten_location(tables, file, number, loc, org.get("id"))
    tables.add("service", file, number, _with_parent(service, "organization_id", org_id))
    sid = service.get("id")
    for child, table in (
        ("phones", "phone"),
        ("schedules", "schedule"),
        ("languages", "language"),
        ("cost_options", "cost_option"),
    ):
        for item in service.get(child) or []:
            if isinstance(item, dict):
                _add_once(tables, table, file, number, _with_parent(item, "service_id", sid))
    for link in service.get("service_at_locations") or []:
        if not isinstance(link, dict):
            continue
        loc = link.get("location")
        if isinstance(loc, dict):
            _flatten_location(tables, file, number, loc, org_id)
        location_id = link.get("location_id") or (loc.get("id") if isinstance(loc, dict) else None)
        _add_once(
            tables,
            "service_at_location",
            file,
            number,
            {**_scalars(link), "service_id": sid, "location_id": location_id},
        )
        for item in link.get("schedules") or []:
            if isinstance(item, dict):
                _add_once(tables, "schedule", file, number, _with_parent(item, "service_id", sid))
    for attribute in service.get("attributes") or []:
        if not isinstance(attribute, dict):
            continue
        term = attribute.get("taxonomy_term")
        if isinstance(term, dict):
            _add_once(tables, "taxonomy_term", file, number, _scalars(term))
        _add_once(tables, "attribute", file, number, {"link_id": sid, "link_type": "service", **_scalars(attribute)})


def read_json(data: bytes, file: str) -> Tables:
    """HSDS 3 JSON: Village's export bundle, an API page (`contents`), a list of services, or one service."""
    tables = Tables()
    text = decode(data, tables, file)
    if text is None:
        return tables
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        tables.reject(file, exc.lineno, "", "bad_json", exc.msg)
        return tables
    if isinstance(document, dict) and "contents" in document:
        services = document["contents"]
    elif isinstance(document, dict) and "services" in document:
        services = document["services"]
    elif isinstance(document, list):
        services = document
    elif isinstance(document, dict) and "name" in document and "status" in document:
        services = [document]
    else:
        tables.reject(file, 0, "", "not_hsds")
        return tables
    for number, service in enumerate(services if isinstance(services, list) else [], start=1):
        if isinstance(service, dict):
            _flatten_service(tables, file, number, service)
        else:
            tables.reject(file, number, "", "not_hsds")
    if isinstance(document, dict):
        for key, table in (("taxonomies", "taxonomy"), ("taxonomy_terms", "taxonomy_term")):
            for number, item in enumerate(document.get(key) or [], start=1):
                if isinstance(item, dict):
                    _add_once(tables, table, file, number, _scalars(item))
    return tables


# --- CSV data package --------------------------------------------------------------------

# The package names its files by table; HSDS's example uses plurals ("services.csv").
_FILE_TABLES = {f"{t}.csv": t for t in TABLES} | {name: t for t, name in FILE_NAMES.items()}
_REQUIRED = {"organization": ("id", "name"), "service": ("id", "name"), "location": ("id",)}


def read_csv_text(tables: Tables, file: str, text: str) -> None:
    table = _FILE_TABLES.get(Path(file).name.lower())
    if table is None:
        tables.skipped_tables.add(Path(file).name)
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in _REQUIRED.get(table, ()) if c not in header]
    if missing:
        tables.reject(file, 0, missing[0], "missing_column")
        return
    for number, record in enumerate(reader, start=1):
        if None in record:  # more cells than the header has columns
            tables.reject(file, number, "", "extra_cells")
            continue
        tables.add(table, file, number, {k: (v or "").strip() for k, v in record.items() if k})


def read_package(data: bytes, file: str) -> Tables:
    """The HSDS CSV data package, as a zip of CSV files (datapackage.json is optional)."""
    tables = Tables()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        tables.reject(file, 0, "", "bad_zip")
        return tables
    names = [n for n in archive.namelist() if n.lower().endswith(".csv") and not n.startswith("__MACOSX")]
    if not names:
        tables.reject(file, 0, "", "missing_file", "*.csv")
    for name in sorted(names):
        text = decode(archive.read(name), tables, Path(name).name)
        if text is not None:
            read_csv_text(tables, Path(name).name, text)
    return tables


def read_package_folder(folder: Path) -> Tables:
    tables = Tables()
    for path in sorted(folder.glob("*.csv")):
        text = decode(path.read_bytes(), tables, path.name)
        if text is not None:
            read_csv_text(tables, path.name, text)
    return tables
