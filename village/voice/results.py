"""A survey's answers counted and suppressed: the one set of figures every page reads.

Respondents are split by language into one partition, the same for every view: each language
with at least N respondents alone, the others together as "Other languages". When those others
are 1 to N-1 people, the smallest languages shown alone join them until they are N or more (or
everything is one group). Every column any view shows is a part of that partition, counted into
one suppressed table per question whose row totals are the "Everyone" column, so no view can be
subtracted from another to single out a few people: not the results by language, not one
language alone, not the barrier dashboard, which reads the same "Everyone" cells.

Student groups (named family surveys only) overlap, so each is its own table of the group and
everyone else; a group shows only when both have at least N people, and the "Everyone" figures
the language table hides start hidden there too.

Written answers come in an order unrelated to time (a keyed hash of each answer's random id)
and only from languages the partition shows alone, so counting them says no more than the counts.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from village.families.groups import GROUPS, LABELS
from village.families.models import HouseholdMember, Student
from village.lib.jsontypes import JSON
from village.lib.languages import language_label
from village.lib.suppression import Cell, SuppressedTable, small_n, suppress_table
from village.voice.models import CHOICE_KINDS, TEXT_KINDS, Audience, Question, QuestionKind, Response, Survey

OTHER = "other"


@dataclass
class Column:
    """A set of respondents (everyone, one language, other languages, one student group, or the rest)."""

    key: str
    label: str
    responses: list[Response]
    languages: tuple[str, ...] = ()  # the languages it holds, when it is a language column

    @property
    def n(self) -> int:
        return len(self.responses)


@dataclass
class Shown:
    label: str
    n: Cell
    cells: list[Cell]  # one per row
    withheld: bool = False  # fewer than N respondents (or fewer than N outside it): nothing shown
    languages: tuple[str, ...] = ()


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


def row_count(question: Question) -> int:
    return 5 if question.kind == QuestionKind.SCALE else len(question.options)


def row_labels(question: Question, language: str) -> list[str]:
    if question.kind == QuestionKind.SCALE:
        return [str(i) for i in range(1, 6)]
    return [o or f"#{i + 1}" for i, o in enumerate(question.options_in(language))]


def count_table(question: Question, parts: Sequence[Column], hidden_row_totals: Sequence[int] = ()) -> SuppressedTable:
    """Answers of `parts` (a partition of the respondents) per row, suppressed with their totals."""
    rows = row_count(question)
    key = str(question.pk)
    counts = [[0] * len(parts) for _ in range(rows)]
    for c, part in enumerate(parts):
        for response in part.responses:
            for index in _picks(question, response.answers.get(key)):
                if 0 <= index < rows:
                    counts[index][c] += 1
    return suppress_table(counts, small_n(), hidden_row_totals)


def language_columns(survey: Survey, responses: Sequence[Response]) -> list[Column]:
    return [
        Column(code, language_label(code), [r for r in responses if r.language == code], (code,))
        for code in survey.languages
    ]


def language_slices(survey: Survey, responses: Sequence[Response]) -> list[Column]:
    """The one partition by language (see the module's docstring); empty when it would be one group."""
    n = small_n()
    columns = language_columns(survey, responses)
    alone = sorted((c for c in columns if c.n >= n), key=lambda c: (c.n, survey.languages.index(c.key)))
    others = [c for c in columns if c.n < n]
    while alone and 0 < sum(c.n for c in others) < n:
        others.append(alone.pop(0))
    if not alone:
        return []
    keep = {c.key for c in alone}
    slices = [c for c in columns if c.key in keep]
    if any(c.n for c in others):
        codes = tuple(code for code in survey.languages if code not in keep)
        slices.append(Column(OTHER, _("Other languages"), [r for c in others for r in c.responses], codes))
    return slices


def rest_of(column: Column, responses: Sequence[Response]) -> Column:
    inside = {r.pk for r in column.responses}
    return Column("rest", "", [r for r in responses if r.pk not in inside])


def groups_apply(survey: Survey) -> bool:
    """Results by student group exist only for named family surveys (anonymous ones know no family)."""
    return not survey.anonymous and survey.audience == Audience.FAMILIES


def group_columns(survey: Survey, responses: Sequence[Response]) -> list[Column]:
    """Named family surveys only: the respondents whose children at the school are in each group."""
    if not groups_apply(survey):
        return []
    groups = _groups_of_respondents(survey)
    return [
        Column(code, str(LABELS[code]), [r for r in responses if code in groups.get(r.pk, set())])
        for code, _label, _m in GROUPS
    ]


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


@dataclass
class Figures:
    """A survey's answers as every page may show them. Build it with `figures()`."""

    survey: Survey
    responses: list[Response]
    slices: list[Column]  # the language partition; empty: no breakdown by language
    _tables: dict[int, SuppressedTable] = field(default_factory=dict)

    @property
    def too_few(self) -> bool:
        return len(self.responses) < small_n()

    @cached_property
    def large_languages(self) -> set[str]:
        """Languages whose written answers may show: those the partition shows alone. (Words in a
        language merged into "Other languages" would be counted, and the count subtracted.)"""
        return {c.key for c in self.slices if c.key != OTHER}

    def table(self, question: Question) -> SuppressedTable:
        if question.pk not in self._tables:
            self._tables[question.pk] = count_table(question, self.slices or [everyone(self.responses)])
        return self._tables[question.pk]

    def everyone(self, question: Question) -> list[Cell]:
        """The "Everyone" column of a choice or scale question: hidden whole when too few answered."""
        if self.too_few:
            return [Cell(None, "small")] * row_count(question)
        return list(self.table(question).row_totals)

    def texts(self, question: Question, among: Sequence[Response]) -> list[str]:
        """Written answers of `among` in languages many people used, in an order unrelated to time."""
        key = str(question.pk)
        chosen = [r for r in among if r.language in self.large_languages and str(r.answers.get(key) or "").strip()]
        salt = f"village.voice.texts.{self.survey.pk}"
        chosen.sort(key=lambda r: salted_hmac(salt, str(r.pk), algorithm="sha256").hexdigest())
        return [str(r.answers[key]).strip() for r in chosen]


def figures(survey: Survey, responses: Sequence[Response] | None = None) -> Figures:
    """The one function every page counting a survey's answers goes through."""
    found = list(survey.responses.all()) if responses is None else list(responses)
    return Figures(survey, found, language_slices(survey, found))


def everyone(responses: Sequence[Response]) -> Column:
    return Column("all", _("Everyone"), list(responses))


def _shown(column: Column, table: SuppressedTable, c: int, rows: int) -> Shown:
    return Shown(column.label, Cell(column.n), [table.cells[r][c] for r in range(rows)], languages=column.languages)


def results(fig: Figures, language: str, by: str = "", only: Column | None = None) -> list[QuestionResult]:
    """Per question: everyone; or by language; or by student group; or one language or group alone."""
    n = small_n()
    responses = fig.responses
    slice_keys = [c.key for c in fig.slices]
    groups = [(g, rest_of(g, responses)) for g in group_columns(fig.survey, responses)] if by == "group" else []
    found = []
    for question in fig.survey.questions.all():
        is_text = question.kind in TEXT_KINDS
        result = QuestionResult(question, [] if is_text else row_labels(question, language))
        rows = len(result.labels)
        total = Shown(_("Everyone"), Cell(len(responses)), [] if is_text else fig.everyone(question))
        if only is not None and only.key in slice_keys:
            c = slice_keys.index(only.key)
            if not is_text:
                result.columns = [_shown(only, fig.table(question), c, rows)]
            if only.key != OTHER:
                result.texts = fig.texts(question, only.responses)
        elif only is not None:  # a student group, shown when it and everyone else are N or more
            rest = rest_of(only, responses)
            if only.n >= n and rest.n >= n:
                if not is_text:
                    result.columns = [_group_column(fig, question, only, rest, total)]
                result.texts = fig.texts(question, only.responses)
        elif by == "language":
            if not is_text:
                table = fig.table(question)
                result.columns = [total] + [_shown(s, table, c, rows) for c, s in enumerate(fig.slices)]
        elif by == "group":
            if not is_text:
                result.columns = [total] + [_group_column(fig, question, g, rest, total) for g, rest in groups]
        else:
            result.columns = [] if is_text else [total]
            result.texts = fig.texts(question, responses)
        if question.kind == QuestionKind.RANKING and not by and only is None:
            result.mean_ranks = _mean_ranks(question, responses, rows, n)
        found.append(result)
    return found


def _group_column(fig: Figures, question: Question, group: Column, rest: Column, total: Shown) -> Shown:
    n = small_n()
    rows = len(total.cells)
    if group.n < n or rest.n < n:
        return Shown(group.label, Cell(None, "small"), [Cell(None, "small")] * rows, withheld=True)
    hidden = [r for r, cell in enumerate(total.cells) if cell.suppressed]
    table = count_table(question, [group, rest], hidden)
    return _shown(group, table, 0, rows)


def _mean_ranks(question: Question, responses: Sequence[Response], rows: int, n: int) -> list[str]:
    key = str(question.pk)
    means = []
    for index in range(rows):
        ranks = [
            r.answers[key].index(index) + 1
            for r in responses
            if isinstance(r.answers.get(key), list) and index in r.answers[key]
        ]
        means.append(f"{sum(ranks) / len(ranks):.1f}" if len(ranks) >= n else "*")
    return means


def is_choice(question: Question) -> bool:
    return question.kind in CHOICE_KINDS
