"""Demo indicators for Riverbend: four quarters of figures, a gap under review, one worked to closure."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from village.accounts.models import Membership, Role, User
from village.families.models import Student
from village.indicators import actions
from village.indicators.imports import plan_values
from village.indicators.models import (
    ALL_STUDENTS,
    Indicator,
    Review,
)
from village.indicators.vocab import Source, Unit
from village.orgs.models import District, School
from village.voice.models import Question, QuestionKind

# Imported indicators: a base rate for all students and how far each group sits from it
# (points), so the dashboards show the gaps a real district sees.
BASE = {
    "attendance": 93.5,
    "iep-services": 91.0,
    "specialist-access": 78.0,
    "enrichment": 58.0,
    "student-belonging": 71.0,
}
GROUP_SHIFT = {"iep_504": -4.0, "english_learner": -3.0, "economically_disadvantaged": -5.0, "homeless_or_foster": -9.0}
UNITS_PER_STUDENT = {"attendance": 60, "iep-services": 300}  # school days and service minutes per student per quarter


def _quarters(today: dt.date, count: int = 4) -> list[tuple[str, dt.date, dt.date]]:
    """The last `count` calendar quarters, ending with the one `today` is in."""
    out = []
    year, quarter = today.year, (today.month - 1) // 3
    for _ in range(count):
        starts = dt.date(year, 3 * quarter + 1, 1)
        ends = (dt.date(year + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1)) - dt.timedelta(days=1)
        out.append((f"{year} Q{quarter + 1}", starts, ends))
        quarter -= 1
        if quarter < 0:
            year, quarter = year - 1, 3
    return out[::-1]


FIGURE_COLUMNS = ("indicator", "school", "period", "group", "numerator", "denominator", "students")


def _csv(columns: tuple[str, ...], rows: Sequence[tuple[str | int, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode()


def _group_counts(district: District) -> dict[tuple[int, str], int]:

    counts: dict[tuple[int, str], int] = defaultdict(int)
    flags = {
        "iep_504": ["has_iep", "has_504"],
        "english_learner": ["english_learner"],
        "economically_disadvantaged": ["economically_disadvantaged"],
        "homeless_or_foster": ["homeless", "foster_care"],
    }
    enrolled = Student.objects.filter(district=district, status="enrolled")
    for row in enrolled.values("school_id").annotate(n=Count("id")):
        counts[(row["school_id"], ALL_STUDENTS)] = row["n"]

    for group, fields in flags.items():
        q = Q()
        for f in fields:
            q |= Q(**{f: True})
        for row in enrolled.filter(q).values("school_id").annotate(n=Count("id")):
            counts[(row["school_id"], group)] = row["n"]
    return counts


def build(riverbend: District, lincoln: School) -> None:

    rng = random.Random(7)
    lead = Membership.objects.filter(district=riverbend, role=Role.DISTRICT_LEAD).select_related("user").first()
    coordinator = Membership.objects.filter(school=lincoln, role=Role.SCHOOL_COORDINATOR).select_related("user").first()
    assert lead is not None, "Riverbend's lead is a persona"
    actor = lead.user
    actions.ensure_starter(riverbend)
    periods = [
        actions.add_period(actor, riverbend, label, starts, ends)
        for label, starts, ends in _quarters(timezone.localdate())
    ]
    indicators = {i.code: i for i in Indicator.objects.filter(district=riverbend)}
    school_names = dict(School.objects.filter(district=riverbend).values_list("pk", "name"))
    counts = _group_counts(riverbend)
    rows = []
    for k, period in enumerate(periods):
        for (school_id, group), students in counts.items():
            for code, base in BASE.items():
                indicator = indicators[code]
                if group != ALL_STUDENTS and group not in indicator.groups:
                    continue
                rate = base + 0.8 * k + rng.uniform(-1.5, 1.5)
                if group != ALL_STUDENTS:
                    rate += GROUP_SHIFT[group]
                    # Lincoln's English learners fall behind on attendance in the latest quarter.
                    if code == "attendance" and group == "english_learner" and school_id == lincoln.pk:
                        rate -= 3.0 + 9.0 * (k == len(periods) - 1)
                rate = max(1.0, min(99.0, rate))
                per = UNITS_PER_STUDENT.get(code, 1)
                denominator = students * per
                numerator = round(denominator * rate / 100)
                rows.append((code, school_names[school_id], period.label, group, numerator, denominator, students))
    # The district's lead uploads the year's figures as a spreadsheet, as districts do.
    plan = plan_values(riverbend, "figures.csv", _csv(FIGURE_COLUMNS, rows), dry_run=False)
    assert plan.ok, plan.errors
    actions.import_values(actor, riverbend, plan)
    _survey_fed(actor, riverbend, lincoln)
    for period in periods:
        actions.refresh(actor, riverbend, period)
    # Lincoln's review of its English learners' attendance was worked to closure; the others stay open.
    review = (
        Review.objects.filter(school=lincoln, indicator__code="attendance", group="english_learner").first()
        or Review.objects.filter(district=riverbend).order_by("pk").first()  # a small demo build
    )
    if review is not None and review.school_id != lincoln.pk:
        coordinator = (
            Membership.objects.filter(school_id=review.school_id, role=Role.SCHOOL_COORDINATOR)
            .select_related("user")
            .first()
        )
    if review is not None and coordinator is not None:
        actions.update_review(
            coordinator.user,
            review,
            findings="Families said the early bus misses the east apartments; mornings clash with shift work.",
            reallocations="Two hours a week of the family liaison moved to morning calls in Arabic and Spanish.",
            participants=[coordinator.user],
        )
        action = actions.add_review_action(
            coordinator.user,
            review,
            text="Ask the district for a second morning stop",
            owner=coordinator.user,
            due=periods[-1].ends,
        )
        actions.finish_review_action(coordinator.user, action)
        actions.close_review(coordinator.user, review)


def _survey_fed(actor: User, riverbend: District, lincoln: School) -> None:
    """An indicator fed by the family survey's 1-5 question, when the voice demo has one."""

    question = Question.objects.filter(survey__school=lincoln, kind=QuestionKind.SCALE).order_by("pk").first()
    if question is None:
        return
    indicator = Indicator(
        district=riverbend,
        code="families-feel-welcome",
        definition="Share of families answering 4 or 5 to “How welcome do you feel?” in the family survey.",
        numerator="Families answering 4 or 5",
        denominator="Families answering",
        unit=Unit.PERCENT,
        target=Decimal(80),
        source=Source.SURVEY_ITEM,
        survey_question=question,
        survey_threshold=4,
        groups=[],
    )
    actions.save_indicator(actor, indicator, name="Families who feel welcome", language="en")
    # Staff translated its name into Arabic only; other languages show it marked "not yet translated".
    actions.translate_indicator(actor, indicator, "ar", {"name": "العائلات التي تشعر بالترحيب"})
