"""Directory imports: store the upload, read it in its format, validate, apply, report.

Readers turn each format into HSDS rows (`village.directory.hsds`); the applier writes them in
one transaction. Rejections are stored as codes and described in the reader's language.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from village.audit.actions import record
from village.directory.hsds.apply import apply_tables
from village.directory.hsds.formats import read_json, read_package
from village.directory.hsds.tables import Tables
from village.directory.models import DirectoryImport, ImportFormat
from village.lib.imports import ImportStatus
from village.orgs.models import Region

REASONS = {
    "missing_file": _("A file the format needs is missing."),
    "missing_column": _("A column the format needs is missing from this file."),
    "bad_encoding": _("The file is not readable text (save it as UTF-8)."),
    "bad_zip": _("The upload is not a readable zip file."),
    "bad_json": _("The file is not valid JSON."),
    "not_hsds": _("This is not HSDS 3 JSON: expected services, a page of services or one service."),
    "extra_cells": _("The row has more cells than the header has columns."),
    "duplicate_id": _("Another row already uses this identifier."),
    "required": _("A required value is empty."),
    "unknown_reference": _("The row points at something that is not in the file or the directory."),
    "unknown_taxonomy_term": _("The taxonomy term is not in the file or the directory."),
    "unknown_language": _("The language is not a known ISO 639 language."),
    "bad_time": _("The time cannot be read; use 24-hour HH:MM, such as 17:30."),
    "closes_before_opens": _("The closing time is not after the opening time."),
    "bad_coordinates": _("The coordinates are out of range (latitude −90 to 90, longitude −180 to 180)."),
    "bad_value": _("The value is not one the format allows."),
    "ages_out_of_order": _("The oldest age is below the youngest age."),
}


def describe(item: dict[str, Any]) -> dict[str, Any]:
    """A stored rejection, with its reason in the active language."""
    reason = REASONS.get(item["code"])
    return {**item, "reason": str(reason) if reason else item["code"]}


def _unzip(path: Path, into: Path, tables: Tables) -> Path | None:
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                name = Path(member.filename).name
                if name and not member.is_dir() and not member.filename.startswith("__MACOSX"):
                    (into / name).write_bytes(archive.read(member))  # flattened: no paths from the zip
    except zipfile.BadZipFile:
        tables.reject(path.name, 0, "", "bad_zip")
        return None
    return into


def read_upload(fmt: str, path: Path, filename: str) -> tuple[Tables, str]:
    """HSDS rows from an uploaded file, and the source name identifiers are derived under."""
    if fmt == ImportFormat.HSDS_JSON:
        return read_json(path.read_bytes(), filename), "hsds"
    if fmt == ImportFormat.HSDS_CSV:
        return read_package(path.read_bytes(), filename), "hsds"
    from village.directory.hsds.sources import ohana, transformer

    readers: dict[str, tuple[Callable[[Path], Tables], str]] = {
        ImportFormat.OHANA: (ohana.read, "ohana"),
        ImportFormat.ILLINOIS: (transformer.read_illinois, "ilao"),
        ImportFormat.FLORIDA: (transformer.read_florida, "florida-legal-aid"),
    }
    reader, source = readers[fmt]
    if path.is_dir():
        return reader(path), source
    with tempfile.TemporaryDirectory() as tmp:
        failed = Tables()
        folder = _unzip(path, Path(tmp), failed)
        return (reader(folder) if folder else failed), source


def run(job: DirectoryImport, path: Path) -> DirectoryImport:
    """Read, check and (unless a dry run, or rows were rejected and not waived) apply one import."""
    DirectoryImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    tables, source = read_upload(job.format, path, job.filename)
    job.total = sum(len(rows) for rows in tables.rows.values())

    def progress(done: int, total: int) -> None:
        DirectoryImport.objects.filter(pk=job.pk).update(processed=done, total=total)

    outcome = apply_tables(
        tables,
        region=job.region,
        source=source,
        actor=job.started_by,
        dry_run=job.dry_run,
        apply_valid=job.apply_valid,
        progress=progress,
    )
    job.report = {
        "counts": dict(outcome.counts) | {"skipped_tables": sorted(tables.skipped_tables)},
        "rejections": [r.as_dict() for r in tables.rejections],
        "notes": [],
    }
    if outcome.applied:
        job.status = ImportStatus.APPLIED
    elif job.dry_run:
        job.status = ImportStatus.CHECKED
    else:
        job.status = ImportStatus.REFUSED
    job.processed = job.total
    job.finished_at = timezone.now()
    job.save()
    return job


def start_import(
    actor: Any, region: Region, upload: File[Any], fmt: str, *, dry_run: bool, apply_valid: bool
) -> DirectoryImport:
    """Store the upload and enqueue the import after commit."""
    from village.directory.tasks import run_directory_import

    with transaction.atomic():
        name = default_storage.save(f"directory-imports/{region.slug}/{timezone.now():%Y%m%d-%H%M%S}", upload)
        job = DirectoryImport.objects.create(
            region=region,
            started_by=actor,
            format=fmt,
            stored_path=name,
            filename=Path(upload.name or name).name[:255],
            dry_run=dry_run,
            apply_valid=apply_valid,
        )
        record(actor, "directory.import.started", job, format=fmt, dry_run=dry_run)
        transaction.on_commit(lambda: run_directory_import.enqueue(job.pk))
    return job
