"""Fetch-and-authorise helpers for the outbox (404 alike for missing and forbidden)."""

from __future__ import annotations

from django.http import Http404

from village.accounts.models import User
from village.messaging.models import Delivery
from village.orgs.access import access_district
from village.orgs.models import District


def access_outbox(user: User, slug: str) -> District:
    return access_district(user, slug, "messaging.view_outbox")


def access_delivery(user: User, slug: str, pk: int) -> tuple[District, Delivery]:
    district = access_outbox(user, slug)
    delivery = Delivery.objects.filter(pk=pk, outbox__district=district).select_related("outbox").first()
    if delivery is None:
        raise Http404
    return district, delivery
