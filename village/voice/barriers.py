"""The barrier dashboard of one school: what sessions heard, what survey answers said, what
family plans record and what kept families from the school's events, barrier by barrier, with
the source of each count; and who came to the school's events over the past year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from village.events.actions import attendance_groups
from village.events.attendance import SchoolAttendance, declines_by_reason, school_attendance
from village.families.models import Need
from village.families.vocab import Barrier, NeedStatus
from village.lib.suppression import Cell, small_n, suppress_table
from village.orgs.models import School
from village.voice.models import ListeningSession, Question, Response, SurveyStatus
from village.voice.results import figures


@dataclass(frozen=True)
class BarrierRow:
    code: str
    label: str
    sessions: int  # listening sessions where it was heard (events, not people: not suppressed)
    respondents: Cell  # answers naming it, as the survey results show them
    students: Cell  # students whose family plan has a need held back by it
    declines: Cell  # answers to the school's events saying it kept them away


EVENTS_SPAN = datetime.timedelta(days=365)  # the events the dashboard looks at: the past year's, and those to come


def events_since(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - EVENTS_SPAN


def event_attendance(school: School, now: datetime.datetime | None = None) -> SchoolAttendance:
    """The school's events held over the past year and the families counted at them (suppressed)."""
    now = now or timezone.now()
    return school_attendance(school.pk, attendance_groups(), events_since(now), now)


def dashboard(school: School) -> list[BarrierRow]:
    sessions = {code: 0 for code in Barrier.values}
    for barriers in ListeningSession.objects.filter(school=school).values_list("barriers", flat=True):
        for code in set(barriers):
            if code in sessions:
                sessions[code] += 1

    # Survey answers: the sum of the "Everyone" cells the survey results themselves show for each
    # tagged question (one function makes both), hidden when any of them is hidden there, so
    # the dashboard never prints a count the results suppress.
    respondents: dict[str, int | None] = {code: 0 for code in Barrier.values}
    tagged = list(
        Question.objects.filter(survey__school=school, barrier__gt="", barrier_option__isnull=False)
        .exclude(survey__status=SurveyStatus.DRAFT)
        .select_related("survey")
    )
    by_survey: dict[int, list[Question]] = {}
    for q in tagged:
        by_survey.setdefault(q.survey_id, []).append(q)
    answers: dict[int, list[Response]] = {survey_id: [] for survey_id in by_survey}
    for response in Response.objects.filter(survey_id__in=by_survey):
        answers[response.survey_id].append(response)
    for survey_id, questions in by_survey.items():
        fig = figures(questions[0].survey, answers[survey_id])
        for q in questions:
            cells = fig.everyone(q)
            option = q.barrier_option if q.barrier_option is not None else -1
            shown = cells[option] if 0 <= option < len(cells) else Cell(0)
            held = respondents.get(q.barrier)
            if q.barrier in respondents:
                respondents[q.barrier] = None if held is None or shown.value is None else held + shown.value

    students: dict[str, set[int]] = {code: set() for code in Barrier.values}
    needs = Need.objects.filter(school=school, status__in=[NeedStatus.OPEN, NeedStatus.IN_PROGRESS])
    for student_id, barriers in needs.values_list("student_id", "barriers"):
        for code in barriers:
            if code in students:
                students[code].add(student_id)

    def _answers(count: int | None) -> Cell:
        return Cell(None, "complementary") if count is None else cell(count)

    # No totals are published here (a person may name several barriers, and each column counts
    # something else), so each count stands alone: primary suppression, cell by cell.
    def cell(count: int) -> Cell:
        return suppress_table([[count]], small_n()).cells[0][0]

    declines = declines_by_reason(school.pk, events_since())
    labels = dict(Barrier.choices)
    return [
        BarrierRow(
            c,
            str(labels[c]),
            sessions[c],
            _answers(respondents[c]),
            cell(len(students[c])),
            cell(declines.get(c, 0)),
        )
        for c in Barrier.values
    ]
