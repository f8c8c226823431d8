"""Fetch-and-authorise helpers for partnerships (404 alike for missing and forbidden)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from village.accounts.models import Role, User
from village.accounts.predicates import district_ids, organization_ids, school_ids
from village.lib.access import get_authorized
from village.orgs.models import District
from village.partnerships.models import Agreement, Partnership, PartnershipOrganization, PlanTask


def access_partnership_list(user: User) -> QuerySet[Partnership]:
    """The partnerships list: for the people who take part in partnerships (404 for anyone else)."""
    if not user.has_perm("partnerships.list_partnerships"):
        raise Http404
    return visible_partnerships(user)


def visible_partnerships(user: User) -> QuerySet[Partnership]:
    """Partnerships the person may open, matching `partnerships.view_partnership`."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    condition = (
        Q(district_id__in=district_ids(user, Role.DISTRICT_LEAD))
        | Q(schools__in=school_ids(user, Role.SCHOOL_COORDINATOR))
        | Q(district_wide=True, district_id__in=district_ids(user, Role.SCHOOL_COORDINATOR))
        | Q(members__organization_id__in=organization_ids(user, Role.PARTNER_STAFF))
    )
    ids = Partnership.objects.filter(condition).values("pk")
    return Partnership.objects.filter(pk__in=ids)


def access_partnership(user: User, pk: int, perm: str = "partnerships.view_partnership") -> Partnership:
    return get_authorized(user, Partnership.objects.select_related("district"), perm, pk=pk)


def access_member(user: User, partnership: Partnership, organization_pk: int) -> PartnershipOrganization:
    """One organization's side: its own staff, or the school side, may edit it."""
    member = (
        PartnershipOrganization.objects.select_related("organization", "champion", "backup", "signer")
        .filter(partnership=partnership, organization_id=organization_pk)
        .first()
    )
    if member is None:
        raise Http404
    if not user.has_perm("partnerships.change_partnership", partnership) and organization_pk not in organization_ids(
        user, Role.PARTNER_STAFF
    ):
        raise Http404
    return member


def access_agreement(user: User, pk: int, perm: str = "partnerships.view_partnership") -> Agreement:
    return get_authorized(
        user, Agreement.objects.select_related("partnership__district", "active_version"), perm, pk=pk
    )


def access_task(user: User, pk: int, perm: str = "partnerships.change_task") -> PlanTask:
    return get_authorized(user, PlanTask.objects.select_related("partnership", "owner"), perm, pk=pk)


def access_district_for_partnerships(user: User, slug: str) -> District:
    return get_authorized(user, District.objects.select_related("region"), "partnerships.add_partnership", slug=slug)


def startable_districts(user: User) -> QuerySet[District]:
    """Districts where the person may start a partnership: their lead or coordinator districts,
    and for partner staff every district in their organizations' regions."""
    own_orgs = organization_ids(user, Role.PARTNER_STAFF)
    return (
        District.objects.filter(
            Q(pk__in=district_ids(user, Role.DISTRICT_LEAD) | district_ids(user, Role.SCHOOL_COORDINATOR))
            | Q(region__organizations__pk__in=own_orgs)
        )
        .distinct()
        .order_by("name")
    )
