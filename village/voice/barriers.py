"""The barrier dashboard of one school: what sessions heard, what survey answers said, and what
family plans record, barrier by barrier, with the source of each count."""

from __future__ import annotations

from dataclasses import dataclass

from village.families.models import Need
from village.families.vocab import Barrier, NeedStatus
from village.lib.suppression import Cell, small_n, suppress_table
from village.orgs.models import School
from village.voice.models import ListeningSession, Question, Response, SurveyStatus


@dataclass(frozen=True)
class BarrierRow:
    code: str
    label: str
    sessions: int  # listening sessions where it was heard (events, not people: not suppressed)
    respondents: Cell  # survey respondents who answered that it is a barrier
    students: Cell  # students whose family plan has a need held back by it


def dashboard(school: School) -> list[BarrierRow]:
    sessions = {code: 0 for code in Barrier.values}
    for barriers in ListeningSession.objects.filter(school=school).values_list("barriers", flat=True):
        for code in set(barriers):
            if code in sessions:
                sessions[code] += 1

    respondents = {code: 0 for code in Barrier.values}
    tagged = list(
        Question.objects.filter(survey__school=school, barrier__gt="", barrier_option__isnull=False).exclude(
            survey__status=SurveyStatus.DRAFT
        )
    )
    if tagged:
        by_survey: dict[int, list[Question]] = {}
        for q in tagged:
            by_survey.setdefault(q.survey_id, []).append(q)
        for survey_id, answers in Response.objects.filter(survey_id__in=by_survey).values_list("survey_id", "answers"):
            said: set[str] = set()  # one respondent counts once per barrier
            for q in by_survey[survey_id]:
                answer = answers.get(str(q.pk))
                picked = answer if isinstance(answer, list) else [answer]
                if q.barrier_option in picked:
                    said.add(q.barrier)
            for code in said:
                if code in respondents:
                    respondents[code] += 1

    students: dict[str, set[int]] = {code: set() for code in Barrier.values}
    needs = Need.objects.filter(school=school, status__in=[NeedStatus.OPEN, NeedStatus.IN_PROGRESS])
    for student_id, barriers in needs.values_list("student_id", "barriers"):
        for code in barriers:
            if code in students:
                students[code].add(student_id)

    # No totals are published here (a person may name several barriers, and each column counts
    # something else), so each count stands alone: primary suppression, cell by cell.
    def cell(count: int) -> Cell:
        return suppress_table([[count]], small_n()).cells[0][0]

    labels = dict(Barrier.choices)
    return [
        BarrierRow(c, str(labels[c]), sessions[c], cell(respondents[c]), cell(len(students[c]))) for c in Barrier.values
    ]
