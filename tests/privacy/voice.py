"""Survey results and barrier dashboards, as a district lead reads them (for a school, a lead is
outside its own staff), with what the lead knows of each survey's design, and their truth.

Unknowns: respondents per language, and picks per question × row × language (the option
chosen, the scale point, the option ranked first). Every results view is a sum of them: the
everyone column, each language's column, one language alone; the barrier dashboard counts the
respondents who picked a barrier's option.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.privacy.linear import Row, plus, row, terms, times
from tests.privacy.model import ALL, Figure, IndicatorInfo, cell_var, to_number
from tests.privacy.outputs import Node, Reading, SchoolLink, count_rows, get, parse_html
from village.families.vocab import Barrier

# --- Surveys and barriers, as a district lead reads them ------------------------------------------


@dataclass(frozen=True)
class QuestionShape:
    pk: int
    kind: str
    options: int  # rows of its results table (5 for a scale)
    required: bool
    barrier: str
    barrier_option: int | None


@dataclass(frozen=True)
class SurveyShape:
    pk: int
    school: int
    languages: tuple[str, ...]
    questions: tuple[QuestionShape, ...]
    open: bool  # not a draft: its tagged questions count on the barrier dashboard


def survey_var(survey: int, question: int, option: int, language: str) -> str:
    return f"survey|{survey}|q{question}|o{option}|{language}"


def respondents_var(survey: int, language: str) -> str:
    return f"survey|{survey}|n|{language}"


_ONE_PICK = ("single", "scale", "ranking")


def survey_design(reading: Reading, shape: SurveyShape) -> None:
    """What the lead knows from the survey's design: a respondent picks one row of a single, scale
    or ranking question (at most), any number of a multiple-choice one."""
    output = f"design of survey {shape.pk}"
    for q in shape.questions:
        if q.kind not in (*_ONE_PICK, "multiple"):
            continue
        for language in shape.languages:
            n = {respondents_var(shape.pk, language): 1.0}
            picks = [{survey_var(shape.pk, q.pk, o, language): 1.0} for o in range(q.options)]
            for o, pick in enumerate(picks):
                reading.labels.setdefault(
                    terms(pick), f"survey {shape.pk} · question {q.pk} · row {o + 1} · {language}"
                )
            if q.kind in _ONE_PICK:
                high = 0.0 if q.required and q.kind != "ranking" else math.inf
                reading.rows.append(row(plus(n, times(-1, plus(*picks))), 0, high, output, "one answer each"))
            else:
                for pick in picks:
                    reading.rows.append(row(plus(n, times(-1, pick)), 0, math.inf, output, "each option once"))
        for language in shape.languages:
            reading.labels.setdefault(
                terms({respondents_var(shape.pk, language): 1.0}), f"survey {shape.pk} · respondents in {language}"
            )


def read_voice(client: Client, shapes: Sequence[SurveyShape], schools: Sequence[SchoolLink]) -> Reading:
    reading = Reading("lead (voice)")
    for shape in shapes:
        survey_design(reading, shape)
        views = [("", "everyone"), ("?by=language", "by language")] + [
            (f"?only={code}", f"only {code}") for code in shape.languages
        ]
        for query, what in views:
            output = f"lead: results of survey {shape.pk}, {what} (HTML)"
            reading.outputs.append(output)
            _survey_results(reading, get(client, f"/surveys/{shape.pk}/results/{query}"), output, shape, query)
    for school in schools:
        output = f"lead: barrier dashboard of {school.name} (HTML)"
        reading.outputs.append(output)
        _barriers(
            reading,
            get(client, f"/schools/{school.pk}/voice/barriers/"),
            output,
            [s for s in shapes if s.school == school.pk and s.open],
        )
    return reading


def _language_codes() -> dict[str, str]:
    return {str(name): code for code, name in settings.LANGUAGES}


def _survey_results(reading: Reading, content: bytes, output: str, shape: SurveyShape, query: str) -> None:
    n = int(settings.VILLAGE_SMALL_N)
    names = _language_codes()
    document = parse_html(content.decode())
    everyone = {respondents_var(shape.pk, lang): 1.0 for lang in shape.languages}
    reading.labels.setdefault(terms(everyone), f"survey {shape.pk} · respondents")
    for p in document.all("p", "meta"):
        match = re.search(r"([\d,]+) responses?\b", p.text())
        if match:
            total = to_number(match[1])
            reading.rows.append(row(everyone, total, total, output, f"{match[1]} responses"))
    only = query.removeprefix("?only=") if query.startswith("?only=") else ""
    if document.first("div", "message--warning") is not None and only:
        reading.rows.append(row({respondents_var(shape.pk, only): 1.0}, 0, n - 1, output, f"fewer than {n} in {only}"))
    questions = {q.pk: q for q in shape.questions}
    for section in document.all("section", "card"):
        match = re.fullmatch(r"q-(\d+)", section.attrs.get("aria-labelledby", ""))
        if match is None or int(match[1]) not in questions:
            continue
        q = questions[int(match[1])]
        for p in section.all("p", "meta"):
            if "Not shown" in p.text():
                for name in p.text().split(":", 1)[1].split(","):
                    code = names[name.strip()]
                    reading.rows.append(
                        row({respondents_var(shape.pk, code): 1.0}, 1, n - 1, output, f"fewer than {n} in {code}")
                    )
        table = section.first("table")
        if table is None:
            continue
        columns: list[tuple[str, ...]] = []
        for th in list((table.first("thead") or Node("thead", {})).all("th"))[1:]:
            label = th.own_text()
            size = th.first("span")
            if size is None:
                continue  # "Average rank"
            held = tuple(th.attrs.get("data-languages", "").split())  # "Other languages" names its languages
            languages = shape.languages if label == "Everyone" else held or (names[label],)
            columns.append(languages)
            people = {respondents_var(shape.pk, lang): 1.0 for lang in languages}
            reading.labels.setdefault(terms(people), f"survey {shape.pk} · respondents in {'+'.join(languages)}")
            shown = size.text().removeprefix("(n=").removesuffix(")")
            count_rows(reading, people, shown, output, f"respondents {'+'.join(languages)} “{shown}”", (0, math.inf))
        for index, tr in enumerate((table.first("tbody") or Node("tbody", {})).all("tr")):
            cells = [td.text() for td in tr.all("td")][: len(columns)]
            for languages, text in zip(columns, cells, strict=True):
                picks = {survey_var(shape.pk, q.pk, index, lang): 1.0 for lang in languages}
                label = f"survey {shape.pk} · question {q.pk} · row {index + 1} · {'+'.join(languages)}"
                reading.labels.setdefault(terms(picks), label)
                count_rows(reading, picks, text, output, f"{label} “{text}”", (0, math.inf))


def _barriers(reading: Reading, content: bytes, output: str, shapes: Sequence[SurveyShape]) -> None:
    """Answers naming each barrier: the "Everyone" cells the survey results show, so "*" is any
    count the results hide (not only 1 to N-1: complementary suppression hides large ones too)."""
    with translation.override("en"):
        codes = {str(label): code for code, label in Barrier.choices}
    document = parse_html(content.decode())
    for tr in document.all("tr"):
        th, tds = tr.first("th"), list(tr.all("td"))
        # Columns: sessions, survey respondents, family plans, event declines. The declines are
        # counted on no other page a lead reads, so they combine with nothing here.
        if th is None or len(tds) != 4 or th.text() not in codes:
            continue
        code = codes[th.text()]
        tagged = [(s, q) for s in shapes for q in s.questions if q.barrier == code and q.barrier_option is not None]
        if len(tagged) != 1:
            continue  # several tagged questions: a sum of cells, left to the results' own rows
        shape, q = tagged[0]
        assert q.barrier_option is not None
        picks = {survey_var(shape.pk, q.pk, q.barrier_option, lang): 1.0 for lang in shape.languages}
        text = tds[1].text()
        label = f"survey {shape.pk} · question {q.pk} · row {q.barrier_option + 1} · {'+'.join(shape.languages)}"
        reading.labels.setdefault(terms(picks), label)
        count_rows(reading, picks, text, output, f"respondents naming {code} “{text}”", (0, math.inf))


def survey_links(
    shapes: Sequence[SurveyShape],
    figures: Sequence[Figure],
    infos: Mapping[str, IndicatorInfo],
    feeds: Mapping[int, tuple[str, int, int]],
    school_names: Mapping[int, str],
) -> list[Row]:
    """An indicator fed by a survey's scale question counts answers from its period, a subset of
    the answers the results count: `feeds` maps question → (indicator, threshold, survey)."""
    out: list[Row] = []
    periods: dict[str, set[str]] = defaultdict(set)
    for f in figures:
        periods[f.indicator].add(f.period)
    by_pk = {s.pk: s for s in shapes}
    for question, (name, threshold, survey) in feeds.items():
        if name not in infos or survey not in by_pk:
            continue
        shape, info = by_pk[survey], infos[name]
        school = school_names[shape.school]
        every = {survey_var(survey, question, o, lang): 1.0 for o in range(5) for lang in shape.languages}
        high = {survey_var(survey, question, o, lang): 1.0 for o in range(threshold - 1, 5) for lang in shape.languages}
        for period in periods[name]:
            num = {cell_var(info, period, school, ALL, "n"): 1.0}
            den = {cell_var(info, period, school, ALL, "d"): 1.0}
            fact = f"{name} counts answers to question {question}"
            out.append(row(plus(every, times(-1, den)), 0, math.inf, "survey-fed indicator", fact))
            out.append(row(plus(high, times(-1, num)), 0, math.inf, "survey-fed indicator", fact))
            out.append(
                row(plus(every, times(-1, high), times(-1, den), num), 0, math.inf, "survey-fed indicator", fact)
            )
    return out


# --- The truth, from the database ---------------------------------------------------------------


def survey_shape(survey_pk: int) -> SurveyShape:
    from village.voice.models import QuestionKind, Survey, SurveyStatus

    survey = Survey.objects.get(pk=survey_pk)
    questions = tuple(
        QuestionShape(
            q.pk,
            q.kind,
            5 if q.kind == QuestionKind.SCALE else len(q.options),
            q.required,
            q.barrier,
            q.barrier_option,
        )
        for q in survey.questions.order_by("position")
    )
    return SurveyShape(
        survey.pk, survey.school_id, tuple(survey.languages), questions, survey.status != SurveyStatus.DRAFT
    )


def survey_truth(shape: SurveyShape) -> dict[str, float]:
    from village.voice.models import Response

    out: dict[str, float] = defaultdict(float)
    for language, answers in Response.objects.filter(survey_id=shape.pk).values_list("language", "answers"):
        out[respondents_var(shape.pk, language)] += 1
        for q in shape.questions:
            answer = answers.get(str(q.pk)) if isinstance(answers, dict) else None
            if q.kind == "scale" and isinstance(answer, int) and 1 <= answer <= 5:
                picked = [answer - 1]
            elif q.kind == "single" and isinstance(answer, int):
                picked = [answer]
            elif q.kind == "ranking" and isinstance(answer, list) and answer and isinstance(answer[0], int):
                picked = [answer[0]]
            elif q.kind == "multiple" and isinstance(answer, list):
                picked = [a for a in answer if isinstance(a, int)]
            else:
                picked = []
            for option in picked:
                out[survey_var(shape.pk, q.pk, option, language)] += 1
    return dict(out)
