"""Who may see or do what with students, plans, needs, consents and the record of disclosures.

Staff inside the school see students by role: district leads their district, coordinators
their school, educators the students they serve. Partner staff see nothing of a student
here; the connect work lets a referral with consent show them what it needs. Disability and
program flags are shown only to roles that need them (see docs/permissions.md).
"""

from __future__ import annotations

import rules
from django.utils import timezone

from village.accounts.models import Person, Role
from village.accounts.predicates import district_ids, school_ids
from village.families.models import Consent, GroupMessage, Household, OtherLegalBasis, Student
from village.families.models.core import AssignmentRole
from village.families.queries import assigned_students, children_ids, households_for
from village.messaging.models import Conversation
from village.orgs.models import District, School


@rules.predicate
def leads_student_district(user: Person, student: Student) -> bool:
    return student.district_id in district_ids(user, Role.DISTRICT_LEAD)


@rules.predicate
def coordinates_student_school(user: Person, student: Student) -> bool:
    return student.school_id in school_ids(user, Role.SCHOOL_COORDINATOR)


@rules.predicate
def serves_student(user: Person, student: Student) -> bool:
    return student.pk in assigned_students(user)


@rules.predicate
def specialist_for_student(user: Person, student: Student) -> bool:
    return assigned_students(user).get(student.pk) == AssignmentRole.SPECIALIST


@rules.predicate
def is_family_of(user: Person, student: Student) -> bool:
    return student.pk in children_ids(user)


@rules.predicate
def is_enrolled(user: Person, student: Student) -> bool:
    return student.anonymized_at is None


@rules.predicate
def is_adult(user: Person, student: Student) -> bool:
    """18 or older: under FERPA the rights to consent pass from the parents to the student."""
    age = student.age_on(timezone.localdate())
    return age is not None and age >= 18


@rules.predicate
def is_the_student(user: Person, student: Student) -> bool:
    return bool(user.is_authenticated and student.user_id == user.pk)


adult_student_self = is_the_student & is_adult


# Who signs for a student: a parent or guardian until 18, from then on only the student.
consenting_person = (is_family_of & ~is_adult) | adult_student_self


@rules.predicate
def consenting_person_of_consent(user: Person, consent: Consent) -> bool:
    return bool(consenting_person(user, consent.student))


@rules.predicate
def school_lead_of_consent(user: Person, consent: Consent) -> bool:
    return bool(leads_student_district(user, consent.student) | coordinates_student_school(user, consent.student))


@rules.predicate
def school_lead_of_basis(user: Person, basis: OtherLegalBasis) -> bool:
    return bool(leads_student_district(user, basis.student) | coordinates_student_school(user, basis.student))


@rules.predicate
def is_household_member(user: Person, household: Household) -> bool:
    return households_for(user).filter(pk=household.pk).exists()


@rules.predicate
def leads_district(user: Person, district: District) -> bool:
    return district.pk in district_ids(user, Role.DISTRICT_LEAD)


@rules.predicate
def runs_school(user: Person, school: School) -> bool:
    return school.pk in school_ids(user, Role.SCHOOL_COORDINATOR) or school.district_id in district_ids(
        user, Role.DISTRICT_LEAD
    )


@rules.predicate
def teaches_or_runs_school(user: Person, school: School) -> bool:
    return school.pk in school_ids(user, Role.SCHOOL_COORDINATOR, Role.EDUCATOR) or school.district_id in district_ids(
        user, Role.DISTRICT_LEAD
    )


@rules.predicate
def runs_household_school(user: Person, household: Household) -> bool:
    """Leads the household's district, or coordinates a school one of its children attends."""
    if household.district_id in district_ids(user, Role.DISTRICT_LEAD):
        return True
    coordinated = school_ids(user, Role.SCHOOL_COORDINATOR)
    return (
        bool(coordinated)
        and household.students.filter(school_id__in=coordinated, status="enrolled", anonymized_at__isnull=True).exists()
    )


school_staff_for_student = leads_student_district | coordinates_student_school | serves_student

rules.add_perm("families.view_student", is_enrolled & school_staff_for_student)
rules.add_perm(
    "families.view_student_flags",
    is_enrolled & (leads_student_district | coordinates_student_school | specialist_for_student | is_family_of),
)
rules.add_perm("families.view_plan", is_enrolled & (school_staff_for_student | is_family_of))
rules.add_perm("families.change_plan", is_enrolled & (school_staff_for_student | is_family_of))
sees_consents = is_enrolled & (school_staff_for_student | is_family_of | adult_student_self)


@rules.predicate
def sees_consents_of_consent(user: Person, consent: Consent) -> bool:
    """A consent's scan is shown to exactly those who see the student's consents."""
    return bool(sees_consents.test(user, consent.student))


rules.add_perm("families.view_consents", sees_consents)
rules.add_perm("families.view_consent_scan", sees_consents_of_consent)
rules.add_perm("families.give_consent", is_enrolled & consenting_person)
rules.add_perm("families.record_paper_consent", is_enrolled & (leads_student_district | coordinates_student_school))
rules.add_perm("families.record_legal_basis", is_enrolled & (leads_student_district | coordinates_student_school))
rules.add_perm("families.share_student", is_enrolled & (leads_student_district | coordinates_student_school))
rules.add_perm("families.withdraw_consent", consenting_person_of_consent | school_lead_of_consent)
rules.add_perm("families.end_legal_basis", school_lead_of_basis)
rules.add_perm("families.view_disclosures", school_staff_for_student | is_family_of | adult_student_self)
rules.add_perm("families.change_profile", is_household_member)
rules.add_perm("families.view_needs_registry", runs_school)
rules.add_perm("families.view_school_students", teaches_or_runs_school)
rules.add_perm("families.export_disclosures", leads_district)
rules.add_perm("families.sync_roster", leads_district)
# Family accounts: who invites families, prints their letters, links and unlinks their accounts.
rules.add_perm("families.manage_household", runs_household_school)
rules.add_perm("families.invite_families", runs_school)
rules.add_perm("families.print_letters", runs_school)


@rules.predicate
def runs_conversation_school(user: Person, conversation: Conversation) -> bool:
    """Coordinates the conversation's school, or leads its district."""
    return conversation.school_id in school_ids(user, Role.SCHOOL_COORDINATOR) or (
        conversation.district_id in district_ids(user, Role.DISTRICT_LEAD)
    )


@rules.predicate
def is_conversation_family(user: Person, conversation: Conversation) -> bool:
    return households_for(user).filter(pk=conversation.household_id).exists()


rules.add_perm("families.write_to_families", runs_school)
rules.add_perm("families.view_conversation", runs_conversation_school | is_conversation_family)
rules.add_perm("families.close_conversation", runs_conversation_school)


@rules.predicate
def runs_group_message_school(user: Person, message: GroupMessage) -> bool:
    """Coordinates the school the group message was sent from, or leads its district."""
    return message.school_id in school_ids(user, Role.SCHOOL_COORDINATOR) or (
        message.district_id in district_ids(user, Role.DISTRICT_LEAD)
    )


rules.add_perm("families.view_group_message", runs_group_message_school)
