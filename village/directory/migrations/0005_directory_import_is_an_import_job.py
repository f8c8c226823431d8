"""DirectoryImport is built on village.lib.imports.ImportJob.

`source` becomes `stored_path`; counts and rejections move into one `report` (counts,
rejections, notes), with the skipped files, which sat among the counts, as a note; and the
job gains `error` and `started_at`. `report` is added nullable, filled from the old columns,
then made required, so every existing import keeps what it showed.
"""

from typing import Any

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

SKIPPED = "Files Village does not read were skipped: %(files)s"


def fill_reports(apps: Any, schema_editor: Any) -> None:
    DirectoryImport = apps.get_model("directory", "DirectoryImport")
    for job in DirectoryImport.objects.all().iterator():
        counts = dict(job.counts or {})
        skipped = counts.pop("skipped_tables", None) or []
        notes = [{"text": SKIPPED, "params": {"files": ", ".join(skipped)}}] if skipped else []
        counts = {k: v for k, v in counts.items() if isinstance(v, int)}
        job.report = {"counts": counts, "rejections": list(job.rejections or []), "notes": notes}
        job.save(update_fields=["report"])


def restore_columns(apps: Any, schema_editor: Any) -> None:
    DirectoryImport = apps.get_model("directory", "DirectoryImport")
    for job in DirectoryImport.objects.all().iterator():
        report = job.report or {}
        counts = dict(report.get("counts") or {})
        skipped = [n["params"]["files"] for n in report.get("notes") or [] if n.get("text") == SKIPPED]
        if skipped:
            counts["skipped_tables"] = [name for files in skipped for name in files.split(", ")]
        job.counts, job.rejections = counts, list(report.get("rejections") or [])
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
