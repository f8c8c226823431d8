"""Who may see or change directory listings. The public directory itself needs no permission."""

from __future__ import annotations

import rules

from village.accounts.models import Person, Role
from village.accounts.predicates import district_ids, memberships, organization_ids, school_ids
from village.directory.models import DirectoryImport, Location, Service
from village.orgs.models import School
from village.orgs.rules import governs_organization, works_for_organization


@rules.predicate
def works_for_service_organization(user: Person, obj: Service | Location) -> bool:
    return obj.organization_id in organization_ids(user, Role.PARTNER_STAFF)


@rules.predicate
def governs_service_organization(user: Person, obj: Service | Location) -> bool:
    return bool(governs_organization.test(user, obj.organization))


@rules.predicate
def sees_school_coverage(user: Person, school: School) -> bool:
    """District leads for their districts' schools; coordinators for their own schools."""
    return school.district_id in district_ids(user, Role.DISTRICT_LEAD) or school.pk in school_ids(
        user, Role.SCHOOL_COORDINATOR
    )


def import_regions(user: Person) -> set[int]:
    """Regions whose directory the person may import and export: their lead or coordinator districts'."""
    return {
        m.district.region_id
        for m in memberships(user)
        if m.role in (Role.DISTRICT_LEAD, Role.SCHOOL_COORDINATOR) and m.district is not None
    }


@rules.predicate
def works_in_import_region(user: Person, job: DirectoryImport) -> bool:
    return job.region_id in import_regions(user)


@rules.predicate
def is_coordinator_or_lead(user: Person) -> bool:
    return any(m.role in (Role.DISTRICT_LEAD, Role.SCHOOL_COORDINATOR) for m in memberships(user))


rules.add_perm("directory.change_service", works_for_service_organization | governs_service_organization)
rules.add_perm("directory.change_location", works_for_service_organization | governs_service_organization)
rules.add_perm("directory.manage_listings", works_for_organization | governs_organization)
rules.add_perm("directory.view_coverage", sees_school_coverage)
rules.add_perm("directory.import_directory", is_coordinator_or_lead)
rules.add_perm("directory.view_import", works_in_import_region)
