"""`manage.py anonymize_departed --years N`: anonymize students who left the district more than N years ago."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from village.families.actions import anonymize_departed


class Command(BaseCommand):
    help = "Remove names and personal details of students withdrawn more than N years ago; counts stay."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", type=int, required=True)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["years"] < 1:
            self.stderr.write("--years must be at least 1.")
            return
        count = anonymize_departed(options["years"], dry_run=options["dry_run"])
        self.stdout.write(f"anonymized: {count}")
