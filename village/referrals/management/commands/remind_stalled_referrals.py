"""Remind partners of referrals waiting too long for an answer, and alert the school (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from village.referrals.actions import remind_stalled


class Command(BaseCommand):
    help = "Remind partners of referrals with no answer after VILLAGE_STALLED_REFERRAL_DAYS, once each."

    def handle(self, *args: Any, **options: Any) -> None:
        count = remind_stalled()
        if options["verbosity"] > 0:
            self.stdout.write(f"{count} stalled referral(s) reminded.")
