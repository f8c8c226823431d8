"""Every write to the tenancy tree: regions, districts, schools and partner organizations."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from village.accounts.models import User
from village.audit.actions import record
from village.orgs.models import District, Organization, Region, School


def create_region(actor: User | None, *, name: str, slug: str) -> Region:
    """Start a Village region (an operator's step: `actor` is None for a command run by the operator)."""
    with transaction.atomic():
        region = Region(name=name, slug=slug)
        region.full_clean()
        region.save()
        record(actor, "orgs.region.created", region)
    return region


def create_district(actor: User | None, region: Region, *, name: str, slug: str) -> District:
    """Add a school district to a region (an operator's step, like `create_region`)."""
    with transaction.atomic():
        district = District(region=region, name=name, slug=slug)
        district.full_clean()
        district.save()
        record(actor, "orgs.district.created", district, district_id=district.pk)
    return district


def create_school(actor: Any, district: District, **fields: Any) -> School:
    with transaction.atomic():
        school = School(district=district, **fields)
        school.full_clean()
        school.save()
        record(actor, "orgs.school.created", school)
    return school


def update_school(actor: Any, school: School, changed: list[str]) -> School:
    """Save a school whose fields were already set and validated (by a form); audit the changed names."""
    if not changed:
        return school
    with transaction.atomic():
        school.save()
        record(actor, "orgs.school.updated", school, fields=changed)
    return school


def create_organization(actor: Any, region: Region, **fields: Any) -> Organization:
    with transaction.atomic():
        org = Organization(region=region, **fields)
        org.full_clean()
        org.save()
        record(actor, "orgs.organization.created", org)
    return org


def update_organization(actor: Any, org: Organization, changed: list[str]) -> Organization:
    if not changed:
        return org
    with transaction.atomic():
        org.save()
        record(actor, "orgs.organization.updated", org, fields=changed)
    return org
