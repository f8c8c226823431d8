"""Fetch-and-authorise helpers for transit feeds and their imports (404 alike for missing and forbidden)."""

from __future__ import annotations

from django.http import Http404

from village.accounts.models import Role, User
from village.accounts.predicates import district_ids
from village.lib.access import get_authorized
from village.orgs.models import District
from village.transit.models import FeedImport


def access_district_for_feeds(user: User, slug: str) -> District:
    """A district whose lead may load its region's feeds."""
    return get_authorized(user, District.objects.select_related("region"), "transit.load_feed", slug=slug)


def access_feed_import(user: User, pk: int) -> tuple[FeedImport, District]:
    """A feed import of a region where the person leads a district, with that district (for links back)."""
    job = FeedImport.objects.select_related("region").filter(pk=pk).first()
    led = (
        District.objects.filter(region_id=job.region_id, pk__in=district_ids(user, Role.DISTRICT_LEAD)) if job else None
    )
    district = led.order_by("name").first() if led is not None else None
    if job is None or district is None:
        raise Http404
    return job, district
