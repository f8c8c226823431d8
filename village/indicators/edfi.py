"""Daily attendance from an Ed-Fi StudentSchoolAttendance interchange (XML) into the attendance indicator.

Ed-Fi records attendance as exceptions: each `StudentSchoolAttendanceEvent` is one student's
absence, tardy or partial day at a school on a date. For a period with a known number of
school days, a student's attended days are the school days less their absence days
("... Absence" categories, weighted by `EventDuration`); students with no events attended
every day. Students are matched by `StudentUniqueId` to the student ID in Village's roster
and schools by `SchoolId` to the school's SIS id. Categories are Ed-Fi's own descriptor code
values; any other is rejected, never taken for presence. An event repeated word for word is
counted once and reported; more than a day of absence on one date, or more absence days than
the period has school days, is rejected, never clamped. `plan_attendance` reads a file into
figures at the finest grain (school × student group) without writing;
`village.indicators.actions.import_attendance` stores them like any other import. Any problem
saves nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

from defusedxml import ElementTree  # type: ignore[import-untyped]
from django.utils.translation import gettext_noop

from village.indicators.compute import FLAGS, groups_of
from village.indicators.grains import Overlap, other_grain, report_overlaps
from village.indicators.models import ALL_STUDENTS, Indicator, Period
from village.lib.import_rows import problems_by_row
from village.lib.imports import ImportReport, Param, Rejection
from village.orgs.models import District

ATTENDANCE = "attendance"

# Ed-Fi's AttendanceEventCategoryDescriptor code values (Data Standard 5), as Ed-Fi spells them:
# whether the event is an absence (its `EventDuration` counts against attended days).
EDFI_CATEGORIES = {
    "Excused Absence": True,
    "Unexcused Absence": True,
    "In Attendance": False,
    "Present": False,
    "Tardy": False,
    "Early departure": False,
    "Partial": False,
}
CATEGORIES = {code.casefold(): absence for code, absence in EDFI_CATEGORIES.items()}
KNOWN = ", ".join(EDFI_CATEGORIES)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(element: Element, *path: str) -> str:
    """The text at a path of local names, ignoring the Ed-Fi namespace."""
    node: Element | None = element
    for name in path:
        node = next((child for child in node if _local(child.tag) == name), None) if node is not None else None
    return (node.text or "").strip() if node is not None else ""


def weekdays(starts: dt.date, ends: dt.date) -> int:
    """Monday to Friday between two dates: the default count of school days in a period."""
    days = (ends - starts).days + 1
    return sum(1 for k in range(days) if (starts + dt.timedelta(days=k)).isoweekday() <= 5)


@dataclass
class AttendancePlan:
    """The attendance figures a file gives for a period, and every problem found; nothing is written.

    `sums` holds (school, group) -> [days attended, school days, students]; `in_file` the schools
    the file speaks for (their figures are replaced, others are left alone).
    """

    name: str
    dry_run: bool
    period: Period
    school_days: int
    replace: bool = False  # replace student rows a school has for the period (`grains`), or refuse
    indicator: Indicator | None = None
    report: ImportReport = field(default_factory=ImportReport)
    rows: int = 0
    sums: dict[tuple[int, str], list[Decimal]] = field(default_factory=dict)
    in_file: set[int] = field(default_factory=set)
    replaced: list[Overlap] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.report.rejections

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(event number, its problems in the reader's language); 0 is the file itself."""
        return problems_by_row(self.report)

    @property
    def notes(self) -> list[str]:
        return [note.message() for note in self.report.notes]

    @property
    def written(self) -> int:
        return len(self.sums)

    def problem(self, row: int, code: str, reason: str, **params: Param) -> None:
        self.report.reject(Rejection(self.name, row, "", code, "", reason, params))


def plan_attendance(
    district: District,
    period: Period,
    name: str,
    content: bytes,
    school_days: int,
    *,
    dry_run: bool,
    replace: bool = False,
) -> AttendancePlan:
    """Read an Ed-Fi attendance interchange into the period's figures per school and student group."""
    plan = AttendancePlan(name=name, dry_run=dry_run, period=period, school_days=school_days, replace=replace)
    plan.indicator = indicator = Indicator.objects.filter(district=district, code=ATTENDANCE).first()
    if indicator is None:
        plan.problem(
            0,
            "no_indicator",
            gettext_noop("The district has no indicator with the code “attendance”. Add the starter indicators first."),
        )
        return plan
    if school_days <= 0:
        plan.problem(0, "bad_school_days", gettext_noop("The number of school days must be at least 1."))
        return plan
    try:
        root = ElementTree.fromstring(content)
    except Exception:
        plan.problem(0, "bad_xml", gettext_noop("The file is not well-formed XML."))
        return plan
    if _local(root.tag) != "InterchangeStudentAttendance":
        plan.problem(
            0,
            "not_attendance",
            gettext_noop("This is not an Ed-Fi student attendance interchange (its root is “%(root)s”)."),
            root=_local(root.tag),
        )
        return plan
    schools = {s.sis_id: s for s in district.schools.exclude(sis_id="")}
    students = {
        row["local_id"]: row
        for row in district.students.filter(status="enrolled").values("pk", "local_id", "school_id", *FLAGS)
    }
    absent: dict[int, Decimal] = defaultdict(Decimal)
    seen: dict[tuple[str, dt.date, str, str], int] = {}  # an event word for word: its first number
    by_day: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
    outside = repeated = 0
    for number, event in enumerate((e for e in root if _local(e.tag) == "StudentSchoolAttendanceEvent"), start=1):
        plan.rows += 1
        before = len(plan.report.rejections)
        day_text = _find(event, "AttendanceEvent", "EventDate")
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            plan.problem(number, "bad_date", gettext_noop("the date “%(value)s” is not a date"), value=day_text)
            continue
        category = _find(event, "AttendanceEvent", "AttendanceEventCategory").rsplit("#", 1)[-1]
        student_id = _find(event, "StudentReference", "StudentIdentity", "StudentUniqueId")
        school_id = _find(event, "SchoolReference", "SchoolIdentity", "SchoolId")
        school = schools.get(school_id)
        if not period.starts <= day <= period.ends:
            if school is not None:
                plan.in_file.add(school.pk)
            outside += 1
            continue  # another period's event
        duration_text = _find(event, "AttendanceEvent", "EventDuration") or "1"
        key = (student_id, day, category.casefold(), duration_text)
        if key in seen:
            repeated += 1
            continue  # the same event twice: counted once (the report says how many)
        seen[key] = number
        if category.casefold() not in CATEGORIES:
            plan.problem(
                number,
                "unknown_category",
                gettext_noop("“%(value)s” is not an Ed-Fi attendance category (Village knows: %(known)s)"),
                value=category,
                known=KNOWN,
            )
        student = students.get(student_id)
        if school is not None:
            plan.in_file.add(school.pk)
        if school is None:
            plan.problem(
                number,
                "unknown_school",
                gettext_noop("no school in the district has the SIS id “%(value)s”"),
                value=school_id,
            )
        if student is None:
            plan.problem(
                number,
                "unknown_student",
                gettext_noop("no enrolled student has the ID “%(value)s”"),
                value=student_id,
            )
        elif school is not None and student["school_id"] != school.pk:
            plan.problem(
                number,
                "other_school",
                gettext_noop("student “%(student)s” is enrolled at another school in Village"),
                student=student_id,
            )
        try:
            duration = Decimal(duration_text)
        except InvalidOperation:
            duration = Decimal(-1)
        if not Decimal(0) <= duration <= Decimal(1):
            plan.problem(number, "bad_duration", gettext_noop("the event duration must be between 0 and 1 day"))
        if len(plan.report.rejections) > before:
            continue
        assert student is not None
        if CATEGORIES[category.casefold()]:
            by_day[(student_id, day)] += duration
            if by_day[(student_id, day)] > 1:
                plan.problem(
                    number,
                    "over_a_day",
                    gettext_noop("student “%(student)s” has more than one day of absence on %(date)s"),
                    student=student_id,
                    date=day.isoformat(),
                )
            over = absent[student["pk"]] > school_days
            absent[student["pk"]] += duration
            if absent[student["pk"]] > school_days and not over:  # once, at the event that goes over
                plan.problem(
                    number,
                    "over_school_days",
                    gettext_noop(
                        "student “%(student)s” has more days of absence than the period's %(days)s school days"
                    ),
                    student=student_id,
                    days=school_days,
                )
    if outside:
        plan.report.note(gettext_noop("Events outside the period, not used: %(n)s."), n=outside)
    if repeated:
        plan.report.note(
            gettext_noop("Events repeating an earlier event word for word, counted once: %(n)s."), n=repeated
        )
    if plan.report.rejections:
        return plan
    sums: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    for student in students.values():
        if student["school_id"] not in plan.in_file:
            continue
        attended = school_days - absent.get(student["pk"], Decimal(0))
        flags = tuple(bool(student[f]) for f in FLAGS)
        for code in [ALL_STUDENTS, *groups_of(flags, indicator.groups)]:
            total = sums[(student["school_id"], code)]
            total[0] += attended
            total[1] += school_days
            total[2] += 1
    plan.sums = dict(sums)
    assert indicator is not None
    plan.replaced = other_grain([(indicator, period, school) for school in plan.in_file], per_student=False)
    report_overlaps(plan.report, name, plan.replaced, per_student=False, replace=replace)
    return plan
