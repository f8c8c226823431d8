"""Reading surveys: translation state per language, the audience, and suppressed results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from village.accounts.models import Membership, Role, User
from village.families.models import HouseholdMember, Student
from village.lib.suppression import Cell, small_n, suppress_table
from village.referrals.groups import GROUPS
from village.voice.models import CHOICE_KINDS, TEXT_KINDS, Audience, Question, QuestionKind, Response, Survey

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@dataclass(frozen=True)
class Translation:
    language: str
    name: str
    offered: bool
    missing: int  # texts still to translate
    total: int

    @property
    def complete(self) -> bool:
        return self.missing == 0 and self.total > 0


def texts_to_translate(survey: Survey, questions: Sequence[Question]) -> list[dict[str, Any]]:
    """Every translatable text of the survey (the introduction only when written)."""
    texts: list[dict[str, Any]] = [survey.title]
    if survey.intro.get(survey.source_language):
        texts.append(survey.intro)
    for q in questions:
        texts.append(q.text)
        texts.extend(q.options)
    return texts


def translation_state(survey: Survey, questions: Sequence[Question]) -> list[Translation]:
    texts = texts_to_translate(survey, questions)
    return [
        Translation(
            code,
            str(name),
            code in survey.languages,
            sum(1 for t in texts if not str(t.get(code) or "").strip()),
            len(texts),
        )
        for code, name in settings.LANGUAGES
    ]


def incomplete_languages(survey: Survey, languages: Sequence[str] | None = None) -> list[str]:
    """Of `languages` (default: those offered), the ones whose translation is not complete."""
    questions = list(survey.questions.all())
    state = {t.language: t for t in translation_state(survey, questions)}
    wanted = survey.languages if languages is None else languages
    return [code for code in wanted if code not in state or not state[code].complete]


def ready_languages(survey: Survey) -> list[str]:
    incomplete = set(incomplete_languages(survey))
    return [code for code in survey.languages if code not in incomplete]


def person_language(user: Any) -> str:
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    return str(language)


def audience(survey: Survey) -> QuerySet[User]:
    """The people a survey is for: who may answer a named survey, and who a message goes to."""
    school = survey.school
    people = User.objects.filter(is_active=True)
    if survey.audience == Audience.FAMILIES:
        households = Student.objects.filter(school=school, withdrawn_at__isnull=True, household__isnull=False).values(
            "household_id"
        )
        users = HouseholdMember.objects.filter(household_id__in=households).values("user_id")
        return people.filter(pk__in=users)
    if survey.audience == Audience.STUDENTS:
        students = Student.objects.filter(school=school, grade=survey.grade or 0, withdrawn_at__isnull=True)
        return people.filter(pk__in=students.filter(user__isnull=False).values("user_id"))
    if survey.audience == Audience.PARTNERS:
        members = Membership.objects.active().filter(
            role=Role.PARTNER_STAFF, organization__region_id=school.district.region_id
        )
        return people.filter(pk__in=members.values("user_id"))
    members = Membership.objects.active().filter(
        Q(school=school, role__in=[Role.SCHOOL_COORDINATOR, Role.EDUCATOR])
        | Q(district_id=school.district_id, school__isnull=True, role=Role.DISTRICT_LEAD)
    )
    return people.filter(pk__in=members.values("user_id"))


def in_audience(survey: Survey, user: Any) -> bool:
    return bool(user.is_authenticated and audience(survey).filter(pk=user.pk).exists())


# --- Results ---------------------------------------------------------------------------------


@dataclass
class Column:
    """One breakdown of the respondents (everyone, one language, one student group)."""

    key: str
    label: str
    responses: list[dict[str, Any]]

    @property
    def n(self) -> int:
        return len(self.responses)


@dataclass
class QuestionResult:
    question: Question
    labels: list[str]  # row labels (options, or 1-5)
    columns: list[Column]  # columns with at least N respondents
    hidden: list[Column]  # columns suppressed because too few answered
    cells: list[list[Cell]] = field(default_factory=list)  # [row][column]
    texts: list[str] = field(default_factory=list)  # free text, only when shown
    mean_ranks: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, list[Cell], str]]:
        if not self.cells:
            return []
        means = self.mean_ranks or [""] * len(self.labels)
        return list(zip(self.labels, self.cells, means, strict=True))


def _groups_of_respondents(survey: Survey) -> dict[int, set[str]]:
    """For a named family survey: response pk -> the student groups of the family's children at the school."""
    rows = survey.respondents.values_list("response_id", "user_id")
    by_user: dict[int, list[int]] = {}
    for response_id, user_id in rows:
        by_user.setdefault(user_id, []).append(response_id)
    households: dict[int, set[int]] = {}
    for user_id, household_id in HouseholdMember.objects.filter(user_id__in=by_user).values_list(
        "user_id", "household_id"
    ):
        households.setdefault(household_id, set()).add(user_id)
    found: dict[int, set[str]] = {}
    for student in Student.objects.filter(school_id=survey.school_id, household_id__in=households):
        codes = {code for code, _label, member in GROUPS if member(student)}
        for user_id in households.get(student.household_id or 0, set()):
            for response_id in by_user[user_id]:
                found.setdefault(response_id, set()).update(codes)
    return found


def columns_for(survey: Survey, responses: Sequence[Response], by: str) -> list[Column]:
    """Everyone, then one column per language or (named family surveys) per student group."""
    from django.utils.translation import gettext as _

    from village.referrals.groups import LABELS

    everyone = Column("all", _("Everyone"), [r.answers for r in responses])
    if by == "language":
        return [everyone] + [
            Column(code, str(LANGUAGE_NAMES.get(code, code)), [r.answers for r in responses if r.language == code])
            for code in survey.languages
        ]
    if by == "group" and groups_apply(survey):
        groups = _groups_of_respondents(survey)
        return [everyone] + [
            Column(code, str(LABELS[code]), [r.answers for r in responses if code in groups.get(r.pk, set())])
            for code, _label, _m in GROUPS
        ]
    return [everyone]


def groups_apply(survey: Survey) -> bool:
    """Results by student group exist only for named family surveys (anonymous ones know no family)."""
    return not survey.anonymous and survey.audience == Audience.FAMILIES


def question_result(question: Question, language: str, columns: list[Column]) -> QuestionResult:
    n = small_n()
    shown = [c for c in columns if c.n >= n]
    hidden = [c for c in columns if c.n < n]
    key = str(question.pk)
    result = QuestionResult(question, [], shown, hidden)
    if question.kind in TEXT_KINDS:
        if shown:
            # Free text only from a group large enough; never from a narrowed one.
            result.texts = [str(r[key]).strip() for r in shown[0].responses if str(r.get(key) or "").strip()]
        return result
    if question.kind == QuestionKind.SCALE:
        result.labels = [str(i) for i in range(1, 6)]

        def picks(answer: Any) -> list[int]:
            return [int(answer) - 1] if isinstance(answer, int) and 1 <= answer <= 5 else []
    else:
        result.labels = [o or f"#{i + 1}" for i, o in enumerate(question.options_in(language))]

        def picks(answer: Any) -> list[int]:
            if question.kind == QuestionKind.SINGLE:
                return [answer] if isinstance(answer, int) else []
            if question.kind == QuestionKind.RANKING:
                return [answer[0]] if isinstance(answer, list) and answer else []  # ranked first
            return [a for a in answer if isinstance(a, int)] if isinstance(answer, list) else []

    if not shown:
        return result
    counts = [[0] * len(shown) for _ in result.labels]
    for c, column in enumerate(shown):
        for r in column.responses:
            for index in picks(r.get(key)):
                if 0 <= index < len(counts):
                    counts[index][c] += 1
    result.cells = suppress_table(counts, n).cells
    if question.kind == QuestionKind.RANKING:
        everyone = shown[0].responses
        for index in range(len(result.labels)):
            ranks = [r[key].index(index) + 1 for r in everyone if isinstance(r.get(key), list) and index in r[key]]
            result.mean_ranks.append(f"{sum(ranks) / len(ranks):.1f}" if len(ranks) >= n else "*")
    return result


def is_choice(question: Question) -> bool:
    return question.kind in CHOICE_KINDS
