"""`manage.py load_gtfs PATH --region SLUG [--name NAME] [--dry-run]`: load a GTFS feed (zip or folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from village.orgs.models import Region
from village.transit.actions import import_feed_now


class Command(BaseCommand):
    help = "Load a GTFS feed (a zip or a folder) as the region's current version of that feed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--region", required=True, help="The region's short name (slug).")
        parser.add_argument("--name", default="", help="The feed's name in the region (default: the file's name).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; load nothing.")

    @no_translations  # operators read English, whatever language a previous request left active
    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        region = Region.objects.filter(slug=options["region"]).first()
        if region is None:
            raise CommandError(f"No region {options['region']!r}.")
        name = options["name"] or path.stem
        job = import_feed_now(None, region, path, name=name, dry_run=options["dry_run"])
        report = job.get_report()
        for r in report.rejections:
            self.stdout.write(f"{r.file}:{r.row} {r.field}: {r.message()} {r.value}".rstrip())
        for note in report.notes:
            self.stdout.write(note.message())
        self.stdout.write(f"status: {job.status}")
        for key, value in sorted(job.counts.items()):
            self.stdout.write(f"{key}: {value}")
        if job.status == "failed":
            raise CommandError("The feed was not loaded.")
