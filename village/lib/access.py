"""The one fetch-and-authorise helper every app's access.py builds on."""

from __future__ import annotations

from typing import Protocol

from django.db.models import Model, QuerySet
from django.http import Http404


class Asker(Protocol):
    """Whoever asks: a signed-in person or a visitor (lib sits below the accounts app)."""

    def has_perm(self, perm: str, obj: Model | None = None) -> bool: ...


def get_authorized[M: Model](user: Asker, queryset: QuerySet[M], perm: str, **lookup: object) -> M:
    """Return the object, or raise 404 alike when it is missing and when `user` lacks `perm` on it.

    Answering 404 for "forbidden" as well keeps people from learning which objects exist.
    """
    obj = queryset.filter(**lookup).first()
    if obj is None or not user.has_perm(perm, obj):
        raise Http404
    return obj
