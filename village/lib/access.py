"""The one fetch-and-authorise helper every app's access.py builds on."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404


def get_authorized[M: Model](user: Any, queryset: QuerySet[M], perm: str, **lookup: Any) -> M:
    """Return the object, or raise 404 alike when it is missing and when `user` lacks `perm` on it.

    Answering 404 for "forbidden" as well keeps people from learning which objects exist.
    """
    obj = queryset.filter(**lookup).first()
    if obj is None or not user.has_perm(perm, obj):
        raise Http404
    return obj
