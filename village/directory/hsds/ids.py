"""HSDS identifiers: derived from a source's own identifiers on import, and an organization's on export.

An HSDS UUID is kept as is; any other source identifier (Ohana's "12", a legal-aid export's
slug) becomes a UUID derived from (source, table, identifier), so importing the same file
again updates the same rows instead of adding copies.

An organization's HSDS id is its directory profile's. An organization that has no profile
(one added outside the directory, which lists nothing HSDS-specific about it) is published
under an id derived from its primary key, so reading the directory never has to create a
row, and the id stays the same until an import gives it a profile under that very id.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable

from django.db.models import Q

from village.directory.models import Contact, DirectoryProfile, Location, Phone, Service, ServiceAtLocation
from village.orgs.models import Organization, Region

NAMESPACE = uuid.UUID("6f1d3c2e-8a55-4f7e-9b0a-56c1d7e0a001")
ORGANIZATION_NAMESPACE = uuid.uuid5(NAMESPACE, "organization")


@functools.lru_cache(maxsize=1 << 18)
def stable_id(source: str, table: str, raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return uuid.uuid5(NAMESPACE, f"{source}:{table}:{raw}")


def derived_organization_id(pk: int) -> uuid.UUID:
    """The HSDS id of an organization without a directory profile."""
    return uuid.uuid5(ORGANIZATION_NAMESPACE, str(pk))


def organization_id(org: Organization) -> uuid.UUID:
    """The organization's HSDS id (select or prefetch `directory_profile` to read it without a query)."""
    profile = getattr(org, "directory_profile", None)
    return profile.hsds_id if profile is not None else derived_organization_id(org.pk)


def unlisted_organizations(region_id: int | None = None) -> dict[uuid.UUID, int]:
    """Organizations without a profile (in a region, or everywhere), by the id they are published under."""
    queryset = Organization.objects.filter(directory_profile__isnull=True)
    if region_id is not None:
        queryset = queryset.filter(region_id=region_id)
    return {derived_organization_id(pk): pk for pk in queryset.values_list("pk", flat=True)}


def organization_q(key: uuid.UUID, prefix: str = "") -> Q:
    """Matches the organization (at `prefix`, such as "organization__") published under this HSDS id."""
    derived = unlisted_organizations().get(key)
    q = Q(**{f"{prefix}directory_profile__hsds_id": key})
    if derived is not None:
        q |= Q(**{f"{prefix}pk": derived})
    return q


# The tables whose rows keep their HSDS id, and the rows of a region among them.
ELSEWHERE: dict[
    str, tuple[type[Contact | DirectoryProfile | Location | Service | ServiceAtLocation | Phone], Callable[[Region], Q]]
] = {
    "organization": (DirectoryProfile, lambda r: Q(organization__region=r)),
    "location": (Location, lambda r: Q(organization__region=r)),
    "service": (Service, lambda r: Q(organization__region=r)),
    "service_at_location": (ServiceAtLocation, lambda r: Q(service__organization__region=r)),
    "contact": (
        Contact,
        lambda r: (
            Q(organization__region=r)
            | Q(service__organization__region=r)
            | Q(location__organization__region=r)
            | Q(service_at_location__service__organization__region=r)
        ),
    ),
    "phone": (
        Phone,
        lambda r: (
            Q(organization__region=r)
            | Q(service__organization__region=r)
            | Q(location__organization__region=r)
            | Q(service_at_location__service__organization__region=r)
        ),
    ),
}


def held_elsewhere(table: str, region: Region) -> set[uuid.UUID]:
    """HSDS ids of this table that rows outside the region hold (HSDS ids are unique across regions)."""
    if table not in ELSEWHERE:
        return set()
    model, in_region = ELSEWHERE[table]
    return set(model._default_manager.exclude(in_region(region)).values_list("hsds_id", flat=True))
