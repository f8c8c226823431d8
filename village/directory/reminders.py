"""Reminders to partner staff about listings nobody has checked for a while, through the outbox."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from village.accounts.models import Membership, Role, User
from village.audit.actions import record
from village.directory.models import Service
from village.lib.links import absolute_reverse
from village.messaging.actions import Rendered, message_text, queue_email
from village.orgs.models import Organization


def remind_stale_listings() -> int:
    """Queue one message per organization whose active listings were not verified within
    VILLAGE_STALE_LISTING_DAYS, to each of its partner staff, rendered in that person's
    language. Returns how many reminders were queued."""
    stale: dict[int, list[Service]] = defaultdict(list)
    for service in Service.objects.active().stale().order_by("pk"):
        stale[service.organization_id].append(service)
    organizations = Organization.objects.in_bulk(list(stale))
    sent = 0
    with transaction.atomic():
        for organization_id, services in sorted(stale.items()):
            organization = organizations[organization_id]
            messages = [_reminder(membership.user, organization, services) for membership in _staff(organization_id)]
            queue_email("directory.stale_listings", messages)
            sent += sum(1 for message in messages if message.usable)
        record(None, "directory.reminders.enqueued", None, reminders=sent, organizations=len(stale))
    return sent


def _staff(organization_id: int) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(organization_id=organization_id, role=Role.PARTNER_STAFF)
        .select_related("user")
        .order_by("pk")
    )


def _reminder(user: User, organization: Organization, services: list[Service]) -> Rendered:
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "organization": organization,
            # Each listing by its name in the reader's language, or marked as not yet translated.
            "services": [message_text(s.name) for s in services],
            "days": settings.VILLAGE_STALE_LISTING_DAYS,
            "listings_link": absolute_reverse("directory:listings", pk=organization.pk),
        }
        subject = render_to_string("directory/email/stale_listings_subject.txt", context).strip()
        body = render_to_string("directory/email/stale_listings.txt", context)
    return Rendered(user, subject, body, language)
