"""`manage.py demo`: build the fictional Riverbend Region, its schools, families, partners and personas."""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from village.demo import generator
from village.demo.common import DEMO_PASSWORD
from village.demo.people import persona_table
from village.demo.regions import SCALES


class Command(BaseCommand):
    help = (
        "Create the demo region (two districts, their schools, students, families, partners and sign-in "
        "personas). Does nothing if it already exists, unless --reset is given."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="demo",
            help="demo: 12 schools, 5,000 students (default). district: 80 schools, 50,000 students.",
        )
        parser.add_argument("--students", type=int, help="Number of students, overriding the scale's.")
        parser.add_argument("--reset", action="store_true", help="Delete the demo region first, then rebuild it.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        students: int | None = options["students"]
        if students is not None and students < 3:
            raise CommandError("--students must be at least 3 (the personas' own students).")
        progress = not options["no_progress"] and sys.stderr.isatty()
        started = time.monotonic()
        with transaction.atomic():
            if options["reset"]:
                try:
                    if generator.reset():
                        self.stdout.write("Deleted the existing demo region.")
                except ProtectedError as exc:
                    raise CommandError(
                        f"The demo region cannot be deleted: other records still point at it ({exc.args[0]})"
                    ) from exc
            existing = generator.demo_region()
            if existing is not None:
                self.stdout.write(
                    f"The demo region “{existing.name}” already exists; nothing to do. Use --reset to rebuild it."
                )
                self._personas()
                return
            summary = generator.generate(scale=options["scale"], students=students, progress=progress)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Built the demo region “{summary.region.name}” in {elapsed:.1f} s."))
        for label, value in (
            ("districts", summary.districts),
            ("schools", summary.schools),
            ("partner organizations", summary.organizations),
            ("households", summary.households),
            ("students", summary.students),
            ("people with roles", summary.people),
            ("memberships", summary.memberships),
        ):
            self.stdout.write(f"  {label:<24}{value:>8,}")
        self.stdout.write("Student groups:")
        for label, share in summary.shares.items():
            self.stdout.write(f"  {label:<44}{share:>7.1%}")
        self._personas()

    def _personas(self) -> None:
        rows = persona_table()
        widths = [max(len(r[i]) for r in rows) for i in range(2)]
        self.stdout.write(f"\nSign in as any of these with the password {DEMO_PASSWORD}:")
        for email, role, place in rows:
            self.stdout.write(f"  {email:<{widths[0]}}  {role:<{widths[1]}}  {place}")
