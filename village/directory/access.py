"""Fetch-and-authorise helpers for directory listings, coverage, imports and exports."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from village.accounts.models import Person, Role, User
from village.accounts.predicates import district_ids, school_ids
from village.directory.models import DirectoryImport, Location, Service, ServiceStatus
from village.directory.rules import import_regions
from village.lib.access import get_authorized
from village.orgs.access import access_organization
from village.orgs.models import Organization, Region, School


def public_service(user: Person, pk: int) -> Service:
    """An active service anyone may read, or any service its editors may read; 404 otherwise."""
    service = Service.objects.select_related("organization").filter(pk=pk).first()
    if service is None:
        raise Http404
    if service.status != ServiceStatus.ACTIVE and not user.has_perm("directory.change_service", service):
        raise Http404
    return service


def access_service(user: Person, pk: int, perm: str = "directory.change_service") -> Service:
    return get_authorized(user, Service.objects.select_related("organization__region"), perm, pk=pk)


def access_location(user: Person, pk: int, perm: str = "directory.change_location") -> Location:
    return get_authorized(user, Location.objects.select_related("organization__region"), perm, pk=pk)


def access_listings(user: User, organization_pk: int) -> Organization:
    """The organization whose listings the person keeps current."""
    return access_organization(user, organization_pk, "directory.manage_listings")


def coverage_schools(user: Person) -> QuerySet[School]:
    """Schools whose coverage the person may see, matching `directory.view_coverage`."""
    return (
        School.objects.filter(
            Q(district_id__in=district_ids(user, Role.DISTRICT_LEAD))
            | Q(pk__in=school_ids(user, Role.SCHOOL_COORDINATOR))
        )
        .select_related("district")
        .order_by("district__name", "name")
    )


def exchange_regions(user: Person) -> list[Region]:
    """Regions whose directory the person may import and export, by name; 404 for anyone who may not."""
    if not user.has_perm("directory.import_directory"):
        raise Http404
    return list(Region.objects.filter(pk__in=import_regions(user)).order_by("name"))


def exchange_region(user: Person, slug: str) -> Region:
    """One region whose directory the person may export; 404 alike for missing and forbidden."""
    region = next((r for r in exchange_regions(user) if r.slug == slug), None)
    if region is None:
        raise Http404
    return region


def access_import(user: Person, pk: int) -> DirectoryImport:
    """A directory import in a region the person may import into."""
    return get_authorized(
        user, DirectoryImport.objects.select_related("region", "started_by"), "directory.view_import", pk=pk
    )


def access_coverage_schools(user: Person) -> list[School]:
    """The schools whose coverage the person may see; 404 for someone who may see none."""
    schools = list(coverage_schools(user))
    if not schools:
        raise Http404
    return schools
