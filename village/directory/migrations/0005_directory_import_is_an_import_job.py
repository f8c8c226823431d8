"""DirectoryImport is built on village.lib.imports.ImportJob.

`source` becomes `stored_path`; counts and rejections move into one `report` (counts,
rejections with their reasons, notes), with the skipped files, which sat among the counts, as
a note; and the
job gains `error` and `started_at`. `report` is added nullable, filled from the old columns,
then made required, so every existing import keeps what it showed.
"""

from typing import Any

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

SKIPPED = "Files Village does not read were skipped: %(files)s"
# The reasons (msgids) stored rejections had by code when this migration was written; the
# page used to look them up when showing a job, and now reads them from the report.
REASONS = {
    "missing_file": "A file the format needs is missing.",
    "missing_column": "A column the format needs is missing from this file.",
    "bad_encoding": "The file is not readable text (save it as UTF-8).",
    "bad_zip": "The upload is not a readable zip file.",
    "bad_json": "The file is not valid JSON.",
    "not_hsds": "This is not HSDS 3 JSON: expected services, a page of services or one service.",
    "extra_cells": "The row has more cells than the header has columns.",
    "duplicate_id": "Another row already uses this identifier.",
    "required": "A required value is empty.",
    "unknown_reference": "The row points at something that is not in the file or the directory.",
    "unknown_taxonomy_term": "The taxonomy term is not in the file or the directory.",
    "unknown_language": "The language is not a known ISO 639 language.",
    "bad_time": "The time cannot be read; use 24-hour HH:MM, such as 17:30.",
    "closes_before_opens": "The closing time is not after the opening time.",
    "bad_coordinates": "The coordinates are out of range (latitude −90 to 90, longitude −180 to 180).",
    "bad_value": "The value is not one the format allows.",
    "ages_out_of_order": "The oldest age is below the youngest age.",
}


def fill_reports(apps: Any, schema_editor: Any) -> None:
    DirectoryImport = apps.get_model("directory", "DirectoryImport")
    for job in DirectoryImport.objects.all().iterator():
        counts = dict(job.counts or {})
        skipped = counts.pop("skipped_tables", None) or []
        notes = [{"text": SKIPPED, "params": {"files": ", ".join(skipped)}}] if skipped else []
        counts = {k: v for k, v in counts.items() if isinstance(v, int)}
        rejections = [
            {**r, "reason": REASONS[r.get("code")]} if r.get("code") in REASONS and "reason" not in r else r
            for r in job.rejections or []
        ]
        job.report = {"counts": counts, "rejections": rejections, "notes": notes}
        job.save(update_fields=["report"])


def restore_columns(apps: Any, schema_editor: Any) -> None:
    DirectoryImport = apps.get_model("directory", "DirectoryImport")
    for job in DirectoryImport.objects.all().iterator():
        report = job.report or {}
        counts = dict(report.get("counts") or {})
        skipped = [n["params"]["files"] for n in report.get("notes") or [] if n.get("text") == SKIPPED]
        if skipped:
            counts["skipped_tables"] = [name for files in skipped for name in files.split(", ")]
        rejections = [{k: v for k, v in r.items() if k != "reason"} for r in report.get("rejections") or []]
        job.counts, job.rejections = counts, rejections
        job.save(update_fields=["counts", "rejections"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_directory_imports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("directoryimport", "source", "stored_path"),
        migrations.AlterField(
            "directoryimport", "stored_path", models.CharField(blank=True, max_length=500)
        ),
        migrations.AlterField(
            "directoryimport", "filename", models.CharField(blank=True, max_length=255, verbose_name="file")
        ),
        migrations.AlterField(
            "directoryimport",
            "started_by",
            models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField("directoryimport", "report", models.JSONField(null=True, blank=True)),
        migrations.RunPython(fill_reports, restore_columns),
        migrations.AlterField("directoryimport", "report", models.JSONField(blank=True, default=dict)),
        migrations.RemoveField("directoryimport", "counts"),
        migrations.RemoveField("directoryimport", "rejections"),
        migrations.AddField("directoryimport", "error", models.TextField(blank=True, default="")),
        migrations.AddField("directoryimport", "started_at", models.DateTimeField(blank=True, null=True)),
    ]
