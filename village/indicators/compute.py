"""Compute Village's own indicators at the finest grain: indicator × period × school × student group.

Each computed source turns records into facts (school, the student's group flags, what the
student adds to the numerator and to the denominator); facts are summed once per school and
group and stored as `Value` rows. Dashboards and reports only sum stored values.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from village.events.attendance import family_attendances
from village.families.groups import GROUPS, STUDENT_FLAGS
from village.families.models import Need, Student
from village.families.vocab import NeedStatus
from village.indicators.models import ALL_STUDENTS, Indicator, Period
from village.indicators.vocab import Source
from village.orgs.models import School
from village.partnerships.models import Partnership, PartnershipStatus
from village.referrals.models import Referral, Status
from village.voice.models import Response

FLAGS = STUDENT_FLAGS  # the order `Fact.flags` holds them in


@dataclass(frozen=True)
class Fact:
    school_id: int
    student_id: int | None
    flags: tuple[bool, ...]
    numerator: int
    denominator: int


@dataclass
class Sum:
    numerator: int = 0
    denominator: int = 0
    students: set[int] | None = None
    student_count: int = 0

    def add(self, fact: Fact) -> None:
        self.numerator += fact.numerator
        self.denominator += fact.denominator
        if fact.student_id is None:
            self.student_count += fact.denominator
        else:
            if self.students is None:
                self.students = set()
            self.students.add(fact.student_id)

    @property
    def count(self) -> int:
        return self.student_count + (len(self.students) if self.students else 0)


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.starts, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.ends + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def _flags(row: dict[str, Any], prefix: str) -> tuple[bool, ...]:
    return tuple(bool(row[f"{prefix}{f}"]) for f in FLAGS)


def _student_fields(prefix: str) -> list[str]:
    return [f"{prefix}{f}" for f in FLAGS]


def _referral_completion(district_id: int, period: Period) -> Iterator[Fact]:
    start, end = _bounds(period)
    rows = Referral.objects.filter(
        district_id=district_id,
        status__in=[Status.COMPLETED, Status.CLOSED_UNMET],
        closed_at__gte=start,
        closed_at__lt=end,
    ).values("school_id", "student_id", "status", *_student_fields("student__"))
    for row in rows:
        yield Fact(row["school_id"], row["student_id"], _flags(row, "student__"), row["status"] == Status.COMPLETED, 1)


def _time_to_service(district_id: int, period: Period) -> Iterator[Fact]:
    start, end = _bounds(period)
    rows = Referral.objects.filter(
        district_id=district_id, service_started_at__gte=start, service_started_at__lt=end
    ).values("school_id", "student_id", "created_at", "service_started_at", *_student_fields("student__"))
    for row in rows:
        days = max(0, (row["service_started_at"] - row["created_at"]).days)
        yield Fact(row["school_id"], row["student_id"], _flags(row, "student__"), days, 1)


def _needs_met(district_id: int, period: Period) -> Iterator[Fact]:
    """A need counts as met when the family says a referral for it got their child the help, or
    when it is marked met and the family has not said the child did not get the help."""
    start, end = _bounds(period)
    answers = Referral.objects.filter(need=OuterRef("pk"))
    rows = (
        Need.objects.filter(district_id=district_id, created_at__gte=start, created_at__lt=end)
        .annotate(
            family_yes=Exists(answers.filter(family_got_help=True)),
            family_no=Exists(answers.filter(family_got_help=False)),
        )
        .values("school_id", "student_id", "status", "family_yes", "family_no", *_student_fields("student__"))
    )
    for row in rows:
        met = row["family_yes"] or (row["status"] == NeedStatus.MET and not row["family_no"])
        yield Fact(row["school_id"], row["student_id"], _flags(row, "student__"), met, 1)


def _family_participation(district_id: int, period: Period) -> Iterator[Fact]:
    rows = Student.objects.filter(district_id=district_id, status="enrolled").values(
        "school_id", "pk", "household__profile", *FLAGS
    )
    for row in rows:
        yield Fact(row["school_id"], row["pk"], _flags(row, ""), row["household__profile"] is not None, 1)


def _partnership_opportunities(district_id: int, period: Period) -> Iterator[Fact]:
    enrolled = dict(
        School.objects.filter(district_id=district_id)
        .annotate(n=Count("students", filter=Q(students__status="enrolled")))
        .values_list("pk", "n")
    )
    active = Partnership.objects.filter(
        district_id=district_id, status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.RENEWING]
    )
    partnerships: dict[int, int] = defaultdict(int)
    for school_id in active.values_list("schools", flat=True):
        if school_id is not None:
            partnerships[school_id] += 1
    no_flags = tuple(False for _f in FLAGS)
    for school_id, students in enrolled.items():
        # One fact per school: its partnerships over its students (no student groups for this one).
        yield Fact(school_id, None, no_flags, partnerships.get(school_id, 0), students)


def _event_attendance(district_id: int, period: Period) -> Iterator[Fact]:
    """Families counted at the door of each school's events held in the period, per enrolled
    student. Counted event by event: a family that came twice counts twice (attendances, not
    distinct families), and the counts carry no student, so no student groups."""
    start, end = _bounds(period)
    came = family_attendances(district_id, start, end)
    enrolled = dict(
        School.objects.filter(district_id=district_id)
        .annotate(n=Count("students", filter=Q(students__status="enrolled")))
        .values_list("pk", "n")
    )
    no_flags = tuple(False for _f in FLAGS)
    for school_id, students in enrolled.items():
        yield Fact(school_id, None, no_flags, came.get(school_id, 0), students)


def _survey_item(district_id: int, period: Period, indicator: Indicator) -> Iterator[Fact]:
    """Each answer to the indicator's scale question submitted in the period, at the survey's school.
    Responses carry no person (anonymous by construction), so these figures have no student groups."""
    question = indicator.survey_question
    if question is None:
        return
    key = str(question.pk)
    no_flags = tuple(False for _f in FLAGS)
    rows = Response.objects.filter(
        survey_id=question.survey_id, submitted_on__gte=period.starts, submitted_on__lte=period.ends
    ).values_list("survey__school_id", "answers")
    for school_id, answers in rows:
        answer = answers.get(key) if isinstance(answers, dict) else None
        if isinstance(answer, int) and 1 <= answer <= 5:
            yield Fact(school_id, None, no_flags, answer >= indicator.survey_threshold, 1)


SOURCES: dict[str, Callable[[int, Period], Iterable[Fact]]] = {
    Source.REFERRAL_COMPLETION: _referral_completion,
    Source.TIME_TO_SERVICE: _time_to_service,
    Source.NEEDS_MET: _needs_met,
    Source.FAMILY_PARTICIPATION: _family_participation,
    Source.PARTNERSHIP_OPPORTUNITIES: _partnership_opportunities,
    Source.EVENT_ATTENDANCE: _event_attendance,
}

_MEMBERS = {code: member for code, _label, member in GROUPS}


def groups_of(flags: tuple[bool, ...], codes: Sequence[str]) -> list[str]:
    """Of `codes`, the student groups a student with these flags (in FLAGS order) belongs to."""
    student = SimpleNamespace(**dict(zip(FLAGS, flags, strict=True)))
    return [code for code in codes if code in _MEMBERS and _MEMBERS[code](student)]


def cube(indicator: Indicator, period: Period) -> dict[tuple[int, str], Sum]:
    """(school id, group) → sums for one computed indicator and period."""
    sums: dict[tuple[int, str], Sum] = defaultdict(Sum)
    groups = list(indicator.groups)
    facts = (
        _survey_item(indicator.district_id, period, indicator)
        if indicator.source == Source.SURVEY_ITEM
        else SOURCES[indicator.source](indicator.district_id, period)
    )
    for fact in facts:
        sums[(fact.school_id, ALL_STUDENTS)].add(fact)
        if not groups or fact.student_id is None:
            continue
        for code in groups_of(fact.flags, groups):
            sums[(fact.school_id, code)].add(fact)
    return sums
