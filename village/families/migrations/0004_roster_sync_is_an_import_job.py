"""RosterSync is built on village.lib.imports.ImportJob.

`source` becomes `stored_path`, and the uploaded file's name gets its own `filename` (filled
from the stored path); counts and rejections move into one `report`; the job gains `error`
and `started_at`. `report` is added nullable, filled from the old columns, then made
required, so every existing sync keeps what it showed.
"""

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


def fill_reports(apps: Any, schema_editor: Any) -> None:
    RosterSync = apps.get_model("families", "RosterSync")
    for sync in RosterSync.objects.all().iterator():
        sync.filename = PurePath(sync.stored_path).name[:255]
        sync.report = {
            "counts": {k: v for k, v in (sync.counts or {}).items() if isinstance(v, int)},
            "rejections": list(sync.rejections or []),
            "notes": [],
        }
        sync.save(update_fields=["filename", "report"])


def restore_columns(apps: Any, schema_editor: Any) -> None:
    RosterSync = apps.get_model("families", "RosterSync")
    for sync in RosterSync.objects.all().iterator():
        report = sync.report or {}
        sync.counts, sync.rejections = dict(report.get("counts") or {}), list(report.get("rejections") or [])
        sync.save(update_fields=["counts", "rejections"])


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0003_iso_weekdays"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("rostersync", "source", "stored_path"),
        migrations.AlterField("rostersync", "stored_path", models.CharField(blank=True, max_length=500)),
        migrations.AddField(
            "rostersync", "filename", models.CharField(blank=True, default="", max_length=255, verbose_name="file")
        ),
        migrations.AlterField(
            "rostersync",
            "started_by",
            models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField("rostersync", "report", models.JSONField(null=True, blank=True)),
        migrations.RunPython(fill_reports, restore_columns),
        migrations.AlterField("rostersync", "report", models.JSONField(blank=True, default=dict)),
        migrations.AlterField(
            "rostersync", "filename", models.CharField(blank=True, max_length=255, verbose_name="file")
        ),
        migrations.RemoveField("rostersync", "counts"),
        migrations.RemoveField("rostersync", "rejections"),
        migrations.AddField("rostersync", "error", models.TextField(blank=True, default="")),
        migrations.AddField("rostersync", "started_at", models.DateTimeField(blank=True, null=True)),
    ]
