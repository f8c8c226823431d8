"""Fetch-and-authorise helpers for directory listings and coverage."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from village.accounts.models import Role
from village.accounts.predicates import district_ids, school_ids
from village.directory.models import Location, Service, ServiceStatus
from village.lib.access import get_authorized
from village.orgs.access import access_organization
from village.orgs.models import Organization, School


def public_service(user: Any, pk: int) -> Service:
    """An active service anyone may read, or any service its editors may read; 404 otherwise."""
    service = Service.objects.select_related("organization").filter(pk=pk).first()
    if service is None:
        raise Http404
    if service.status != ServiceStatus.ACTIVE and not user.has_perm("directory.change_service", service):
        raise Http404
    return service


def access_service(user: Any, pk: int, perm: str = "directory.change_service") -> Service:
    return get_authorized(user, Service.objects.select_related("organization__region"), perm, pk=pk)


def access_location(user: Any, pk: int, perm: str = "directory.change_location") -> Location:
    return get_authorized(user, Location.objects.select_related("organization__region"), perm, pk=pk)


def access_listings(user: Any, organization_pk: int) -> Organization:
    """The organization whose listings the person keeps current."""
    return access_organization(user, organization_pk, "directory.manage_listings")


def coverage_schools(user: Any) -> QuerySet[School]:
    """Schools whose coverage the person may see, matching `directory.view_coverage`."""
    return (
        School.objects.filter(
            Q(district_id__in=district_ids(user, Role.DISTRICT_LEAD))
            | Q(pk__in=school_ids(user, Role.SCHOOL_COORDINATOR))
        )
        .select_related("district")
        .order_by("district__name", "name")
    )


def access_coverage_schools(user: Any) -> list[School]:
    """The schools whose coverage the person may see; 404 for someone who may see none."""
    schools = list(coverage_schools(user))
    if not schools:
        raise Http404
    return schools
