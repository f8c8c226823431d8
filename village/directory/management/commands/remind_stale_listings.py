"""Enqueue one reminder per partner staff member whose organization has stale listings."""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from village.audit.actions import record
from village.directory.models import Service
from village.directory.tasks import partner_staff, send_stale_listing_reminder


def _enqueue(membership_id: int, service_ids: list[int]) -> None:
    send_stale_listing_reminder.enqueue(membership_id=membership_id, service_ids=service_ids)


class Command(BaseCommand):
    help = "Remind partner staff of directory listings not verified within VILLAGE_STALE_LISTING_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        stale: dict[int, list[int]] = defaultdict(list)
        for service_id, organization_id in Service.objects.active().stale().values_list("pk", "organization_id"):
            stale[organization_id].append(service_id)
        sent = 0
        with transaction.atomic():
            for organization_id, service_ids in sorted(stale.items()):
                for membership in partner_staff(organization_id):
                    transaction.on_commit(partial(_enqueue, membership.pk, service_ids))
                    sent += 1
            record(None, "directory.reminders.enqueued", None, reminders=sent, organizations=len(stale))
        self.stdout.write(f"reminders: {sent}")
