"""Fetch-and-authorise helpers for volunteering (404 alike for missing and forbidden)."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet
from django.http import Http404

from village.accounts.models import Role, User
from village.accounts.predicates import organization_ids
from village.community.mentoring import waiting_referrals
from village.community.models import CheckIn, HoursLog, MentoringProgram, Opportunity, Pair, Signup, Volunteer
from village.community.rules import staff_school_ids
from village.lib.access import get_authorized
from village.orgs.models import School
from village.referrals.models import Referral


def access_poster_school(user: User, pk: int) -> School:
    """A school where the person may post volunteer opportunities."""
    return get_authorized(user, School.objects.select_related("district"), "community.post_at", pk=pk)


def _opportunities() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related("school", "district", "organization", "partnership")


def access_opportunity(user: User, pk: int) -> Opportunity:
    return get_authorized(user, _opportunities(), "community.manage", pk=pk)


def managed_at(user: User, school: School) -> QuerySet[Opportunity]:
    """The school's opportunities the person manages (all of them for its staff, their own for partners)."""
    at_school = _opportunities().filter(school=school)
    if school.pk in staff_school_ids(user):
        return at_school
    return at_school.filter(organization_id__in=organization_ids(user, Role.PARTNER_STAFF))


def open_at(school: School) -> QuerySet[Opportunity]:
    """What anyone may see: the school's opportunities still taking sign-ups."""
    return _opportunities().filter(school=school, is_open=True)


def any_school(pk: int) -> School:
    school = School.objects.select_related("district").filter(pk=pk).first()
    if school is None:
        raise Http404
    return school


def opportunity_by_token(token: str) -> Opportunity:
    """The sign-up page behind an opportunity's link (open to anyone holding it)."""
    opportunity = _opportunities().filter(token=token).first()
    if opportunity is None:
        raise Http404
    return opportunity


def volunteer_by_link(token: str) -> Volunteer:
    volunteer = Volunteer.objects.filter(link_hash=hashlib.sha256(token.encode()).hexdigest()).first()
    if volunteer is None:
        raise Http404
    return volunteer


def access_signup(user: User, pk: int) -> Signup:
    """A sign-up to an opportunity the person manages."""
    signup = Signup.objects.select_related("opportunity__school", "volunteer").filter(pk=pk).first()
    if signup is None or not user.has_perm("community.manage", signup.opportunity):
        raise Http404
    return signup


def access_hours(user: User, pk: int) -> HoursLog:
    log = HoursLog.objects.select_related("signup__opportunity__partnership", "signup__volunteer").filter(pk=pk).first()
    if log is None or not user.has_perm("community.manage", log.signup.opportunity):
        raise Http404
    return log


def volunteer_signup(volunteer: Volunteer, pk: int) -> Signup:
    signup = volunteer.signups.select_related("opportunity__school").filter(pk=pk).first()
    if signup is None:
        raise Http404
    return signup


# --- Mentoring --------------------------------------------------------------------------------


def access_program(user: User, pk: int) -> MentoringProgram:
    return get_authorized(
        user,
        MentoringProgram.objects.select_related("school", "service", "organization"),
        "community.run_program",
        pk=pk,
    )


def programs_run_at(user: User, school: School) -> QuerySet[MentoringProgram]:
    """The school's mentoring programs the person runs (all for its staff, their organization's for partners)."""
    at_school = MentoringProgram.objects.filter(school=school).select_related("organization", "service")
    if school.pk in staff_school_ids(user):
        return at_school
    return at_school.filter(organization_id__in=organization_ids(user, Role.PARTNER_STAFF))


def access_pair(user: User, pk: int) -> Pair:
    pair = Pair.objects.select_related("program__school", "mentor__volunteer", "mentee__referral__student").filter(
        pk=pk
    )
    found = pair.first()
    if found is None or not user.has_perm("community.run_program", found.program):
        raise Http404
    return found


def access_check_in(user: User, pk: int) -> CheckIn:
    check_in = CheckIn.objects.select_related("pair__program").filter(pk=pk).first()
    if check_in is None or not user.has_perm("community.run_program", check_in.pair.program):
        raise Http404
    return check_in


def program_referral(program: MentoringProgram, pk: int) -> Referral:
    """An open referral to the program's service (the person already runs the program)."""
    referral = waiting_referrals(program).filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral


def mentor_pair(volunteer: Volunteer, pk: int) -> Pair:
    """One of the mentor's own active matches (through their private link)."""
    pair = (
        Pair.objects.select_related("program", "mentee__referral__student__household", "mentor")
        .filter(pk=pk, mentor__volunteer=volunteer, ended_on__isnull=True)
        .first()
    )
    if pair is None:
        raise Http404
    return pair


def check_in_by_token(token: str) -> CheckIn:
    check_in = (
        CheckIn.objects.select_related("pair__program", "pair__mentee__referral__student").filter(token=token).first()
    )
    if check_in is None:
        raise Http404
    return check_in
