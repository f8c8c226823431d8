"""Every write to the tenancy tree: regions, districts, schools and partner organizations."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

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


def create_school(actor: User | None, district: District, **fields: Any) -> School:
    with transaction.atomic():
        school = School(district=district, **fields)
        school.full_clean()
        school.save()
        record(actor, "orgs.school.created", school)
    return school


def update_school(actor: User | None, school: School, changed: list[str]) -> School:
    """Save a school whose fields were already set and validated (by a form); audit the changed names."""
    if not changed:
        return school
    with transaction.atomic():
        school.save()
        record(actor, "orgs.school.updated", school, fields=changed)
    return school


def create_organization(actor: User | None, region: Region, **fields: Any) -> Organization:
    """Add a partner organization to the region's directory (`actor` None: an operator's command)."""
    with transaction.atomic():
        org = Organization(region=region, **fields)
        org.full_clean()
        org.save()
        record(actor, "orgs.organization.created", org)
    return org


def import_organization(actor: User, region: Region, *, name: str, partner_type: str) -> Organization:
    """A partner organization named in an import of partnerships (audited as imported)."""
    with transaction.atomic():
        org = Organization(region=region, name=name, partner_type=partner_type)
        org.full_clean()
        org.save()
        record(actor, "orgs.organization.imported", org)
    return org


def update_organization(actor: User, org: Organization, changed: list[str]) -> Organization:
    if not changed:
        return org
    with transaction.atomic():
        org.save()
        record(actor, "orgs.organization.updated", org, fields=changed)
    return org


def save_imported_organizations(
    new: list[Organization], changed: list[Organization], fields: list[str], *, batch_size: int = 2000
) -> None:
    """Add and update organizations in bulk, with their history, inside the caller's transaction.

    For an import that validated them and records its own audit event (the directory's).
    `changed` rows are written in small batches: bulk_update writes one CASE per field.
    """
    with transaction.atomic():
        bulk_create_with_history(new, Organization, batch_size=batch_size)
        if changed:
            bulk_update_with_history(changed, Organization, fields, batch_size=200)
