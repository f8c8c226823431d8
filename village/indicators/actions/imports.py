"""Storing imported figures: checked plans of values (school or student grain), Ed-Fi attendance, the cube."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from village.accounts.models import User
from village.audit.actions import record
from village.indicators import cube
from village.indicators.edfi import AttendancePlan
from village.indicators.grains import Overlap
from village.indicators.imports import ValuesPlan
from village.indicators.models import Indicator, Period, StudentValue, Value
from village.orgs.models import District


def import_values(actor: User, district: District, plan: ValuesPlan) -> int:
    """Save a checked plan of figures in one transaction; returns how many rows were stored.

    School-grain figures replace the school's figure for that indicator, period and group;
    student-grain figures replace those students' rows and the cube is rebuilt for what they touch.
    """
    if not plan.ok:
        raise ValueError("A plan with rejected rows is never applied: check `ok` first.")
    if plan.student_values:
        return _import_student_values(actor, district, plan)
    now = timezone.now()
    with transaction.atomic():
        _remove_other_grain(plan.replaced, per_student=False)
        for value in plan.values:
            Value.objects.update_or_create(
                indicator=value.indicator,
                period=value.period,
                school=value.school,
                group=value.group,
                defaults={
                    "district": district,
                    "numerator": value.numerator,
                    "denominator": value.denominator,
                    "students": value.students,
                    "source": "import",
                    "updated_at": now,
                },
            )
        record(
            actor, "indicators.values.imported", None, district_id=district.pk, file=plan.name, rows=len(plan.values)
        )
    return len(plan.values)


def _import_student_values(actor: User, district: District, plan: ValuesPlan) -> int:
    planned = plan.student_values
    with transaction.atomic():
        _remove_other_grain(plan.replaced, per_student=True)
        touched: dict[int, set[int]] = {}
        indicators: dict[int, Indicator] = {}
        for value in planned:
            touched.setdefault(value.indicator.pk, set()).add(value.period.pk)
            indicators[value.indicator.pk] = value.indicator
        for indicator_id, period_ids in touched.items():
            StudentValue.objects.filter(
                indicator_id=indicator_id,
                period_id__in=period_ids,
                student_id__in=[v.student_id for v in planned if v.indicator.pk == indicator_id],
            ).delete()
        StudentValue.objects.bulk_create(
            [
                StudentValue(
                    district=district,
                    indicator=v.indicator,
                    period=v.period,
                    school_id=v.school_id,
                    student_id=v.student_id,
                    numerator=v.numerator,
                    denominator=v.denominator,
                )
                for v in planned
            ],
            batch_size=2000,
        )
        for indicator_id, period_ids in touched.items():
            rebuild_cube(indicators[indicator_id], list(Period.objects.filter(pk__in=period_ids)))
        record(actor, "indicators.values.imported", None, district_id=district.pk, file=plan.name, rows=len(planned))
    return len(planned)


def _remove_other_grain(overlaps: Iterable[Overlap], *, per_student: bool) -> None:
    """The figures a plan replaces at the other grain (`grains`): imported school totals before
    student rows, or student rows and their sums before school totals."""
    for overlap in overlaps:
        where = {"indicator": overlap.indicator, "period": overlap.period, "school": overlap.school}
        if per_student:
            Value.objects.filter(source="import", **where).delete()
        else:
            StudentValue.objects.filter(**where).delete()
            Value.objects.filter(source="student", **where).delete()


def rebuild_cube(indicator: Indicator, periods: Sequence[Period] | None = None) -> int:
    """Replace the indicator's values for these periods (all when None) by the student-period sums."""
    found = cube.sums(indicator, periods)
    now = timezone.now()
    with transaction.atomic():
        stale = Value.objects.filter(indicator=indicator, source="student")
        if periods is not None:
            stale = stale.filter(period__in=periods)
        stale.delete()
        Value.objects.bulk_create(
            [
                Value(
                    district_id=indicator.district_id,
                    indicator=indicator,
                    period_id=period_id,
                    school_id=school_id,
                    group=group,
                    numerator=n,
                    denominator=d,
                    students=c,
                    source="student",
                    updated_at=now,
                )
                for (period_id, school_id, group), (n, d, c) in found.items()
            ],
            batch_size=2000,
        )
    return len(found)


def import_attendance(actor: User, district: District, plan: AttendancePlan) -> int:
    """Replace the attendance figures of the schools the file speaks for, for its period; returns how many."""
    if not plan.ok or plan.indicator is None:
        raise ValueError("A plan with rejected rows is never applied: check `ok` first.")
    now = timezone.now()
    with transaction.atomic():
        _remove_other_grain(plan.replaced, per_student=False)
        Value.objects.filter(indicator=plan.indicator, period=plan.period, school_id__in=plan.in_file).delete()
        Value.objects.bulk_create(
            [
                Value(
                    district=district,
                    indicator=plan.indicator,
                    period=plan.period,
                    school_id=school_id,
                    group=group,
                    numerator=round(num),
                    denominator=int(den),
                    students=int(count),
                    source="import",
                    updated_at=now,
                )
                for (school_id, group), (num, den, count) in plan.sums.items()
            ]
        )
        record(
            actor,
            "indicators.attendance.imported",
            plan.period,
            district_id=district.pk,
            file=plan.name,
            events=plan.rows,
        )
    return len(plan.sums)
