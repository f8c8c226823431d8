"""Who may see or change districts, schools and partner organizations."""

from __future__ import annotations

import rules

from village.accounts.models import Person, Role
from village.accounts.predicates import district_ids, memberships, organization_ids, region_ids, school_ids
from village.orgs.models import District, Organization, Region, School


@rules.predicate
def leads_district(user: Person, district: District) -> bool:
    return district.pk in district_ids(user, Role.DISTRICT_LEAD)


@rules.predicate
def leads_school_district(user: Person, school: School) -> bool:
    return school.district_id in district_ids(user, Role.DISTRICT_LEAD)


@rules.predicate
def coordinates_school(user: Person, school: School) -> bool:
    return school.pk in school_ids(user, Role.SCHOOL_COORDINATOR)


@rules.predicate
def belongs_to_school(user: Person, school: School) -> bool:
    """Holds any role at the school (families reach a school through their children: see `home.rules`)."""
    return school.pk in school_ids(user)


@rules.predicate
def works_for_organization(user: Person, organization: Organization) -> bool:
    return organization.pk in organization_ids(user, Role.PARTNER_STAFF)


@rules.predicate
def leads_in_organization_region(user: Person, organization: Organization) -> bool:
    return any(
        m.role == Role.DISTRICT_LEAD and m.district is not None and m.district.region_id == organization.region_id
        for m in memberships(user)
    )


# Partnership states in which a district works with an organization (the partnerships app's
# PartnershipStatus values; orgs sits below it and reaches partnerships only through the relation).
CURRENT_PARTNERSHIP_STATUSES = ("active", "renewing")


def governing_district_ids(organization: Organization) -> set[int]:
    """The districts that govern a shared organization: those with a current partnership with it.
    An organization no district works with yet is governed by every district of its region."""
    current = set(
        organization.partnerships.filter(status__in=CURRENT_PARTNERSHIP_STATUSES).values_list("district_id", flat=True)
    )
    if current:
        return current
    return set(organization.region.districts.values_list("pk", flat=True))


@rules.predicate
def governs_organization(user: Person, organization: Organization) -> bool:
    """Leads a district that governs the organization (see `governing_district_ids`)."""
    led = district_ids(user, Role.DISTRICT_LEAD)
    return bool(led) and not led.isdisjoint(governing_district_ids(organization))


@rules.predicate
def school_staff_in_organization_region(user: Person, organization: Organization) -> bool:
    return any(
        m.role in (Role.SCHOOL_COORDINATOR, Role.EDUCATOR)
        and m.school is not None
        and m.school.district.region_id == organization.region_id
        for m in memberships(user)
    )


@rules.predicate
def leads_in_region(user: Person, region: Region) -> bool:
    """Leads a district of the region: districts of one region are peers that share a directory."""
    return any(
        m.role == Role.DISTRICT_LEAD and m.district is not None and m.district.region_id == region.pk
        for m in memberships(user)
    )


@rules.predicate
def in_same_region(user: Person, organization: Organization) -> bool:
    return organization.region_id in region_ids(user)


rules.add_perm("orgs.view_district", leads_district)
rules.add_perm("orgs.start_district", leads_in_region)
rules.add_perm("orgs.change_district", leads_district)
rules.add_perm("orgs.view_outbox", leads_district)
rules.add_perm("orgs.view_school_staff", leads_school_district | coordinates_school)
rules.add_perm("orgs.change_school", leads_school_district | coordinates_school)
rules.add_perm(
    "orgs.view_organization",
    works_for_organization | leads_in_organization_region | school_staff_in_organization_region,
)
rules.add_perm("orgs.change_organization", works_for_organization | governs_organization)
rules.add_perm("orgs.govern_organization", governs_organization)
