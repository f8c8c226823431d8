"""Reading HSDS 3 itself: nested JSON (an export, a page of services, one service) and the CSV
data package (one CSV per table). Both become `Tables`; bad input becomes rejections."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from village.directory.hsds.tables import FILE_NAMES, LEGACY_FILE_NAMES, TABLES, Tables
from village.lib import imports
from village.lib.archives import open_zip
from village.lib.imports import Limits, Table, UnreadableFile
from village.lib.jsontypes import JSON, JSONObject

# Besides UTF-8, the encoding detection may find Windows-1252: the legacy exports Village reads
# come from US directories, and other guesses on short files are more often wrong than right.
ENCODINGS = ("cp1252",)
# One file of a directory export: the upload form takes 200 MB, and a large region's
# schedules file holds a few rows per service.
LIMITS = Limits(max_bytes=200 * 1024 * 1024, max_rows=2_000_000)


def _unreadable(tables: Tables, file: str, exc: UnreadableFile) -> None:
    """An unreadable file is rejected once: encoding problems as "bad_encoding" (as the page has
    always said), anything else (a limit) with the pipeline's own reason."""
    if exc.code in ("binary", "bad_encoding"):
        tables.reject(file, 0, "", "bad_encoding")
    else:
        tables.rejections.append(exc.rejection(file))


def decode(data: bytes, tables: Tables, file: str) -> str | None:
    """Text of a file in UTF-8 (with or without BOM), else Windows-1252; None and a rejection otherwise."""
    try:
        imports.check_size(data, file, LIMITS)
        return imports.decode(data, file, encodings=ENCODINGS).text
    except UnreadableFile as exc:
        _unreadable(tables, file, exc)
        return None


def read_table(data: bytes, tables: Tables, file: str) -> Table | None:
    """A CSV file of a directory export as a table; None and a rejection when it cannot be read."""
    try:
        return imports.read_csv(data, file, limits=LIMITS, encodings=ENCODINGS)
    except UnreadableFile as exc:
        _unreadable(tables, file, exc)
        return None


# --- JSON --------------------------------------------------------------------------------


def _scalars(obj: JSONObject) -> JSONObject:
    return {k: v for k, v in obj.items() if not isinstance(v, (dict, list))}


def _items(value: JSON) -> list[JSON]:
    """A nested list of HSDS objects; anything else holds none."""
    return value if isinstance(value, list) else []


# What each object's nested lists and objects become (the rest is reported as not kept).
_NESTED = {
    "service": {
        "phones",
        "schedules",
        "languages",
        "cost_options",
        "service_at_locations",
        "attributes",
        "organization",
        "contacts",
    },
    "organization": {"locations", "phones", "contacts", "services"},
    "location": {"addresses", "accessibility", "phones", "contacts", "schedules"},
    "service_at_location": {"location", "schedules", "phones", "contacts"},
    "contact": {"phones"},
    "phone": {"languages"},
    "attribute": {"taxonomy_term"},
}
_PARENT_FIELDS = ("service_at_location_id", "service_id", "location_id", "organization_id")


def _lost(tables: Tables, table: str, file: str, number: int, obj: JSONObject) -> None:
    """Nested values the reader does not flatten (contacts, a phone's languages…): reported, not dropped."""
    for key, value in obj.items():
        if isinstance(value, (dict, list)) and value and key not in _NESTED.get(table, set()):
            text = json.dumps(value, ensure_ascii=False)
            tables.change(file, number, f"{table}.{key}", "not_kept", text)


def _add_once(tables: Tables, table: str, file: str, number: int, values: JSONObject, obj: JSONObject) -> bool:
    """Nested JSON repeats an object wherever it is referenced (a location under its
    organization and under each service): keep its first appearance. An object with the same id
    under another parent (one phone listed by two services) belongs to each: the repeat gets an
    id of its own for that parent."""
    seen: dict[tuple[str, object], object] = tables.__dict__.setdefault("_seen", {})
    parent = next((values.get(f) for f in _PARENT_FIELDS if values.get(f)), None)
    key = (table, values.get("id"))
    if values.get("id") and key in seen:
        if table in ("organization", "location", "taxonomy_term", "taxonomy") or seen[key] == parent:
            return False
        values = {**values, "id": f"{values.get('id')}@{parent}"}
        key = (table, values["id"])
        if key in seen:
            return False
    seen[key] = parent
    tables.add(table, file, number, values)
    _lost(tables, table, file, number, obj)
    return True


def _with_parent(obj: JSONObject, name: str, parent_id: JSON) -> JSONObject:
    values = _scalars(obj)
    if not values.get(name) and parent_id:
        values[name] = parent_id
    return values


def _people(tables: Tables, file: str, number: int, parent: JSONObject, name: str) -> None:
    """The parent's phones and contacts (`name` is the parent's id field), each contact with its phones."""
    _phones(tables, file, number, parent, name)
    for item in _items(parent.get("contacts")):
        if isinstance(item, dict) and _add_once(
            tables, "contact", file, number, _with_parent(item, name, parent.get("id")), item
        ):
            contact_id = str(tables.rows["contact"][-1].values.get("id"))
            _phones(tables, file, number, {**item, "id": contact_id}, "contact_id")


def _phones(tables: Tables, file: str, number: int, parent: JSONObject, name: str) -> None:
    """The parent's phones (`name` is the parent's id field), each with its languages."""
    for item in _items(parent.get("phones")):
        if isinstance(item, dict) and _add_once(
            tables, "phone", file, number, _with_parent(item, name, parent.get("id")), item
        ):
            phone_id = str(tables.rows["phone"][-1].values.get("id"))
            for language in _items(item.get("languages")):
                if isinstance(language, dict):
                    values = {**_scalars(language), "phone_id": phone_id}
                    _add_once(tables, "language", file, number, values, language)


def _flatten_location(tables: Tables, file: str, number: int, loc: JSONObject, org_id: JSON = None) -> None:
    if not _add_once(tables, "location", file, number, _with_parent(loc, "organization_id", org_id), loc):
        return
    _people(tables, file, number, loc, "location_id")
    for child, table in (("addresses", "address"), ("accessibility", "accessibility"), ("schedules", "schedule")):
        for item in _items(loc.get(child)):
            if isinstance(item, dict):
                _add_once(tables, table, file, number, _with_parent(item, "location_id", loc.get("id")), item)


def _flatten_organization(tables: Tables, file: str, number: int, org: JSONObject) -> None:
    if _add_once(tables, "organization", file, number, _scalars(org), org):
        _people(tables, file, number, org, "organization_id")
    for loc in _items(org.get("locations")):
        if isinstance(loc, dict):
            _flatten_location(tables, file, number, loc, org.get("id"))


def _flatten_service(tables: Tables, file: str, number: int, service: JSONObject) -> None:
    org = service.get("organization")
    org_id = service.get("organization_id") or (org.get("id") if isinstance(org, dict) else None)
    if isinstance(org, dict):
        _flatten_organization(tables, file, number, org)
    tables.add("service", file, number, _with_parent(service, "organization_id", org_id))
    _lost(tables, "service", file, number, service)
    sid = service.get("id")
    _people(tables, file, number, service, "service_id")
    for child, table in (
        ("schedules", "schedule"),
        ("languages", "language"),
        ("cost_options", "cost_option"),
    ):
        for item in _items(service.get(child)):
            if isinstance(item, dict):
                _add_once(tables, table, file, number, _with_parent(item, "service_id", sid), item)
    for link in _items(service.get("service_at_locations")):
        if not isinstance(link, dict):
            continue
        loc = link.get("location")
        if isinstance(loc, dict):
            _flatten_location(tables, file, number, loc, org_id)
        location_id = link.get("location_id") or (loc.get("id") if isinstance(loc, dict) else None)
        link_id = link.get("id")
        if _add_once(
            tables,
            "service_at_location",
            file,
            number,
            {**_scalars(link), "service_id": sid, "location_id": location_id},
            link,
        ):
            link_id = str(tables.rows["service_at_location"][-1].values.get("id"))
            _people(tables, file, number, {**link, "id": link_id}, "service_at_location_id")
        for item in _items(link.get("schedules")):
            if isinstance(item, dict):
                values = _with_parent(item, "service_at_location_id", link_id)
                _add_once(tables, "schedule", file, number, values, item)
    for attribute in _items(service.get("attributes")):
        if not isinstance(attribute, dict):
            continue
        term = attribute.get("taxonomy_term")
        if isinstance(term, dict):
            _add_once(tables, "taxonomy_term", file, number, _scalars(term), term)
        values = {"link_id": sid, "link_type": "service", **_scalars(attribute)}
        _add_once(tables, "attribute", file, number, values, attribute)


def _is_organization(obj: JSON) -> bool:
    """An HSDS organization (a service always names its organization and has a status)."""
    return isinstance(obj, dict) and "name" in obj and not {"status", "organization", "organization_id"} & set(obj)


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
    organizations: list[JSON] = _items(document.get("organizations")) if isinstance(document, dict) else []
    if _is_organization(document):  # one organization (`organization_full.json`), with its services
        organizations, services = [document], []
    elif isinstance(document, dict) and "contents" in document:  # a page of services or of organizations
        services = [item for item in _items(document["contents"]) if not _is_organization(item)]
        organizations = [item for item in _items(document["contents"]) if _is_organization(item)]
    elif isinstance(document, dict) and "services" in document:
        services = document["services"]
    elif isinstance(document, list):
        services = document
    elif isinstance(document, dict) and "name" in document and "status" in document:
        services = [document]
    else:
        tables.reject(file, 0, "", "not_hsds")
        return tables
    # Organizations first: in full they carry their phones and every place, those without a service too.
    for number, org in enumerate(organizations, 1):
        if isinstance(org, dict):
            _flatten_organization(tables, file, number, org)
            for service in _items(org.get("services")):
                if isinstance(service, dict):
                    _flatten_service(
                        tables,
                        file,
                        number,
                        _with_parent(service, "organization_id", org.get("id"))
                        | {k: v for k, v in service.items() if isinstance(v, (dict, list))},
                    )
    for number, service in enumerate(services if isinstance(services, list) else [], start=1):
        if isinstance(service, dict):
            _flatten_service(tables, file, number, service)
        else:
            tables.reject(file, number, "", "not_hsds")
    if isinstance(document, dict):
        for key, table in (("taxonomies", "taxonomy"), ("taxonomy_terms", "taxonomy_term")):
            for number, item in enumerate(document.get(key) or [], start=1):
                if isinstance(item, dict):
                    _add_once(tables, table, file, number, _scalars(item), item)
    return tables


# --- CSV data package --------------------------------------------------------------------

# The package names its files by table; HSDS's example uses plurals ("services.csv").
_FILE_TABLES = {f"{t}.csv": t for t in TABLES} | {name: t for t, name in FILE_NAMES.items()} | LEGACY_FILE_NAMES
_REQUIRED = {"organization": ("id", "name"), "service": ("id", "name"), "location": ("id",)}


def read_csv_file(tables: Tables, file: str, data: bytes) -> None:
    """One CSV file of the package into its table (a file of a table Village does not read is noted as skipped)."""
    read = read_table(data, tables, file)
    if read is None:
        return
    table = _FILE_TABLES.get(Path(file).name.lower())
    if table is None:
        tables.skipped_tables.add(Path(file).name)
        return
    missing = read.missing(_REQUIRED.get(table, ()))
    if missing:
        tables.reject(file, 0, missing[0], "missing_column")
        return
    for row in read:
        if row.overflow:  # more cells than the header has columns
            tables.reject(file, row.index, "", "extra_cells")
            continue
        tables.add(table, file, row.index, dict(row.values))


def read_package(data: bytes, file: str) -> Tables:
    """The HSDS CSV data package, as a zip of CSV files (known by name; datapackage.json is not needed)."""
    tables = Tables()
    try:
        archive = open_zip(data, file)
        names = [n for n in archive.namelist() if n.lower().endswith(".csv") and not n.startswith("__MACOSX")]
        if not names:
            tables.reject(file, 0, "", "missing_file", "*.csv")
        for name in sorted(names):
            read_csv_file(tables, Path(name).name, archive.read(name))
    except zipfile.BadZipFile:
        tables.reject(file, 0, "", "bad_zip")
    except UnreadableFile as exc:
        tables = Tables()  # nothing from a package that could not be read whole
        tables.rejections.append(exc.rejection(file))
    return tables


def read_package_folder(folder: Path) -> Tables:
    tables = Tables()
    for path in sorted(folder.glob("*.csv")):
        read_csv_file(tables, path.name, path.read_bytes())
    return tables
