"""Shared predicates about who a person is. Each app's rules build on these.

A person's active memberships are read once per request-user object and cached on it,
so any number of checks on one page costs one query.
"""

from __future__ import annotations

import rules
from django.db.models import Q

from village.accounts.models import STAFF_ROLES, Membership, Person, Role

_CACHE_ATTR = "_village_memberships"


def memberships(user: Person) -> list[Membership]:
    """The person's active memberships (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("district__region", "school__district__region", "organization__region")
            .order_by("role", "id")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Person) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles(user: Person) -> set[str]:
    return {m.role for m in memberships(user)}


def district_ids(user: Person, *role_list: str) -> set[int]:
    """Districts where the person holds one of these roles (all roles if none named)."""
    return {m.district_id for m in memberships(user) if m.district_id and (not role_list or m.role in role_list)}


def school_ids(user: Person, *role_list: str) -> set[int]:
    return {m.school_id for m in memberships(user) if m.school_id and (not role_list or m.role in role_list)}


def organization_ids(user: Person, *role_list: str) -> set[int]:
    return {
        m.organization_id for m in memberships(user) if m.organization_id and (not role_list or m.role in role_list)
    }


def region_ids(user: Person) -> set[int]:
    found: set[int] = set()
    for m in memberships(user):
        if m.organization_id and m.organization:
            found.add(m.organization.region_id)
        elif m.district_id and m.district:
            found.add(m.district.region_id)
    return found


def lead_filter(user: Person, district_field: str = "district") -> Q:
    """A filter matching rows in districts the person leads."""
    return Q(**{f"{district_field}__in": district_ids(user, Role.DISTRICT_LEAD)})


@rules.predicate
def is_staff_member(user: Person) -> bool:
    """Holds a role that handles other people's data (and so must use MFA)."""
    return any(m.role in STAFF_ROLES for m in memberships(user))


@rules.predicate
def is_district_lead(user: Person) -> bool:
    return Role.DISTRICT_LEAD in roles(user)


@rules.predicate
def is_partner_staff(user: Person) -> bool:
    return Role.PARTNER_STAFF in roles(user)


@rules.predicate
def can_use_api_tokens(user: Person) -> bool:
    """Personal API tokens are for staff and partner integrations, not families or students."""
    return bool(roles(user) & STAFF_ROLES)
