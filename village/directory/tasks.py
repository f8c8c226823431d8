from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from village.accounts.models import Membership, Role
from village.directory.models import Service


@task()
def send_stale_listing_reminder(*, membership_id: int, service_ids: list[int]) -> int:
    """Remind one partner staff member, in their language, which listings need checking."""
    membership = Membership.objects.select_related("user", "organization").get(pk=membership_id)
    user = membership.user
    services = list(Service.objects.filter(pk__in=service_ids).order_by("pk"))
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "organization": membership.organization,
            "services": services,
            "days": settings.VILLAGE_STALE_LISTING_DAYS,
            "listings_path": reverse("directory:listings", kwargs={"pk": membership.organization_id}),
        }
        subject = render_to_string("directory/email/stale_listings_subject.txt", context).strip()
        body = render_to_string("directory/email/stale_listings.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email], from_email=settings.DEFAULT_FROM_EMAIL).send()


def partner_staff(organization_id: int) -> list[Membership]:
    return list(Membership.objects.active().filter(organization_id=organization_id, role=Role.PARTNER_STAFF))
