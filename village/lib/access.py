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
    if any(isinstance(v, int) and not is_row_id(v) for v in lookup.values()):
        raise Http404  # an id no database integer holds (a 30-digit path): nothing to find
    obj = queryset.filter(**lookup).first()
    if obj is None or not user.has_perm(perm, obj):
        raise Http404
    return obj


# The largest id a database integer column holds (PostgreSQL bigint, SQLite INTEGER).
MAX_ROW_ID = 2**63 - 1


def is_row_id(value: int) -> bool:
    """Whether the value can be a row's id: a positive integer a database column can hold."""
    return 0 < value <= MAX_ROW_ID


def parse_row_id(raw: str | None) -> int | None:
    """The id written in a query or form parameter, or None when it is not one (letters,
    non-ASCII digits such as `²`, a sign, or more digits than any id)."""
    if not raw or not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if is_row_id(value) else None
