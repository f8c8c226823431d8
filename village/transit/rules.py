"""Who may load transit feeds: the leads of a district load its region's feeds (see docs/permissions.md)."""

from __future__ import annotations

import rules

from village.accounts.models import Person, Role
from village.accounts.predicates import district_ids
from village.orgs.models import District


@rules.predicate
def leads_district(user: Person, district: District) -> bool:
    return district.pk in district_ids(user, Role.DISTRICT_LEAD)


rules.add_perm("transit.load_feed", leads_district)
