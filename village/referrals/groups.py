"""The student groups fairness and outcome tables are broken down by (a student may be in several)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

GROUPS: Sequence[tuple[str, Any, Callable[[Any], bool]]] = (
    ("iep_504", _("Students with an IEP or 504 plan"), lambda s: bool(s.has_iep or s.has_504)),
    ("english_learner", _("English learners"), lambda s: bool(s.english_learner)),
    ("economically_disadvantaged", _("Economically disadvantaged"), lambda s: bool(s.economically_disadvantaged)),
    (
        "homeless_or_foster",
        _("Experiencing homelessness or in foster care"),
        lambda s: bool(s.homeless or s.foster_care),
    ),
)
ALL: tuple[str, Any, Callable[[Any], bool]] = ("all", _("All applicants"), lambda s: True)
LABELS = {code: label for code, label, _member in (ALL, *GROUPS)}


def group_filter(code: str, prefix: str = "") -> Q:
    """The same groups as a database filter on a student (`prefix` reaches the student, e.g. "student__")."""
    fields = {
        "iep_504": ("has_iep", "has_504"),
        "english_learner": ("english_learner",),
        "economically_disadvantaged": ("economically_disadvantaged",),
        "homeless_or_foster": ("homeless", "foster_care"),
    }[code]
    found = Q()
    for name in fields:
        found |= Q(**{f"{prefix}{name}": True})
    return found
