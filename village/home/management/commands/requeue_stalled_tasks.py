from __future__ import annotations

import datetime
from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from village.home.recovery import STALLED_AFTER, requeue_stalled


class Command(BaseCommand):
    help = "Mark tasks a dead worker left running as failed, and enqueue again those safe to run twice."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--minutes",
            type=int,
            default=int(STALLED_AFTER.total_seconds() // 60),
            help="How long a task may run before it counts as stalled (default: %(default)s).",
        )

    def handle(self, *args: object, **options: object) -> None:
        minutes = options["minutes"]
        assert isinstance(minutes, int)
        done = requeue_stalled(after=datetime.timedelta(minutes=minutes))
        for path in done.requeued:
            self.stdout.write(f"requeued: {path}")
        for path in done.failed:
            self.stdout.write(f"failed, not safe to run twice: {path}")
        self.stdout.write(f"{len(done.requeued)} requeued, {len(done.failed)} marked failed")
