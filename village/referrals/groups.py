"""The student groups fairness and outcome tables are broken down by (a student may be in several)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

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
