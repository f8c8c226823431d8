"""Needs from a screening, typed in a form set or uploaded as CSV, checked into a plan (no writes).

Every row is checked against the school's students and Village's need categories and
urgencies; `village.families.actions.add_needs_in_bulk` saves a plan with no rejected rows,
all rows together or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.files import File
from django.utils.translation import gettext_noop

from village.families.models import Student
from village.families.vocab import NeedCategory, Urgency
from village.lib.imports import ImportReport, Rejection, read_csv
from village.orgs.models import School


@dataclass(frozen=True)
class NeedRow:
    student: Student
    category: str
    urgency: str
    description: str
    source: str


@dataclass
class NeedPlan:
    rows: list[NeedRow] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)

    @property
    def ok(self) -> bool:
        return not self.report.rejections

    def errors(self) -> list[dict[str, object]]:
        """Each rejected row's number, field and reason in the reader's language, as the page lists them."""
        return [{"row": r.row, "field": r.field, "reason": r.message()} for r in self.report.rejections]

    def reject(self, row: int, column: str, reason: str, value: str) -> None:
        self.report.reject(Rejection("", row, column, column, value, reason))


def read_upload(upload: File[bytes]) -> list[dict[str, str]]:
    """The rows of an uploaded CSV file by column; raises `UnreadableFile` when it cannot be read."""
    table = read_csv(upload.read(), upload.name or "")
    header = [h for h in table.header if h]
    return [{column: row.values.get(column, "") for column in header} for row in table]


def plan_needs(school: School, rows: Iterable[Mapping[str, object]], source: str) -> NeedPlan:
    """Check rows of student_id, category, urgency (routine when blank) and description.

    Rows are numbered from 1: the first row typed, or the first row under the file's header."""
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
            plan.reject(number, "student_id", gettext_noop("No student with this ID at this school."), sid)
        elif category not in NeedCategory.values:
            plan.reject(number, "category", gettext_noop("Unknown need category."), category)
        elif urgency not in Urgency.values:
            plan.reject(number, "urgency", gettext_noop("Unknown urgency."), urgency)
        else:
            description = str(r.get("description", "") or "")
            plan.rows.append(NeedRow(students[sid], category, urgency, description, source))
    return plan
