"""Who may manage people, roles and API tokens."""

from __future__ import annotations

import rules

from village.accounts.models import Membership, Person, Role
from village.accounts.predicates import can_use_api_tokens, district_ids, memberships


@rules.predicate
def leads_membership_scope(user: Person, membership: Membership) -> bool:
    """District leads manage roles in their district, its schools, and partners of its region."""
    if membership.user_id == getattr(user, "pk", None):
        return False  # nobody ends their own role; another lead must
    led = district_ids(user, Role.DISTRICT_LEAD)
    if membership.district_id:
        return membership.district_id in led
    led_regions = {m.district.region_id for m in memberships(user) if m.role == Role.DISTRICT_LEAD and m.district}
    return membership.organization is not None and membership.organization.region_id in led_regions


rules.add_perm("accounts.manage_api_tokens", can_use_api_tokens)
rules.add_perm("accounts.end_membership", leads_membership_scope)
