"""Fetch-and-authorise helpers for matching (404 alike for missing and forbidden)."""

from __future__ import annotations

from django.db.models import QuerySet

from village.accounts.models import User
from village.directory.access import access_coverage_schools
from village.families.models import Need
from village.lib.access import get_authorized
from village.matching.models import AllocationRun
from village.orgs.models import School


def access_need_for_match(user: User, pk: int) -> Need:
    """A need whose matching services the person may see (its school's staff, or the family)."""
    return get_authorized(
        user, Need.objects.select_related("student__household", "school"), "matching.match_need", pk=pk
    )


def access_allocation_school(user: User, pk: int) -> School:
    """A school whose scarce seats the person may share (its coordinators and the district's lead)."""
    return get_authorized(user, School.objects.select_related("district__region"), "matching.allocate", pk=pk)


def access_run(user: User, pk: int) -> AllocationRun:
    """An allocation run of a school whose seats the person may share."""
    return get_authorized(
        user, AllocationRun.objects.select_related("school__district"), "matching.view_allocation", pk=pk
    )


def recent_runs(school: School) -> QuerySet[AllocationRun]:
    return AllocationRun.objects.filter(school=school).select_related("created_by")[:10]


def gap_schools(user: User) -> list[School]:
    """Schools whose gap map the person may see: the same people as the coverage view (404 for nobody)."""
    return access_coverage_schools(user)
