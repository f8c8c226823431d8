"""Instance the packaged variable fonts the PDFs use, once (village.lib.pdf)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from village.lib.pdf import prepare_fonts


class Command(BaseCommand):
    help = "Prepare the PDF fonts under var/fonts (about 30 s the first time, instant after)."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        paths = prepare_fonts()
        if options["verbosity"] > 0:
            self.stdout.write(f"{len(paths)} PDF fonts ready in {time.monotonic() - started:.1f} s.")
