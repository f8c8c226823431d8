"""`manage.py roster_sync PATH --district SLUG [--dry-run] [--apply-valid]`: sync a OneRoster 1.2 CSV folder or zip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from village.families.actions import sync_roster_now
from village.families.roster import describe_rejection
from village.orgs.models import District


class Command(BaseCommand):
    help = "Sync students, guardians and schools from a OneRoster 1.2 CSV folder or zip."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--district", required=True, help="The district's short name (slug).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; change nothing.")
        parser.add_argument("--apply-valid", action="store_true", help="Apply valid rows even if some are rejected.")

    @no_translations  # operators read English, whatever language a previous request left active
    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        district = District.objects.filter(slug=options["district"]).first()
        if district is None:
            raise CommandError(f"No district {options['district']!r}.")
        sync = sync_roster_now(None, district, path, dry_run=options["dry_run"], apply_valid=options["apply_valid"])
        for item in sync.rejections:
            r = describe_rejection(item)
            self.stdout.write(f"{r['file']}:{r['row']} {r['field']}: {r['reason']} {r['value']}".rstrip())
        self.stdout.write(f"status: {sync.status}")
        for key, value in sorted(sync.counts.items()):
            self.stdout.write(f"{key}: {value}")
        report = sync.get_report()
        for note in report.notes:
            self.stdout.write(note.message())
        for f in report.files:
            if f.unread:
                self.stdout.write(f"{f.name}: not read")
                continue
            self.stdout.write(
                f"{f.name}: {f.rows} read, {f.valid} valid, {f.rejected} rejected, {f.held} held back"
                + "".join(f", {count} not used ({why})" for why, count in f.skipped.items())
            )
            for column, count in f.unkept.items():
                self.stdout.write(f"  not kept: {column or '(cells without a column name)'} ({count} values)")
        if report.unchanged:
            self.stdout.write("kept unchanged: " + ", ".join(report.unchanged))
