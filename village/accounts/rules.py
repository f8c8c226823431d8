"""Who may manage people, roles and API tokens."""

from __future__ import annotations

import rules

from village.accounts.models import Membership, Person, Role
from village.accounts.predicates import can_use_api_tokens, district_ids


@rules.predicate
def leads_membership_scope(user: Person, membership: Membership) -> bool:
    """District leads manage roles in their district and its schools; a partner organization's
    roles are ended by the leads who govern it (`orgs.govern_organization`: the districts with a
    current partnership with it, or its region's while it has none)."""
    if membership.user_id == getattr(user, "pk", None):
        return False  # nobody ends their own role; another lead must
    led = district_ids(user, Role.DISTRICT_LEAD)
    if membership.district_id:
        return membership.district_id in led
    return membership.organization is not None and user.has_perm("orgs.govern_organization", membership.organization)


rules.add_perm("accounts.manage_api_tokens", can_use_api_tokens)
rules.add_perm("accounts.end_membership", leads_membership_scope)
