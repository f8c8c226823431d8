"""Figures at two grains, never both for one school: school totals, or student rows summed by Village.

A school's figures for an indicator and period come either from a file of school totals (or the
Ed-Fi attendance file), or from student rows that Village sums (`cube`). An import at one grain
for a school that already has figures at the other would leave both, and the sums would collide
with the totals. So an import finds those schools first (`other_grain`), and the person chooses:
refuse the file, naming each school, or replace the other grain's figures (the action removes
them in the same transaction as it writes, `actions.imports`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from village.indicators.models import Indicator, Period, StudentValue, Value
from village.lib.imports import ImportReport, Rejection
from village.orgs.models import School

REFUSE, REPLACE = "refuse", "replace"

SCHOOL_TOTALS = gettext_noop(
    "%(school)s already has figures of the indicator “%(indicator)s” for %(period)s imported as school "
    "totals. Nothing was saved: choose “Replace them” to use this file's student rows instead."
)
STUDENT_ROWS = gettext_noop(
    "%(school)s already has figures of the indicator “%(indicator)s” for %(period)s summed from student "
    "rows. Nothing was saved: choose “Replace them” to use this file's school totals instead."
)
REPLACED_TOTALS = gettext_noop(
    "%(school)s: the school totals of the indicator “%(indicator)s” for %(period)s are replaced."
)
REPLACED_ROWS = gettext_noop(
    "%(school)s: the student rows of the indicator “%(indicator)s” for %(period)s are replaced."
)


@dataclass(frozen=True)
class Overlap:
    """A school with figures at the other grain for an indicator and period the import writes."""

    indicator: Indicator
    period: Period
    school: School


def other_grain(keys: Iterable[tuple[Indicator, Period, int]], *, per_student: bool) -> list[Overlap]:
    """The (indicator, period, school id) among `keys` that already have figures at the other grain:
    imported school totals when the import is per student, student rows when it is not."""
    wanted = {(i.pk, p.pk, s): (i, p) for i, p, s in keys}
    if not wanted:
        return []
    indicators = {i for i, _p, _s in wanted}
    periods = {p for _i, p, _s in wanted}
    schools = {s for _i, _p, s in wanted}
    where = {"indicator_id__in": indicators, "period_id__in": periods, "school_id__in": schools}
    columns = ("indicator_id", "period_id", "school_id")
    if per_student:
        hits = set(Value.objects.filter(source="import", **where).values_list(*columns))
    else:
        hits = set(StudentValue.objects.filter(**where).values_list(*columns))
    by_pk = School.objects.in_bulk({s for _i, _p, s in hits})
    return [Overlap(*wanted[key], by_pk[key[2]]) for key in sorted(hits & set(wanted))]


def report_overlaps(
    report: ImportReport, name: str, overlaps: list[Overlap], *, per_student: bool, replace: bool
) -> None:
    """Each overlap as a file-level rejection (refuse) or a note of what is replaced (replace)."""
    for overlap in overlaps:
        params: dict[str, str | int] = {
            "school": overlap.school.name,
            "indicator": overlap.indicator.code,  # as the file names it, in every language
            "period": overlap.period.label,
        }
        if replace:
            report.note(REPLACED_TOTALS if per_student else REPLACED_ROWS, **params)
        else:
            reason = SCHOOL_TOTALS if per_student else STUDENT_ROWS
            report.reject(Rejection(name, 0, "", "other_grain", overlap.school.name, reason, params))
