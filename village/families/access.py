"""Who may see which households and students. The foundation's rules; the families work extends them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from village.families.models import Household, Student

_CACHE_ATTR = "_village_family_school_ids"


def households_for(user: Any) -> QuerySet[Household]:
    """The households a family member signs in for."""
    if not user.is_authenticated:
        return Household.objects.none()
    return Household.objects.filter(members__user=user).select_related("district")


def children_for(user: Any) -> QuerySet[Student]:
    """Students in the person's households."""
    if not user.is_authenticated:
        return Student.objects.none()
    return Student.objects.filter(household__members__user=user).select_related("school", "household")


def family_school_ids(user: Any) -> set[int]:
    """Schools the person's children attend (cached on the user object)."""
    if not user.is_authenticated:
        return set()
    cached: set[int] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = set(children_for(user).filter(status="enrolled").values_list("school_id", flat=True))
        setattr(user, _CACHE_ATTR, cached)
    return cached
