"""Reading surveys: translation state per language, the audience, and suppressed results."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from village.accounts.models import Membership, Person, Role, User
from village.families.groups import GROUPS, LABELS
from village.families.models import HouseholdMember, Student
from village.lib.jsontypes import JSON
from village.lib.languages import language_label
from village.lib.suppression import Cell, small_n, suppress_table
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


def texts_to_translate(survey: Survey, questions: Sequence[Question]) -> list[Mapping[str, object]]:
    """Every translatable text of the survey (the introduction only when written)."""
    texts: list[Mapping[str, object]] = [survey.title]
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


def person_language(user: Person) -> str:
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


def in_audience(survey: Survey, user: Person) -> bool:
    return bool(user.is_authenticated and audience(survey).filter(pk=user.pk).exists())


# --- Results ---------------------------------------------------------------------------------
#
# Every view is a partition of the respondents (everyone; the languages; one group and everyone
# else) counted into one table that goes through village.lib.suppression whole, so what one
# column shows can never be subtracted from another to expose a small group. Columns with
# fewer than N respondents show nothing at all.


@dataclass
class Column:
    """A set of respondents (everyone, one language, one student group, or the rest)."""

    key: str
    label: str
    responses: list[Response]

    @property
    def n(self) -> int:
        return len(self.responses)


@dataclass
class Shown:
    label: str
    n: Cell
    cells: list[Cell]  # one per row
    withheld: bool = False  # fewer than N respondents: nothing shown


@dataclass
class QuestionResult:
    question: Question
    labels: list[str]  # row labels (options, or 1-5); empty for text questions
    columns: list[Shown] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    mean_ranks: list[str] = field(default_factory=list)

    @property
    def withheld(self) -> list[str]:
        return [c.label for c in self.columns if c.withheld]

    @property
    def rows(self) -> list[tuple[str, list[Cell], str]]:
        means = self.mean_ranks or [""] * len(self.labels)
        return [(label, [c.cells[i] for c in self.columns], means[i]) for i, label in enumerate(self.labels)]


def _picks(question: Question, answer: JSON) -> list[int]:
    """The rows an answer counts in: the option(s) chosen, the scale point, the option ranked first."""
    if question.kind == QuestionKind.SCALE:
        return [answer - 1] if isinstance(answer, int) and 1 <= answer <= 5 else []
    if question.kind == QuestionKind.SINGLE:
        return [answer] if isinstance(answer, int) else []
    if question.kind == QuestionKind.RANKING:
        return [answer[0]] if isinstance(answer, list) and answer and isinstance(answer[0], int) else []
    return [a for a in answer if isinstance(a, int)] if isinstance(answer, list) else []


def row_labels(question: Question, language: str) -> list[str]:
    if question.kind == QuestionKind.SCALE:
        return [str(i) for i in range(1, 6)]
    return [o or f"#{i + 1}" for i, o in enumerate(question.options_in(language))]


def partition_columns(
    question: Question, rows: int, parts: Sequence[Column], show: Sequence[int], total_label: str = ""
) -> list[Shown]:
    """Count `parts` (a partition of the respondents) into one suppressed table and return the
    columns to show: the total (everyone) first when `total_label` is given, then `show`."""
    n = small_n()
    key = str(question.pk)
    counts = [[0] * len(parts) for _ in range(rows)]
    for c, part in enumerate(parts):
        for response in part.responses:
            for index in _picks(question, response.answers.get(key)):
                if 0 <= index < rows:
                    counts[index][c] += 1
    table = suppress_table(counts, n)
    sizes = suppress_table([[part.n for part in parts]], n)
    shown: list[Shown] = []
    if total_label:
        shown.append(Shown(total_label, sizes.row_totals[0], list(table.row_totals)))
    for c in show:
        part = parts[c]
        if part.n < n:
            hidden = Cell(None, "small")
            shown.append(Shown(part.label, sizes.cells[0][c], [hidden] * rows, withheld=True))
        else:
            shown.append(Shown(part.label, sizes.cells[0][c], [table.cells[r][c] for r in range(rows)]))
    return shown


def everyone(responses: Sequence[Response]) -> Column:
    return Column("all", _("Everyone"), list(responses))


def language_columns(survey: Survey, responses: Sequence[Response]) -> list[Column]:
    return [
        Column(code, language_label(code), [r for r in responses if r.language == code]) for code in survey.languages
    ]


def group_columns(survey: Survey, responses: Sequence[Response]) -> list[Column]:
    """Named family surveys only: the respondents whose children at the school are in each group."""
    if not groups_apply(survey):
        return []
    groups = _groups_of_respondents(survey)
    return [
        Column(code, str(LABELS[code]), [r for r in responses if code in groups.get(r.pk, set())])
        for code, _label, _m in GROUPS
    ]


def rest_of(column: Column, responses: Sequence[Response]) -> Column:
    inside = {r.pk for r in column.responses}
    return Column("rest", "", [r for r in responses if r.pk not in inside])


def groups_apply(survey: Survey) -> bool:
    """Results by student group exist only for named family surveys (anonymous ones know no family)."""
    return not survey.anonymous and survey.audience == Audience.FAMILIES


def _groups_of_respondents(survey: Survey) -> dict[uuid.UUID, set[str]]:
    """Response pk -> the student groups of the respondent's children at the school."""
    by_user: dict[int, list[uuid.UUID]] = {}
    for response_id, user_id in survey.respondents.values_list("response_id", "user_id"):
        by_user.setdefault(user_id, []).append(response_id)
    households: dict[int, set[int]] = {}
    for user_id, household_id in HouseholdMember.objects.filter(user_id__in=by_user).values_list(
        "user_id", "household_id"
    ):
        households.setdefault(household_id, set()).add(user_id)
    found: dict[uuid.UUID, set[str]] = {}
    for student in Student.objects.filter(school_id=survey.school_id, household_id__in=households):
        codes = {code for code, _label, member in GROUPS if member(student)}
        for user_id in households.get(student.household_id or 0, set()):
            for response_id in by_user[user_id]:
                found.setdefault(response_id, set()).update(codes)
    return found


def results(
    survey: Survey, language: str, responses: Sequence[Response], by: str = "", only: Column | None = None
) -> list[QuestionResult]:
    """Per question: everyone; or by language; or by student group; or one narrowed group."""

    n = small_n()
    all_of = everyone(responses)
    languages = language_columns(survey, responses)
    large = {c.key for c in languages if c.n >= n}
    groups = [(g, rest_of(g, responses)) for g in group_columns(survey, responses)] if by == "group" else []
    found = []
    for question in survey.questions.all():
        result = QuestionResult(question, [] if question.kind in TEXT_KINDS else row_labels(question, language))
        texts_from: list[Response] = []
        if only is not None:
            rest = rest_of(only, responses)
            if question.kind not in TEXT_KINDS:
                result.columns = partition_columns(question, len(result.labels), [only, rest], [0])
            if only.n >= n and (rest.n == 0 or rest.n >= n):
                texts_from = only.responses
        elif by == "language":
            if question.kind not in TEXT_KINDS:
                shown = [i for i, c in enumerate(languages) if c.n]  # a language nobody answered in says nothing
                result.columns = partition_columns(question, len(result.labels), languages, shown, _("Everyone"))
        elif by == "group":
            if question.kind not in TEXT_KINDS:
                for group, rest in groups:
                    result.columns += partition_columns(question, len(result.labels), [group, rest], [0])
        else:
            if question.kind not in TEXT_KINDS:
                result.columns = partition_columns(question, len(result.labels), [all_of], [0])
            if all_of.n >= n:
                # Written answers in a language few people used would point at them.
                texts_from = [r for r in responses if r.language in large]
        key = str(question.pk)
        if question.kind in TEXT_KINDS:
            result.texts = [str(r.answers[key]).strip() for r in texts_from if str(r.answers.get(key) or "").strip()]
        if question.kind == QuestionKind.RANKING and not by and only is None and all_of.n >= n:
            for index in range(len(result.labels)):
                ranks = [
                    r.answers[key].index(index) + 1
                    for r in responses
                    if isinstance(r.answers.get(key), list) and index in r.answers[key]
                ]
                result.mean_ranks.append(f"{sum(ranks) / len(ranks):.1f}" if len(ranks) >= n else "*")
        found.append(result)
    return found


def is_choice(question: Question) -> bool:
    return question.kind in CHOICE_KINDS
