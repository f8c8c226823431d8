"""Who runs volunteering at a school.

Volunteer opportunities at a school are posted by its coordinators, its district's lead, and the
staff of a partner organization with a current partnership serving the school (the same people
who organize its events: `events.rules.organizer_school_ids`). A partner's staff manage the
opportunities their organization posted; the school's coordinators and the district's lead manage
every opportunity at the school (they approve volunteers, record clearances, confirm hours).
"""

from __future__ import annotations

import rules

from village.accounts.models import Person, Role
from village.accounts.predicates import district_ids, organization_ids, school_ids
from village.community.models import MentoringProgram, Opportunity
from village.events.rules import organizer_school_ids
from village.orgs.models import School


def staff_school_ids(user: Person) -> set[int]:
    """Schools where the person runs all volunteering (coordinator there, or lead of its district)."""
    led = district_ids(user, Role.DISTRICT_LEAD)
    schools = set(School.objects.filter(district_id__in=led).values_list("pk", flat=True)) if led else set()
    return schools | school_ids(user, Role.SCHOOL_COORDINATOR)


@rules.predicate
def posts_at_school(user: Person, school: School) -> bool:
    return school.pk in organizer_school_ids(user)


@rules.predicate
def manages_opportunity(user: Person, opportunity: Opportunity) -> bool:
    if opportunity.school_id in staff_school_ids(user):
        return True
    return (
        opportunity.organization_id is not None
        and opportunity.organization_id in organization_ids(user, Role.PARTNER_STAFF)
        and opportunity.school_id in organizer_school_ids(user)
    )


@rules.predicate
def runs_program(user: Person, program: MentoringProgram) -> bool:
    """The school's coordinators and district lead, and the staff of the organization running it."""
    if program.school_id in staff_school_ids(user):
        return True
    return program.organization_id in organization_ids(user, Role.PARTNER_STAFF) and program.school_id in (
        organizer_school_ids(user)
    )


rules.add_perm("community.post_at", posts_at_school)
rules.add_perm("community.manage", manages_opportunity)
rules.add_perm("community.run_program", runs_program)
