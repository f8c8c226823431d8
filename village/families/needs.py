"""Needs from a screening, typed in a form set or uploaded as CSV, checked into a plan (no writes).

Every row is checked against the school's students and Village's need categories and
urgencies; `village.families.actions.add_needs_in_bulk` saves a plan with no rejected rows,
all rows together or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from village.families.models import Student
from village.families.vocab import NeedCategory, Urgency
from village.orgs.models import School


@dataclass(frozen=True)
class NeedRow:
    student: Student
    category: str
    urgency: str
    description: str
    source: str


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    reason: str


@dataclass
class NeedPlan:
    rows: list[NeedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def plan_needs(school: School, rows: Iterable[Mapping[str, object]], source: str) -> NeedPlan:
    """Check rows (numbered from 1) of student_id, category, urgency (routine when blank) and description."""
    rows = list(rows)
    ids = {str(r.get("student_id", "")).strip() for r in rows}
    students = {
        s.local_id: s for s in Student.objects.filter(school=school, local_id__in=ids, anonymized_at__isnull=True)
    }
    plan = NeedPlan()
    for number, r in enumerate(rows, start=1):
        sid = str(r.get("student_id", "")).strip()
        category, urgency = str(r.get("category", "")).strip(), str(r.get("urgency", "") or "routine").strip()
        if sid not in students:
            plan.errors.append(RowError(number, "student_id", _("No student with this ID at this school.")))
        elif category not in NeedCategory.values:
            plan.errors.append(RowError(number, "category", _("Unknown need category.")))
        elif urgency not in Urgency.values:
            plan.errors.append(RowError(number, "urgency", _("Unknown urgency.")))
        else:
            description = str(r.get("description", "") or "")
            plan.rows.append(NeedRow(students[sid], category, urgency, description, source))
    return plan
