"""Feeding imported indicators: pre-aggregated values from CSV or XLSX, with a dry run and per-row errors.

One row is one figure at the finest grain: indicator (its short code), school (name or SIS
id), period (its name), student group (blank for all students), numerator, denominator and,
optionally, how many students the figure is about (the denominator when left blank). Every
row is checked first; any error saves nothing, so an import is never half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import tablib
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from village.audit.actions import record
from village.indicators.models import ALL_STUDENTS, Indicator, Period, Value
from village.indicators.starter import EVERY_GROUP
from village.indicators.vocab import Source, Unit
from village.orgs.models import District

REQUIRED = ("indicator", "school", "period", "numerator", "denominator")
REQUIRED_PER_STUDENT = ("indicator", "student", "period", "numerator", "denominator")


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    written: int = 0
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


def _load(name: str, content: bytes) -> tablib.Dataset:
    if name.lower().endswith(".xlsx"):
        return tablib.Dataset().load(content, format="xlsx")
    return tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")


def _whole(text: str) -> int | None:
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() else None


@dataclass
class Figure:
    """What every row names, whatever its grain: the indicator, the period and the two counts."""

    indicator: Indicator | None
    period: Period | None
    numerator: int | None
    denominator: int | None


def _check_figure(
    row: dict[str, str], indicators: dict[str, Indicator], periods: dict[str, Period], problems: list[str]
) -> Figure:
    """The checks both grains share; problems are appended in the reader's language."""
    indicator = indicators.get(row["indicator"])
    if indicator is None:
        problems.append(_("no indicator has the code “%(value)s”") % {"value": row["indicator"]})
    elif indicator.source != Source.IMPORT:
        problems.append(
            _("“%(name)s” is computed by Village from its own records and cannot be imported")
            % {"name": indicator.name}
        )
    period = periods.get(row["period"].casefold())
    if period is None:
        problems.append(_("no period is called “%(value)s”") % {"value": row["period"]})
    numerator, denominator = _whole(row["numerator"]), _whole(row["denominator"])
    if numerator is None:
        problems.append(
            _("the numerator “%(value)s” is not a whole number of zero or more") % {"value": row["numerator"]}
        )
    if denominator is None:
        problems.append(
            _("the denominator “%(value)s” is not a whole number of zero or more") % {"value": row["denominator"]}
        )
    elif denominator == 0:
        problems.append(_("the denominator is zero: there is nothing to divide by"))
    percent = indicator is not None and indicator.unit == Unit.PERCENT
    if percent and numerator is not None and denominator and numerator > denominator:
        problems.append(
            _("the numerator %(numerator)s is larger than the denominator %(denominator)s (over 100%%)")
            % {"numerator": numerator, "denominator": denominator}
        )
    return Figure(indicator, period, numerator, denominator)


def import_values(actor: Any, district: District, name: str, content: bytes, dry_run: bool) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    try:
        data = _load(name, content)
    except Exception:
        report.errors.append((0, _("The file could not be read as CSV (UTF-8) or XLSX.")))
        return report
    headers = [str(h or "").strip().lower() for h in (data.headers or [])]
    if "student" in headers:
        return _per_student(actor, district, name, data, report)
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        report.errors.append((0, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}))
        return report
    indicators = {i.code: i for i in Indicator.objects.filter(district=district)}
    periods = {p.label.casefold(): p for p in Period.objects.filter(district=district)}
    schools: dict[str, Any] = {}
    for each in district.schools.all():
        schools[each.name.casefold()] = each
        if each.sis_id:
            schools[each.sis_id.casefold()] = each
    seen: set[tuple[int, int, int, str]] = set()
    planned: list[Value] = []
    now = timezone.now()
    for number, raw in enumerate(data.dict, start=2):
        row = {str(k or "").strip().lower(): str(v if v is not None else "").strip() for k, v in raw.items()}
        report.rows += 1
        problems: list[str] = []
        figure = _check_figure(row, indicators, periods, problems)
        indicator, period, numerator, denominator = (
            figure.indicator,
            figure.period,
            figure.numerator,
            figure.denominator,
        )
        school = schools.get(row["school"].casefold())
        if school is None:
            problems.append(_("no school in the district is called or numbered “%(value)s”") % {"value": row["school"]})
        group = row.get("group", "") or ALL_STUDENTS
        if group != ALL_STUDENTS and group not in EVERY_GROUP:
            problems.append(
                _("the student group “%(value)s” is not one of: %(groups)s")
                % {"value": group, "groups": ", ".join([ALL_STUDENTS, *EVERY_GROUP])}
            )
        students = _whole(row.get("students", "")) if row.get("students") else denominator
        if row.get("students") and students is None:
            problems.append(_("the number of students “%(value)s” is not a whole number") % {"value": row["students"]})
        if indicator is not None and school is not None and period is not None:
            key = (indicator.pk, period.pk, school.pk, group)
            if key in seen:
                problems.append(_("this indicator, school, period and group already appear in an earlier row"))
            seen.add(key)
        if problems:
            report.errors.append((number, "; ".join(problems)))
            continue
        assert indicator and school and period and numerator is not None and denominator and students is not None
        planned.append(
            Value(
                district=district,
                indicator=indicator,
                period=period,
                school=school,
                group=group,
                numerator=numerator,
                denominator=denominator,
                students=students,
                source="import",
                updated_at=now,
            )
        )
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for value in planned:
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
        record(actor, "indicators.values.imported", None, district_id=district.pk, file=name, rows=len(planned))
    report.written = len(planned)
    return report


def _per_student(actor: Any, district: District, name: str, data: tablib.Dataset, report: ImportReport) -> ImportReport:
    """Rows at the student-period grain: indicator, student (the roster's student ID), period,
    numerator, denominator. They are stored per student and summed into the cube."""
    from village.indicators.cube import build
    from village.indicators.models import StudentValue

    headers = [str(h or "").strip().lower() for h in (data.headers or [])]
    missing = [c for c in REQUIRED_PER_STUDENT if c not in headers]
    if missing:
        report.errors.append((0, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}))
        return report
    indicators = {i.code: i for i in Indicator.objects.filter(district=district)}
    periods = {p.label.casefold(): p for p in Period.objects.filter(district=district)}
    students = dict(district.students.values_list("local_id", "pk"))
    schools = dict(district.students.values_list("pk", "school_id"))
    seen: set[tuple[int, int, int]] = set()
    planned: list[StudentValue] = []
    for number, raw in enumerate(data.dict, start=2):
        row = {str(k or "").strip().lower(): str(v if v is not None else "").strip() for k, v in raw.items()}
        report.rows += 1
        problems: list[str] = []
        figure = _check_figure(row, indicators, periods, problems)
        indicator, period, numerator, denominator = (
            figure.indicator,
            figure.period,
            figure.numerator,
            figure.denominator,
        )
        student = students.get(row["student"])
        if student is None:
            problems.append(_("no student in the district has the ID “%(value)s”") % {"value": row["student"]})
        if indicator is not None and student is not None and period is not None:
            key = (indicator.pk, period.pk, student)
            if key in seen:
                problems.append(_("this indicator, student and period already appear in an earlier row"))
            seen.add(key)
        if problems:
            report.errors.append((number, "; ".join(problems)))
            continue
        assert indicator and period and student and numerator is not None and denominator
        planned.append(
            StudentValue(
                district=district,
                indicator=indicator,
                period=period,
                school_id=schools[student],
                student_id=student,
                numerator=numerator,
                denominator=denominator,
            )
        )
    if report.errors or report.dry_run:
        return report
    with transaction.atomic():
        touched: dict[int, set[int]] = {}
        for value in planned:
            touched.setdefault(value.indicator_id, set()).add(value.period_id)
        for indicator_id, period_ids in touched.items():
            StudentValue.objects.filter(
                indicator_id=indicator_id,
                period_id__in=period_ids,
                student_id__in=[v.student_id for v in planned if v.indicator_id == indicator_id],
            ).delete()
        StudentValue.objects.bulk_create(planned, batch_size=2000)
        for indicator_id, period_ids in touched.items():
            indicator = next(i for i in indicators.values() if i.pk == indicator_id)
            build(indicator, list(Period.objects.filter(pk__in=period_ids)))
        record(actor, "indicators.values.imported", None, district_id=district.pk, file=name, rows=len(planned))
    report.written = len(planned)
    return report
