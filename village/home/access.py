"""Fetch-and-authorise helpers for the school page and the schools a person may open."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from village.accounts.models import Role, User
from village.accounts.predicates import district_ids, school_ids
from village.families.access import family_school_ids
from village.home.worklist import Scope, educator_scope, school_scope
from village.lib.access import get_authorized
from village.orgs.models import School


def access_school_page(user: User | AnonymousUser, pk: int) -> School:
    """A school the person may open (404 alike for missing and forbidden)."""
    return get_authorized(user, School.objects.select_related("district__region"), "home.view_school", pk=pk)


def visible_schools(user: User | AnonymousUser) -> QuerySet[School]:
    """Schools the person may open, matching `home.view_school`."""
    return School.objects.filter(
        Q(district_id__in=district_ids(user, Role.DISTRICT_LEAD))
        | Q(pk__in=school_ids(user))
        | Q(pk__in=family_school_ids(user))
    ).select_related("district")


def access_worklist(user: User, pk: int) -> tuple[School, Scope]:
    """A school's worklist and whose items in it the person sees: the whole school for its
    coordinators and its district's lead, the students they serve for its educators."""
    school = get_authorized(user, School.objects.select_related("district"), "home.view_worklist", pk=pk)
    whole = school.pk in school_ids(user, Role.SCHOOL_COORDINATOR) or school.district_id in district_ids(
        user, Role.DISTRICT_LEAD
    )
    return school, school_scope([school.pk]) if whole else educator_scope(user, [school.pk])
