"""Fetch-and-authorise helpers for districts, schools and partner organizations."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from village.accounts.models import Membership, Role, User
from village.accounts.predicates import district_ids, memberships, organization_ids
from village.lib.access import get_authorized
from village.messaging.models import Delivery
from village.orgs.models import District, Organization, School


def access_district(user: User, slug: str, perm: str = "orgs.view_district") -> District:
    return get_authorized(user, District.objects.select_related("region"), perm, slug=slug)


def access_school(user: User, pk: int, perm: str) -> School:
    return get_authorized(user, School.objects.select_related("district__region"), perm, pk=pk)


def access_organization(user: User, pk: int, perm: str = "orgs.view_organization") -> Organization:
    return get_authorized(user, Organization.objects.select_related("region"), perm, pk=pk)


def led_districts(user: User) -> QuerySet[District]:
    return District.objects.filter(pk__in=district_ids(user, Role.DISTRICT_LEAD)).select_related("region")


def visible_organizations(user: User) -> QuerySet[Organization]:
    """Partner organizations the person may open, matching `orgs.view_organization`."""
    staff_regions = {
        m.district.region_id for m in memberships(user) if m.role == Role.DISTRICT_LEAD and m.district is not None
    } | {
        m.school.district.region_id
        for m in memberships(user)
        if m.role in (Role.SCHOOL_COORDINATOR, Role.EDUCATOR) and m.school is not None
    }
    return Organization.objects.filter(
        Q(region_id__in=staff_regions) | Q(pk__in=organization_ids(user, Role.PARTNER_STAFF))
    )


def access_membership(user: User, pk: int) -> Membership:
    """An active role the person may end (a district lead, for roles in their district and region)."""
    return get_authorized(
        user,
        Membership.objects.active().select_related("district", "school", "organization", "user"),
        "accounts.end_membership",
        pk=pk,
    )


def access_outbox(user: User, slug: str) -> District:
    """A district whose outbox the person may read (its leads)."""
    return access_district(user, slug, "orgs.view_outbox")


def access_delivery(user: User, slug: str, pk: int) -> tuple[District, Delivery]:
    """One delivery of that district's outbox."""
    district = access_outbox(user, slug)
    delivery = Delivery.objects.filter(pk=pk, outbox__district=district).select_related("outbox").first()
    if delivery is None:
        raise Http404
    return district, delivery
