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
    from village.directory.hsds.accounting import account
    from village.directory.hsds.formats import read_json
    from village.directory.hsds.serialize import export_region
    from village.orgs.models import Region

    region = Region.objects.create(name=f"Bench {slug}", slug=slug)
    tables, source = read(fmt, path)
    apply_tables(tables, region=region, source=source, actor=None, dry_run=False, apply_valid=True)
    result = account(tables, read_json(json.dumps(export_region(region)).encode(), "export.json"))
    return {
        "values_in": result.values_in,
        "back_after_export": result.back,
        "not_back": result.not_back,
        "not_back_reported": result.reported,
        "not_back_silent": result.lost_without_a_word,
        "report_lines": len(tables.rejections) + len(tables.changes),
        "top_silent": [f"{t}.{f}={n}" for (t, f), n in result.silent.most_common(6)],
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
