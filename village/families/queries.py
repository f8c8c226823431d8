"""Read-only questions about a person's households, children and students, shared by `access` and `rules`.

Both `access.py` (fetch-and-authorise helpers) and `rules.py` (predicates) need them, so they
live here, below both. Nothing here writes.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from village.accounts.models import Role, User
from village.accounts.predicates import school_ids
from village.families.models import EducatorAssignment, FamilyProfile, Household, Plan, Student
from village.lib.languages import to_edfi

_CACHE_ATTR = "_village_family_school_ids"
_CHILDREN_ATTR = "_village_children_ids"
_ASSIGNED_ATTR = "_village_assigned_students"

Person = User | AnonymousUser


def households_for(user: Person) -> QuerySet[Household]:
    """The households a family member signs in for."""
    if not user.is_authenticated:
        return Household.objects.none()
    return Household.objects.filter(members__user=user).select_related("district")


def children_for(user: Person) -> QuerySet[Student]:
    """Students in the person's households."""
    if not user.is_authenticated:
        return Student.objects.none()
    return Student.objects.filter(household__members__user=user, anonymized_at__isnull=True).select_related(
        "school", "household"
    )


def children_ids(user: Person) -> set[int]:
    """Ids of the person's children (cached on the user object)."""
    if not user.is_authenticated:
        return set()
    cached: set[int] | None = getattr(user, _CHILDREN_ATTR, None)
    if cached is None:
        cached = set(children_for(user).values_list("pk", flat=True))
        setattr(user, _CHILDREN_ATTR, cached)
    return cached


def family_school_ids(user: Person) -> set[int]:
    """Schools the person's children attend (cached on the user object)."""
    if not user.is_authenticated:
        return set()
    cached: set[int] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = set(children_for(user).filter(status="enrolled").values_list("school_id", flat=True))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def assigned_students(user: Person) -> dict[int, str]:
    """student id -> assignment role for the educator's students (cached on the user object)."""
    if not user.is_authenticated:
        return {}
    cached: dict[int, str] | None = getattr(user, _ASSIGNED_ATTR, None)
    if cached is None:
        schools = school_ids(user, Role.EDUCATOR)
        cached = (
            dict(
                EducatorAssignment.objects.filter(educator=user, student__school_id__in=schools).values_list(
                    "student_id", "role"
                )
            )
            if schools
            else {}
        )
        setattr(user, _ASSIGNED_ATTR, cached)
    return cached


def plan_for(student: Student) -> Plan:
    """The student's plan; unsaved (and empty) until someone writes in it."""
    try:
        return student.plan
    except Plan.DoesNotExist:
        return Plan(student=student, district_id=student.district_id)


def profile_for(household: Household) -> FamilyProfile:
    """The household's profile, unsaved and prefilled if it has none yet."""
    try:
        return household.profile
    except FamilyProfile.DoesNotExist:
        return FamilyProfile(
            household=household, district_id=household.district_id, preferred_language=to_edfi(household.home_language)
        )


def common_home_languages(district_id: int, limit: int = 15) -> tuple[str, ...]:
    """The district's most frequent home languages (Ed-Fi codes), most frequent first."""
    counts: dict[str, int] = {}
    rows = Household.objects.filter(district_id=district_id).exclude(home_language="")
    for row in rows.values("home_language").annotate(n=Count("id")):
        code = to_edfi(row["home_language"])
        if code:
            counts[code] = counts.get(code, 0) + row["n"]
    return tuple(sorted(counts, key=lambda c: (-counts[c], c))[:limit])
