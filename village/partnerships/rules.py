"""Who may see or change partnerships and everything hanging from them.

The school side is the district lead of the partnership's district and the coordinators of
its schools (of every school in the district when it is district-wide). The partner side
is the staff of its member organizations. Nobody else sees a partnership: partner staff
never see another organization's partnerships or agreements.
"""

from __future__ import annotations

import rules

from village.accounts.models import Person, Role
from village.accounts.predicates import district_ids, memberships, organization_ids, school_ids
from village.orgs.models import District, Organization
from village.partnerships.models import (
    Agreement,
    AgreementVersion,
    FundingSource,
    Milestone,
    Partnership,
    PartnershipOrganization,
    PlanTask,
    ResourceShare,
    StatusChange,
)

# What the partnership rules are asked about: a partnership, or something that belongs to one.
type PartnershipPart = (
    Partnership
    | Agreement
    | AgreementVersion
    | PartnershipOrganization
    | StatusChange
    | Milestone
    | PlanTask
    | ResourceShare
    | FundingSource
)


def partnership_of(obj: PartnershipPart) -> Partnership:
    """The partnership an object belongs to (itself, or an agreement's, version's, task's…)."""
    if isinstance(obj, Partnership):
        return obj
    if isinstance(obj, AgreementVersion):
        return obj.agreement.partnership
    return obj.partnership


def school_ids_of(partnership: Partnership) -> set[int]:
    cached: set[int] | None = getattr(partnership, "_school_ids", None)
    if cached is None:
        cached = set(partnership.schools.values_list("pk", flat=True))
        partnership._school_ids = cached  # type: ignore[attr-defined]
    return cached


def organization_ids_of(partnership: Partnership) -> set[int]:
    cached: set[int] | None = getattr(partnership, "_organization_ids", None)
    if cached is None:
        cached = set(partnership.members.values_list("organization_id", flat=True))
        partnership._organization_ids = cached  # type: ignore[attr-defined]
    return cached


def is_school_side(user: Person, partnership: Partnership) -> bool:
    if partnership.district_id in district_ids(user, Role.DISTRICT_LEAD):
        return True
    coordinated = school_ids(user, Role.SCHOOL_COORDINATOR)
    if partnership.district_wide:
        return partnership.district_id in district_ids(user, Role.SCHOOL_COORDINATOR)
    return bool(coordinated & school_ids_of(partnership))


def partner_organization_ids(user: Person, partnership: Partnership) -> set[int]:
    """The member organizations the person works for."""
    return organization_ids(user, Role.PARTNER_STAFF) & organization_ids_of(partnership)


@rules.predicate
def on_school_side(user: Person, obj: PartnershipPart) -> bool:
    return is_school_side(user, partnership_of(obj))


@rules.predicate
def on_partner_side(user: Person, obj: PartnershipPart) -> bool:
    return bool(partner_organization_ids(user, partnership_of(obj)))


@rules.predicate
def owns_task_side(user: Person, task: PlanTask) -> bool:
    """Each side updates its own tasks: the school side those without an organization, partners their own."""
    if task.organization_id is None:
        return is_school_side(user, task.partnership)
    return task.organization_id in organization_ids(user, Role.PARTNER_STAFF)


@rules.predicate
def starts_as_school_side(user: Person, district: District) -> bool:
    """The district's lead and its coordinators start partnerships for the school side."""
    if district.pk in district_ids(user, Role.DISTRICT_LEAD):
        return True
    return any(m.role == Role.SCHOOL_COORDINATOR and m.district_id == district.pk for m in memberships(user))


@rules.predicate
def may_propose_partnership_to(user: Person, district: District) -> bool:
    """Staff of partner organizations in the district's region propose partnerships to it."""
    return bool(proposing_organization_ids(user, district))


def proposing_organization_ids(user: Person, district: District) -> set[int]:
    """The person's partner organizations that may propose a partnership to this district."""
    own = organization_ids(user, Role.PARTNER_STAFF)
    if not own:
        return set()
    return set(Organization.objects.filter(pk__in=own, region_id=district.region_id).values_list("pk", flat=True))


@rules.predicate
def works_with_partnerships(user: Person) -> bool:
    return bool({m.role for m in memberships(user)} & {Role.DISTRICT_LEAD, Role.SCHOOL_COORDINATOR, Role.PARTNER_STAFF})


participant = on_school_side | on_partner_side

rules.add_perm("partnerships.list_partnerships", works_with_partnerships)
rules.add_perm("partnerships.add_partnership", starts_as_school_side | may_propose_partnership_to)
rules.add_perm("partnerships.start_as_school_side", starts_as_school_side)
rules.add_perm("partnerships.view_partnership", participant)
rules.add_perm("partnerships.change_partnership", on_school_side)
rules.add_perm("partnerships.change_partner_side", participant)
rules.add_perm("partnerships.contribute", participant)
rules.add_perm("partnerships.change_task", owns_task_side)
