"""Who may see matches, share seats and read the gap map.

Matches for a need: the student's school staff and the family. Allocation runs: the school's
coordinators and the district's lead.
"""

from __future__ import annotations

import rules

from village.accounts.models import Role, User
from village.accounts.predicates import district_ids, school_ids
from village.families.models import Need
from village.families.rules import is_family_of, school_staff_for_student
from village.matching.models import AllocationRun
from village.orgs.models import School


@rules.predicate
def staff_for_need(user: User, need: Need) -> bool:
    return bool(school_staff_for_student(user, need.student))


@rules.predicate
def family_of_need(user: User, need: Need) -> bool:
    return bool(is_family_of(user, need.student))


def _runs_school(user: User, school: School) -> bool:
    return school.pk in school_ids(user, Role.SCHOOL_COORDINATOR) or school.district_id in district_ids(
        user, Role.DISTRICT_LEAD
    )


@rules.predicate
def shares_school_seats(user: User, school: School) -> bool:
    return _runs_school(user, school)


@rules.predicate
def shares_run_seats(user: User, run: AllocationRun) -> bool:
    return _runs_school(user, run.school)


rules.add_perm("matching.match_need", staff_for_need | family_of_need)
rules.add_perm("matching.allocate", shares_school_seats)
rules.add_perm("matching.view_allocation", shares_run_seats)
