"""Who sees and works the indicator framework.

The district lead sets up the framework, feeds data and sees every school. A school's
coordinators see and review their school; its educators and council members see its
dashboard (suppressed like everything else); educators log inclusive practices. Public
reports need no account and show only suppressed figures.
"""

from __future__ import annotations

import rules

from village.accounts.models import Person, Role
from village.accounts.predicates import district_ids, memberships, school_ids
from village.indicators.models import Review
from village.orgs.models import District, School


@rules.predicate
def leads_district(user: Person, district: District) -> bool:
    return district.pk in district_ids(user, Role.DISTRICT_LEAD)


@rules.predicate
def sees_school(user: Person, school: School) -> bool:
    for m in memberships(user):
        if m.role == Role.DISTRICT_LEAD and m.district_id == school.district_id:
            return True
        if m.role == Role.COUNCIL_MEMBER and not m.school_id and m.district_id == school.district_id:
            return True  # a district council sees every school
        if m.role in (Role.SCHOOL_COORDINATOR, Role.EDUCATOR, Role.COUNCIL_MEMBER) and m.school_id == school.pk:
            return True
    return False


@rules.predicate
def logs_practice(user: Person, school: School) -> bool:
    return school.pk in school_ids(user, Role.EDUCATOR, Role.SCHOOL_COORDINATOR)


@rules.predicate
def works_review(user: Person, review: Review) -> bool:
    return (
        review.district_id in district_ids(user, Role.DISTRICT_LEAD)
        or review.school_id in school_ids(user, Role.SCHOOL_COORDINATOR)
        or review.participants.filter(pk=user.pk).exists()
    )


rules.add_perm("indicators.manage_framework", leads_district)
rules.add_perm("indicators.view_school", sees_school)
rules.add_perm("indicators.log_practice", logs_practice)
rules.add_perm("indicators.work_review", works_review)
