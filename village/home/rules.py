"""Who may open a school's page: anyone who holds a role there, its district's lead, and the
families whose children are enrolled there. Who may open a school's worklist: its coordinators
and its district's lead (the whole school), and its educators (the students they serve)."""

from __future__ import annotations

import rules

from village.accounts.models import Role, User
from village.accounts.predicates import school_ids
from village.families.access import family_school_ids
from village.orgs.models import School
from village.orgs.rules import belongs_to_school, coordinates_school, leads_school_district


@rules.predicate
def family_at_school(user: User, school: School) -> bool:
    return school.pk in family_school_ids(user)


rules.add_perm("home.view_school", leads_school_district | belongs_to_school | family_at_school)


@rules.predicate
def teaches_at_school(user: User, school: School) -> bool:
    return school.pk in school_ids(user, Role.EDUCATOR)


rules.add_perm("home.view_worklist", leads_school_district | coordinates_school | teaches_at_school)
