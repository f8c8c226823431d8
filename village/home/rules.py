"""Who may open a school's page: anyone who holds a role there, its district's lead, and the
families whose children are enrolled there."""

from __future__ import annotations

import rules

from village.accounts.models import User
from village.families.access import family_school_ids
from village.orgs.models import School
from village.orgs.rules import belongs_to_school, leads_school_district


@rules.predicate
def family_at_school(user: User, school: School) -> bool:
    return school.pk in family_school_ids(user)


rules.add_perm("home.view_school", leads_school_district | belongs_to_school | family_at_school)
