"""Saving a checked plan of partners and partnerships (`village.partnerships.imports`) in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from village.accounts.models import User
from village.audit.actions import record
from village.orgs.actions import import_organization
from village.orgs.models import District
from village.partnerships.imports import PartnershipsPlan
from village.partnerships.models import Partnership, PartnershipOrganization, StatusChange


def import_partnerships(actor: User, district: District, plan: PartnershipsPlan) -> PartnershipsPlan:
    """Create the plan's new organizations and partnerships and add each organization to its partnership.

    Any error saves nothing: a model check that fails is reported on the file (row 0) and the
    plan comes back unsaved.
    """
    if not plan.ok:
        raise ValueError("A plan with rejected rows is never applied: check `ok` first.")
    try:
        _write(actor, district, plan)
    except ValidationError as error:
        # The model's own messages, already in the reader's language.
        plan.problem(0, "", "invalid", "%(problems)s", problems="; ".join(error.messages))
        return plan
    plan.saved = True
    return plan


def _write(actor: User, district: District, plan: PartnershipsPlan) -> None:
    orgs = dict(plan.organizations)
    existing = dict(plan.partnerships)
    with transaction.atomic():
        for row in plan.planned:
            org = orgs.get(row.organization.lower())
            if org is None:
                org = import_organization(actor, district.region, name=row.organization, partner_type=row.partner_type)
                orgs[org.name.lower()] = org
            partnership = existing.get(row.partnership.lower())
            if partnership is None:
                partnership = Partnership(
                    district=district,
                    name=row.partnership,
                    partner_type=row.partner_type,
                    status=row.status,
                    shared_goals=row.shared_goals or row.partnership,
                    services=row.services,
                    seats=row.seats,
                    district_wide=not row.schools,
                    created_by=actor,
                )
                partnership.full_clean()
                partnership.save()
                StatusChange.objects.create(partnership=partnership, to_status=partnership.status, changed_by=actor)
                existing[partnership.name.lower()] = partnership
                record(actor, "partnerships.partnership.imported", partnership)
            partnership.schools.add(*row.schools)
            PartnershipOrganization.objects.create(partnership=partnership, organization=org)
