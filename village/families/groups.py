"""The student groups fairness and outcome tables are broken down by (a student may be in several)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Each group is the students with any of these flags set. `GROUPS` tests a student in Python and
# `group_filter` in the database, both from this one table.
FIELDS: dict[str, tuple[str, ...]] = {
    "iep_504": ("has_iep", "has_504"),
    "english_learner": ("english_learner",),
    "economically_disadvantaged": ("economically_disadvantaged",),
    "homeless_or_foster": ("homeless", "foster_care"),
}
STUDENT_FLAGS: tuple[str, ...] = tuple(f for fields in FIELDS.values() for f in fields)


def _member(code: str) -> Callable[[object], bool]:
    return lambda s: any(getattr(s, f) for f in FIELDS[code])


GROUPS: Sequence[tuple[str, str | Promise, Callable[[object], bool]]] = (
    ("iep_504", _("Students with an IEP or 504 plan"), _member("iep_504")),
    ("english_learner", _("English learners"), _member("english_learner")),
    ("economically_disadvantaged", _("Economically disadvantaged"), _member("economically_disadvantaged")),
    (
        "homeless_or_foster",
        _("Experiencing homelessness or in foster care"),
        _member("homeless_or_foster"),
    ),
)
ALL: tuple[str, str | Promise, Callable[[object], bool]] = ("all", _("All applicants"), lambda s: True)
LABELS = {code: label for code, label, _is_member in (ALL, *GROUPS)}


def group_filter(code: str, prefix: str = "") -> Q:
    """The same groups as a database filter on a student (`prefix` reaches the student, e.g. "student__")."""
    found = Q()
    for name in FIELDS[code]:
        found |= Q(**{f"{prefix}{name}": True})
    return found
