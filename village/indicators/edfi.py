"""Daily attendance from an Ed-Fi StudentSchoolAttendance interchange (XML) into the attendance indicator.

Ed-Fi records attendance as exceptions: each `StudentSchoolAttendanceEvent` is one student's
absence, tardy or partial day at a school on a date. For a period with a known number of
school days, a student's attended days are the school days less their absence days
("... Absence" categories, weighted by `EventDuration`); students with no events attended
every day. Students are matched by `StudentUniqueId` to the student ID in Village's roster
and schools by `SchoolId` to the school's SIS id. The result is stored at the finest grain
(school × student group) like any other import; any problem saves nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree  # type: ignore[import-untyped]
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from village.audit.actions import record
from village.indicators.compute import FLAGS, groups_of
from village.indicators.imports import ImportReport
from village.indicators.models import ALL_STUDENTS, Indicator, Period, Value
from village.orgs.models import District

ATTENDANCE = "attendance"


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


def import_attendance(
    actor: Any, district: District, period: Period, name: str, content: bytes, school_days: int, dry_run: bool
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    indicator = Indicator.objects.filter(district=district, code=ATTENDANCE).first()
    if indicator is None:
        report.errors.append(
            (0, _("The district has no indicator with the code “attendance”. Add the starter indicators first."))
        )
        return report
    if school_days <= 0:
        report.errors.append((0, _("The number of school days must be at least 1.")))
        return report
    try:
        root = ElementTree.fromstring(content)
    except Exception:
        report.errors.append((0, _("The file is not well-formed XML.")))
        return report
    if _local(root.tag) != "InterchangeStudentAttendance":
        report.errors.append(
            (
                0,
                _("This is not an Ed-Fi student attendance interchange (its root is “%(root)s”).")
                % {"root": _local(root.tag)},
            )
        )
        return report
    schools = {s.sis_id: s for s in district.schools.exclude(sis_id="")}
    students = {
        row["local_id"]: row
        for row in district.students.filter(status="enrolled").values("pk", "local_id", "school_id", *FLAGS)
    }
    absent: dict[int, Decimal] = defaultdict(Decimal)
    in_file: set[int] = set()
    for number, event in enumerate((e for e in root if _local(e.tag) == "StudentSchoolAttendanceEvent"), start=1):
        report.rows += 1
        problems = []
        day_text = _find(event, "AttendanceEvent", "EventDate")
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            report.errors.append((number, _("the date “%(value)s” is not a date") % {"value": day_text}))
            continue
        category = _find(event, "AttendanceEvent", "AttendanceEventCategory").rsplit("#", 1)[-1]
        student_id = _find(event, "StudentReference", "StudentIdentity", "StudentUniqueId")
        school_id = _find(event, "SchoolReference", "SchoolIdentity", "SchoolId")
        school = schools.get(school_id)
        if not period.starts <= day <= period.ends:
            if school is not None:
                in_file.add(school.pk)
            continue  # another period's event
        student = students.get(student_id)
        if school is not None:
            in_file.add(school.pk)
        if school is None:
            problems.append(_("no school in the district has the SIS id “%(value)s”") % {"value": school_id})
        if student is None:
            problems.append(_("no enrolled student has the ID “%(value)s”") % {"value": student_id})
        elif school is not None and student["school_id"] != school.pk:
            problems.append(
                _("student “%(student)s” is enrolled at another school in Village") % {"student": student_id}
            )
        try:
            duration = Decimal(_find(event, "AttendanceEvent", "EventDuration") or "1")
        except InvalidOperation:
            duration = Decimal(-1)
        if not Decimal(0) <= duration <= Decimal(1):
            problems.append(_("the event duration must be between 0 and 1 day"))
        if problems:
            report.errors.append((number, "; ".join(problems)))
            continue
        assert student is not None
        if "absence" in category.casefold():
            absent[student["pk"]] += duration
    if report.errors:
        return report
    sums: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    for student in students.values():
        if student["school_id"] not in in_file:
            continue
        attended = max(Decimal(0), school_days - absent.get(student["pk"], Decimal(0)))
        flags = tuple(bool(student[f]) for f in FLAGS)
        codes = [ALL_STUDENTS, *groups_of(flags, indicator.groups)]
        for code in codes:
            total = sums[(student["school_id"], code)]
            total[0] += attended
            total[1] += school_days
            total[2] += 1
    report.written = len(sums)
    if dry_run:
        return report
    now = timezone.now()
    with transaction.atomic():
        Value.objects.filter(indicator=indicator, period=period, school_id__in=in_file).delete()
        Value.objects.bulk_create(
            [
                Value(
                    district=district,
                    indicator=indicator,
                    period=period,
                    school_id=school_id,
                    group=group,
                    numerator=round(num),
                    denominator=int(den),
                    students=int(count),
                    source="import",
                    updated_at=now,
                )
                for (school_id, group), (num, den, count) in sums.items()
            ]
        )
        record(actor, "indicators.attendance.imported", period, district_id=district.pk, file=name, events=report.rows)
    return report
