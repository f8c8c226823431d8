"""Reading imported indicator values from CSV or XLSX into a plan, with per-row problems (no writes).

One row is one figure at the finest grain: indicator (its short code), school (name or SIS
id), period (its name), student group (blank for all students), numerator, denominator and,
optionally, how many students the figure is about (the denominator when left blank). A file
with a `student` column holds rows at the student-period grain instead: indicator, student
(the roster's student ID), period, numerator, denominator. Every row is checked first;
`village.indicators.actions.import_values` saves a plan only when no row has a problem, so an
import is never half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from village.indicators.grains import Overlap, other_grain, report_overlaps
from village.indicators.models import ALL_STUDENTS, Indicator, Period
from village.indicators.starter import EVERY_GROUP
from village.indicators.vocab import Source, Unit
from village.lib.import_rows import problems_by_row
from village.lib.imports import ImportReport, Param, Rejection, Table, UnreadableFile, read_table
from village.orgs.models import District, School

REQUIRED = ("indicator", "school", "period", "numerator", "denominator")
REQUIRED_PER_STUDENT = ("indicator", "student", "period", "numerator", "denominator")
MISSING_COLUMNS = gettext_noop("Missing columns: %(columns)s.")


@dataclass(frozen=True)
class PlannedValue:
    """A figure for a school and student group, replacing any the school has for that indicator and period."""

    indicator: Indicator
    period: Period
    school: School
    group: str
    numerator: int
    denominator: int
    students: int


@dataclass(frozen=True)
class PlannedStudentValue:
    """One student's figure; the school's figures are then summed from these (see `cube`)."""

    indicator: Indicator
    period: Period
    school_id: int
    student_id: int
    numerator: int
    denominator: int


@dataclass
class ValuesPlan:
    """What an import would write and every problem found; `rows` counts the rows read."""

    name: str
    dry_run: bool
    replace: bool = False  # replace figures a school has at the other grain (`grains`), or refuse
    report: ImportReport = field(default_factory=ImportReport)
    rows: int = 0
    values: list[PlannedValue] = field(default_factory=list)
    student_values: list[PlannedStudentValue] = field(default_factory=list)
    replaced: list[Overlap] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.report.rejections

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(row, its problems in the reader's language); row 0 is the file itself."""
        return problems_by_row(self.report)

    @property
    def notes(self) -> list[str]:
        return [note.message() for note in self.report.notes]

    def problem(self, row: int, column: str, code: str, reason: str, cell: str = "", /, **params: Param) -> None:
        """Reject a row: `cell` is the value refused, `params` fill the reason's placeholders."""
        self.report.reject(Rejection(self.name, row, column, code, cell, reason, params))


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
    plan: ValuesPlan, number: int, row: dict[str, str], indicators: dict[str, Indicator], periods: dict[str, Period]
) -> Figure:
    """The checks both grains share; each problem is added to the plan's report."""
    indicator = indicators.get(row["indicator"])
    if indicator is None:
        plan.problem(
            number,
            "indicator",
            "unknown_indicator",
            gettext_noop("no indicator has the code “%(value)s”"),
            row["indicator"],
            value=row["indicator"],
        )
    elif indicator.source != Source.IMPORT:
        plan.problem(
            number,
            "indicator",
            "computed_indicator",
            gettext_noop("“%(name)s” is computed by Village from its own records and cannot be imported"),
            row["indicator"],
            name=str(indicator),
        )
    period = periods.get(row["period"].casefold())
    if period is None:
        plan.problem(
            number,
            "period",
            "unknown_period",
            gettext_noop("no period is called “%(value)s”"),
            row["period"],
            value=row["period"],
        )
    numerator, denominator = _whole(row["numerator"]), _whole(row["denominator"])
    if numerator is None:
        plan.problem(
            number,
            "numerator",
            "bad_numerator",
            gettext_noop("the numerator “%(value)s” is not a whole number of zero or more"),
            row["numerator"],
            value=row["numerator"],
        )
    if denominator is None:
        plan.problem(
            number,
            "denominator",
            "bad_denominator",
            gettext_noop("the denominator “%(value)s” is not a whole number of zero or more"),
            row["denominator"],
            value=row["denominator"],
        )
    elif denominator == 0:
        plan.problem(
            number,
            "denominator",
            "zero_denominator",
            gettext_noop("the denominator is zero: there is nothing to divide by"),
            row["denominator"],
        )
    percent = indicator is not None and indicator.unit == Unit.PERCENT
    if percent and numerator is not None and denominator and numerator > denominator:
        # The counts are written as the file wrote them (no thousands separators), hence strings.
        plan.problem(
            number,
            "numerator",
            "over_100",
            gettext_noop("the numerator %(numerator)s is larger than the denominator %(denominator)s (over 100%%)"),
            row["numerator"],
            numerator=str(numerator),
            denominator=str(denominator),
        )
    return Figure(indicator, period, numerator, denominator)


def _rows(table: Table) -> list[tuple[int, dict[str, str]]]:
    """Each row's number and its cells by lower-case column name (a short row's missing cells are empty)."""
    header = [h for h in table.header if h]
    return [(row.number, {h.lower(): row.values.get(h, "") for h in header}) for row in table]


def plan_values(district: District, name: str, content: bytes, *, dry_run: bool, replace: bool = False) -> ValuesPlan:
    """Read and check a file of figures at either grain; nothing is written.

    A school with figures for the same indicator and period at the other grain refuses the
    file, naming the school, unless `replace` (then the plan lists what it replaces)."""
    plan = ValuesPlan(name=name, dry_run=dry_run, replace=replace)
    try:
        table = read_table(content, name)
    except UnreadableFile as exc:
        plan.report.reject(exc.rejection(name))  # the reason: its encoding, its size, not a table
        return plan
    headers = [h.lower() for h in table.header]
    per_student = "student" in headers
    missing = [c for c in (REQUIRED_PER_STUDENT if per_student else REQUIRED) if c not in headers]
    if missing:
        plan.problem(0, "", "missing_column", MISSING_COLUMNS, columns=", ".join(missing))
        return plan
    indicators = {i.code: i for i in Indicator.objects.filter(district=district)}
    periods = {p.label.casefold(): p for p in Period.objects.filter(district=district)}
    if per_student:
        _plan_student_values(plan, district, table, indicators, periods)
        keys = [(v.indicator, v.period, v.school_id) for v in plan.student_values]
    else:
        _plan_school_values(plan, district, table, indicators, periods)
        keys = [(v.indicator, v.period, v.school.pk) for v in plan.values]
    if plan.ok:
        plan.replaced = other_grain(keys, per_student=per_student)
        report_overlaps(plan.report, name, plan.replaced, per_student=per_student, replace=replace)
    return plan


def _plan_school_values(
    plan: ValuesPlan, district: District, table: Table, indicators: dict[str, Indicator], periods: dict[str, Period]
) -> None:
    schools: dict[str, School] = {}
    for each in district.schools.all():
        schools[each.name.casefold()] = each
        if each.sis_id:
            schools[each.sis_id.casefold()] = each
    seen: set[tuple[int, int, int, str]] = set()
    for number, row in _rows(table):
        plan.rows += 1
        before = len(plan.report.rejections)
        figure = _check_figure(plan, number, row, indicators, periods)
        school = schools.get(row["school"].casefold())
        if school is None:
            plan.problem(
                number,
                "school",
                "unknown_school",
                gettext_noop("no school in the district is called or numbered “%(value)s”"),
                row["school"],
                value=row["school"],
            )
        group = row.get("group", "") or ALL_STUDENTS
        if group != ALL_STUDENTS and group not in EVERY_GROUP:
            plan.problem(
                number,
                "group",
                "unknown_group",
                gettext_noop("the student group “%(value)s” is not one of: %(groups)s"),
                group,
                value=group,
                groups=", ".join([ALL_STUDENTS, *EVERY_GROUP]),
            )
        students = _whole(row.get("students", "")) if row.get("students") else figure.denominator
        if row.get("students") and students is None:
            plan.problem(
                number,
                "students",
                "bad_students",
                gettext_noop("the number of students “%(value)s” is not a whole number"),
                row["students"],
                value=row["students"],
            )
        indicator, period = figure.indicator, figure.period
        if indicator is not None and school is not None and period is not None:
            key = (indicator.pk, period.pk, school.pk, group)
            if key in seen:
                plan.problem(
                    number,
                    "",
                    "duplicate",
                    gettext_noop("this indicator, school, period and group already appear in an earlier row"),
                )
            seen.add(key)
        if len(plan.report.rejections) > before:
            continue
        assert indicator and school and period and figure.numerator is not None and figure.denominator
        assert students is not None
        plan.values.append(
            PlannedValue(indicator, period, school, group, figure.numerator, figure.denominator, students)
        )


def _plan_student_values(
    plan: ValuesPlan, district: District, table: Table, indicators: dict[str, Indicator], periods: dict[str, Period]
) -> None:
    """Rows at the student-period grain: stored per student and summed into the cube."""
    students = dict(district.students.values_list("local_id", "pk"))
    schools = dict(district.students.values_list("pk", "school_id"))
    seen: set[tuple[int, int, int]] = set()
    for number, row in _rows(table):
        plan.rows += 1
        before = len(plan.report.rejections)
        figure = _check_figure(plan, number, row, indicators, periods)
        student = students.get(row["student"])
        if student is None:
            plan.problem(
                number,
                "student",
                "unknown_student",
                gettext_noop("no student in the district has the ID “%(value)s”"),
                row["student"],
                value=row["student"],
            )
        indicator, period = figure.indicator, figure.period
        if indicator is not None and student is not None and period is not None:
            key = (indicator.pk, period.pk, student)
            if key in seen:
                plan.problem(
                    number,
                    "",
                    "duplicate",
                    gettext_noop("this indicator, student and period already appear in an earlier row"),
                )
            seen.add(key)
        if len(plan.report.rejections) > before:
            continue
        assert indicator and period and student and figure.numerator is not None and figure.denominator
        plan.student_values.append(
            PlannedStudentValue(indicator, period, schools[student], student, figure.numerator, figure.denominator)
        )
