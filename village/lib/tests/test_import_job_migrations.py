"""Directory imports and roster syncs made before ImportJob keep what they showed after the migrations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("directory", "0004_directory_imports"), ("families", "0003_iso_weekdays")]
AFTER = [("directory", "0005_directory_import_is_an_import_job"), ("families", "0004_roster_sync_is_an_import_job")]


@pytest.mark.django_db(transaction=True)
def test_existing_jobs_keep_their_counts_rejections_and_files() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    region = old.get_model("orgs", "Region").objects.create(name="Old Region", slug="old-region")
    district = old.get_model("orgs", "District").objects.create(region=region, name="Old District", slug="old")
    rejection = {"file": "services.csv", "row": 3, "field": "id", "code": "duplicate_id", "value": "s1"}
    old.get_model("directory", "DirectoryImport").objects.create(
        region=region,
        format="hsds_csv",
        source="directory-imports/old-region/20261101-120000",
        filename="northside.zip",
        status="refused",
        counts={"service_valid": 2, "skipped_tables": ["contacts.csv", "programs.csv"]},
        rejections=[rejection],
    )
    old.get_model("families", "RosterSync").objects.create(
        district=district,
        source="roster/old/20261101-120000.zip",
        status="applied",
        counts={"students_created": 40},
        rejections=[rejection],
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    job = new.get_model("directory", "DirectoryImport").objects.get()
    assert job.stored_path == "directory-imports/old-region/20261101-120000" and job.filename == "northside.zip"
    assert job.report == {
        "counts": {"service_valid": 2},
        "rejections": [rejection | {"reason": "Another row already uses this identifier."}],
        "notes": [
            {
                "text": "Files Village does not read were skipped: %(files)s",
                "params": {"files": "contacts.csv, programs.csv"},
            }
        ],
    }
    sync = new.get_model("families", "RosterSync").objects.get()
    assert sync.filename == "20261101-120000.zip" and sync.stored_path == "roster/old/20261101-120000.zip"
    assert sync.report == {"counts": {"students_created": 40}, "rejections": [rejection], "notes": []}

    # And back: the old columns are filled again.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    job = old.get_model("directory", "DirectoryImport").objects.get()
    assert job.counts == {"service_valid": 2, "skipped_tables": ["contacts.csv", "programs.csv"]}
    assert job.rejections == [rejection]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
