"""What survives an HSDS import and export: `python -m bench.hsds_roundtrip` (VILLAGE_SHARED_DIR=/work/shared).

For each real file under shared/external, in a fresh test database: read it as the import page
does, count the non-empty values of the rows read (identifiers and references left aside: they
become Village's UUIDs), import them (applying the valid rows), export the region as HSDS 3 JSON,
read the export back, and count how many of the values come back (per table and field, the same
text, case and spacing folded, numbers compared as numbers). Of the values that do not come
back, it counts those the import report names (a rejection of the row or a line "not kept as
given" for the field) and the rest: lost without a word (or changed in form: an accessibility
text read as a feature comes back as the feature's name). Prints one line per file and the
fields losing most.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("VILLAGE_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "village.settings")

SHARED = Path(os.environ.get("VILLAGE_SHARED_DIR") or Path(__file__).resolve().parent.parent.parent / "shared")
EXTERNAL = SHARED / "external"
SOURCES = (
    ("ohana", "ohana-smc-sample/sample-csv"),
    ("illinois", "hsds-transformer-realdata/ilao_illinois_legal_aid"),
    ("florida", "hsds-transformer-realdata/florida_legal_aid"),
    ("hsds_json", "hsds-3.0/examples/service_full.json"),
    ("hsds_json", "hsds-3.0/examples/organization_full.json"),
    ("hsds_csv", "hsds-3.0/examples/csv"),
)


def _norm(value: object) -> str:
    text = " ".join(str(value).split()).casefold()
    try:
        number = float(text)
    except ValueError:
        return text
    return repr(number) if number == number else text


def values(tables: Any) -> Counter[tuple[str, str, str]]:
    """Non-empty (table, field, value) of the rows read, identifiers and references left aside."""
    found: Counter[tuple[str, str, str]] = Counter()
    for table, rows in tables.rows.items():
        for row in rows:
            for name, value in row.values.items():
                if name == "id" or name.endswith("_id") or value is None or not str(value).strip():
                    continue
                found[(table, name, _norm(value))] += 1
    return found


def read(fmt: str, path: Path) -> tuple[Any, str]:
    from village.directory.hsds.formats import read_json, read_package_folder
    from village.directory.hsds.upload import read_upload

    if fmt == "hsds_json":
        return read_json(path.read_bytes(), path.name), "official-json"
    if fmt == "hsds_csv":
        return read_package_folder(path), "official-csv"
    return read_upload(fmt, path, path.name)


def measure(fmt: str, path: Path, slug: str) -> dict[str, Any]:
    from village.directory.actions.imports import apply_tables
    from village.directory.hsds.formats import read_json
    from village.directory.hsds.serialize import export_region
    from village.orgs.models import Region

    region = Region.objects.create(name=f"Bench {slug}", slug=slug)
    tables, source = read(fmt, path)
    before = values(tables)
    apply_tables(tables, region=region, source=source, actor=None, dry_run=False, apply_valid=True)
    bundle = export_region(region)
    after = values(read_json(json.dumps(bundle).encode(), "export.json"))
    rejected_rows = {(r.file, r.row) for r in tables.rejections}
    rejected_fields = {(r.file, r.row, r.field) for r in tables.rejections}
    noted = {(c.file, c.row, c.field.rpartition(".")[2]) for c in getattr(tables, "changes", [])}
    reported: Counter[tuple[str, str]] = Counter()
    for table, rows in tables.rows.items():
        for row in rows:
            for name, value in row.values.items():
                if name == "id" or name.endswith("_id") or value is None or not str(value).strip():
                    continue
                # In a CSV file a rejection is of the whole row; nested JSON numbers every object
                # of a service alike, so there only the field the rejection names counts.
                whole_row = not row.file.endswith(".json") and (row.file, row.number) in rejected_rows
                if whole_row or (row.file, row.number, name) in rejected_fields | noted:
                    reported[(table, name)] += 1
    back = before & after
    missing: Counter[tuple[str, str]] = Counter()
    for (table, name, _value), count in (before - after).items():
        missing[(table, name)] += count
    silent = Counter({k: max(0, v - reported.get(k, 0)) for k, v in missing.items()})
    return {
        "values_in": sum(before.values()),
        "back_after_export": sum(back.values()),
        "not_back": sum(missing.values()),
        "not_back_reported": sum(min(v, reported.get(k, 0)) for k, v in missing.items()),
        "not_back_silent": sum(silent.values()),
        "report_lines": len(tables.rejections) + len(getattr(tables, "changes", [])),
        "top_silent": [f"{t}.{f}={n}" for (t, f), n in silent.most_common(6) if n],
    }


def main() -> None:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        for index, (fmt, folder) in enumerate(SOURCES):
            path = EXTERNAL / folder
            if not path.exists():
                print(f"{fmt}: skipped, {path} is not here")
                continue
            with transaction.atomic():  # each file into an empty directory (official ids repeat across files)
                result = measure(fmt, path, f"bench-{index}")
                transaction.set_rollback(True)
            print(f"{fmt} ({Path(folder).name}): " + ", ".join(f"{k}={v}" for k, v in result.items()))
            sys.stdout.flush()
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
