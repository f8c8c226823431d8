"""Who sees and moves referrals.

The school side: the district's lead, the school's coordinators, and educators who serve the
student. The partner side: staff of the organization whose service received the referral;
they see the student only through a referral (and each view is a recorded disclosure). The
family sees its own child's referrals.
"""

from __future__ import annotations

import rules

from village.accounts.models import Person, Role, User
from village.accounts.predicates import district_ids, organization_ids, school_ids
from village.families.models import Need, Student
from village.families.queries import children_ids
from village.families.rules import is_family_of, school_staff_for_student
from village.orgs.models import School
from village.referrals.models import TRANSITIONS, ConsentRequest, Referral


@rules.predicate
def partner_of_referral(user: Person, referral: Referral) -> bool:
    return referral.organization_id in organization_ids(user, Role.PARTNER_STAFF)


@rules.predicate
def school_side_of_referral(user: Person, referral: Referral) -> bool:
    return bool(school_staff_for_student(user, referral.student))


@rules.predicate
def family_of_referral(user: Person, referral: Referral) -> bool:
    return bool(is_family_of(user, referral.student) or referral.student.user_id == user.pk)


@rules.predicate
def may_refer_student(user: Person, student: Student) -> bool:
    return bool(school_staff_for_student(user, student)) and student.anonymized_at is None


@rules.predicate
def may_refer_for_need(user: Person, need: Need) -> bool:
    return bool(may_refer_student(user, need.student))


@rules.predicate
def works_with_referrals_as_partner(user: Person) -> bool:
    return bool(organization_ids(user, Role.PARTNER_STAFF))


@rules.predicate
def runs_school_referrals(user: Person, school: School) -> bool:
    return school.pk in school_ids(user, Role.SCHOOL_COORDINATOR) or school.district_id in district_ids(
        user, Role.DISTRICT_LEAD
    )


@rules.predicate
def signs_for_request(user: Person, request: ConsentRequest) -> bool:
    """The family member who may sign for the student (a parent or guardian, or the adult student)."""
    return bool(user.has_perm("families.give_consent", request.student))


@rules.predicate
def school_side_of_request(user: Person, request: ConsentRequest) -> bool:
    return bool(school_staff_for_student(user, request.student))


@rules.predicate
def family_may_ask(user: Person, student: Student) -> bool:
    """A family member of the enrolled child (staff ask through a referral, not here)."""
    return bool(is_family_of(user, student)) and student.anonymized_at is None and student.status == "enrolled"


@rules.predicate
def has_children_to_ask_for(user: Person) -> bool:
    return bool(children_ids(user))


rules.add_perm("referrals.ask_for_child", family_may_ask)
rules.add_perm("referrals.ask_for_service", has_children_to_ask_for)
rules.add_perm("referrals.answer_consent_request", signs_for_request)
rules.add_perm("referrals.follow_consent_request", school_side_of_request)
rules.add_perm("referrals.refer_for_need", may_refer_for_need)
rules.add_perm("referrals.refer_student", may_refer_student)
rules.add_perm("referrals.view_referral", partner_of_referral | school_side_of_referral | family_of_referral)
rules.add_perm("referrals.act_as_partner", partner_of_referral)
rules.add_perm("referrals.act_as_school", school_side_of_referral)
rules.add_perm("referrals.give_feedback", family_of_referral)
rules.add_perm("referrals.view_inbox", works_with_referrals_as_partner)
rules.add_perm("referrals.view_school_referrals", runs_school_referrals)


def side_of(actor: User, referral: Referral) -> set[str]:
    """Which sides of the referral the person acts for: "partner" and/or "school"."""
    sides = set()
    if actor.has_perm("referrals.act_as_partner", referral):
        sides.add("partner")
    if actor.has_perm("referrals.act_as_school", referral):
        sides.add("school")
    return sides


def allowed_next(actor: User, referral: Referral) -> list[str]:
    sides = side_of(actor, referral)
    return [to for (frm, to), side in TRANSITIONS.items() if frm == referral.status and side in sides]
