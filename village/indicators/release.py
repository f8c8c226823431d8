"""One release per district and period: every figure about students, needs or answers that leaves
a school's own staff (public reports and their PDFs, dashboards and their CSVs, charts, partners'
shared metrics, council dashboards) is looked up here, never computed on its own.

A release holds a published form (`Rate`) for each indicator × scope × student group, where a
scope is a set of schools something publishes together: the district, each school, and each
partnership's schools. Its cells are protected together (docs/privacy.md):

1. each cell is printed by `publish` (primary suppression and coding, with no threshold that
   tells a group's size);
2. `village.indicators.audit` then bounds, with linear programming over everything the release
   prints, each small count (a group of 1 to N-1, all students but such a group, the few who did
   or did not in a larger group), and while one can be narrowed below the protection interval
   it hides one more linked cell ("**", complementary), cheapest first.

Releases are published by the task worker (`actions.publish_period`), asked for when indicators
are computed and whenever a page finds the figures changed since the last release; each is stored
as a `PublishedRelease` with the fingerprint of its inputs (the period's values, partnerships,
indicators, schools, N and the answers feeding survey indicators). Pages read them through
`village.indicators.published` and never build one on a request.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, Max, Sum
from django.utils.formats import number_format

from village.indicators import audit
from village.indicators.cells import (
    HIDDEN,
    NO_DATA,
    CellKey,
    Counts,
    Release,
    Scope,
    complementary,
)
from village.indicators.models import ALL_STUDENTS, Indicator, Period, PublishedRelease, Value
from village.indicators.vocab import Unit
from village.lib.suppression import Rate, bottom_code, small_n, top_code
from village.orgs.models import School
from village.partnerships.models import Partnership
from village.voice.models import Response


def per_person(indicator: Indicator, values: Sequence[Counts]) -> bool:
    """Each person adds exactly one to the denominator (a share of students, families, answers)."""
    return all(v.denominator == v.students for v in values)


def publish(indicator: Indicator, counts: Counts, shares_of_people: bool, n: int) -> Rate:
    """The publishable form of one figure, alone (the audit may hide it further).

    - nobody: "–"; fewer than N people: "*";
    - a share (of students, needs or answers): "fewer than N" when 1 to N-1 did, "all but fewer
      than N" when 1 to N-1 did not (the same words whatever the group's size), otherwise the
      share, to a whole percent for a share of people and to a tenth for a share of needs;
    - any other measure: to a tenth, about at least N students.
    The value kept for charts and gaps is the printed one, never more precise."""
    if counts.denominator <= 0:
        return NO_DATA
    if counts.students < n:
        return HIDDEN
    if indicator.unit == Unit.PERCENT:
        did, did_not = counts.numerator, counts.denominator - counts.numerator
        if 0 < did < n:
            return bottom_code(n)
        if 0 < did_not < n:
            return top_code(n)
        share = 100 * counts.numerator / counts.denominator
        if shares_of_people:
            whole = round(share)
            return Rate(f"{whole}%", float(whole))
        tenth = round(share, 1)
        return Rate(f"{number_format(tenth, 1)}%", tenth)
    value = indicator.value_of(counts.numerator, counts.denominator)
    assert value is not None
    tenth = round(value, 1)
    return Rate(number_format(tenth, 1), tenth)


# A test-only seam: tests/privacy sets it to False to replay the attack on the figures as each
# output printed them before releases (each alone, with size-revealing codes and raw charts).
PROTECT = True


def scopes_of(district_id: int, schools: Sequence[int]) -> list[Scope]:
    found: list[Scope] = [frozenset(schools)] + [frozenset([s]) for s in schools]
    for partnership in Partnership.objects.filter(district_id=district_id).prefetch_related("schools"):
        scope = frozenset(s.pk for s in partnership.schools.all())
        if scope and scope not in found:
            found.append(scope)
    return found


def school_counts(
    district_id: int, period: Period, indicators: Sequence[Indicator]
) -> dict[tuple[int, int, str], Counts]:
    rows = (
        Value.objects.filter(district_id=district_id, period=period, indicator__in=indicators)
        .values("indicator_id", "school_id", "group")
        .annotate(n=Sum("numerator"), d=Sum("denominator"), s=Sum("students"))
    )
    return {(r["indicator_id"], r["school_id"], r["group"]): Counts(r["n"], r["d"], r["s"]) for r in rows}


def build(district_id: int, period: Period) -> Release:

    n = small_n()
    indicators = list(
        Indicator.objects.filter(district_id=district_id, active=True)
        .select_related("survey_question__survey")
        .order_by("pk")
    )
    schools = list(School.objects.filter(district_id=district_id).order_by("pk").values_list("pk", flat=True))
    scopes = scopes_of(district_id, schools)
    found = school_counts(district_id, period, indicators)
    release = Release(district_id, period.pk, scopes=tuple(scopes))
    people: dict[int, bool] = {}
    sums: dict[CellKey, Counts] = {}
    for indicator in indicators:
        mine = [c for (i, _s, _g), c in found.items() if i == indicator.pk]
        people[indicator.pk] = per_person(indicator, mine)
        for scope in scopes:
            for group in (ALL_STUDENTS, *indicator.groups):
                parts = [found.get((indicator.pk, s, group), Counts(0, 0, 0)) for s in scope]
                total = Counts(*(sum(getattr(p, f) for p in parts) for f in ("numerator", "denominator", "students")))
                sums[(indicator.pk, scope, group)] = total
                release.cells[(indicator.pk, scope, group)] = publish(indicator, total, people[indicator.pk], n)
    if PROTECT:
        _follow_surveys(release, indicators)
        audit.protect(release, indicators, schools, found, people, sums, n)
    return release


def _follow_surveys(release: Release, indicators: Sequence[Indicator]) -> None:
    """A survey-fed indicator counts the answers the survey's results count: wherever those hide
    an answer count of its question, the indicator hides the school's figure and every sum that
    holds it (the share would give the hidden count back)."""
    from village.voice.results import figures as survey_figures

    for indicator in indicators:
        question = indicator.survey_question
        if question is None:
            continue
        survey = question.survey
        shown = survey_figures(survey).everyone(question)
        if not any(cell.suppressed for cell in shown) or survey.school_id is None:
            continue
        for scope in release.scopes:
            if survey.school_id in scope:
                for group in (ALL_STUDENTS, *indicator.groups):
                    key = (indicator.pk, scope, group)
                    if release.cells.get(key, NO_DATA).reason != "no_data":
                        release.cells[key] = complementary()


def _fingerprint_parts(district_id: int, period: Period) -> tuple[object, ...]:
    values = Value.objects.filter(district_id=district_id, period=period).aggregate(
        c=Count("id"), n=Sum("numerator"), d=Sum("denominator"), s=Sum("students"), u=Max("updated_at")
    )
    shape = tuple(
        sorted(
            (p, tuple(sorted(s)))
            for p, s in _partnership_schools(district_id).items()  # the scopes published together
        )
    )
    indicators = tuple(
        Indicator.objects.filter(district_id=district_id, active=True)
        .order_by("pk")
        .values_list("pk", "unit", "groups")
        .iterator()
    )
    schools = tuple(School.objects.filter(district_id=district_id).order_by("pk").values_list("pk", flat=True))
    # A survey-fed indicator follows what the survey's results hide, which moves with each answer.
    fed = Indicator.objects.filter(district_id=district_id, active=True, survey_question__isnull=False)
    answers = Response.objects.filter(survey__questions__pk__in=fed.values("survey_question")).count()
    return (
        district_id,
        period.pk,
        small_n(),
        PROTECT,
        tuple(sorted(values.items())),
        shape,
        str(indicators),
        schools,
        answers,
    )


def _partnership_schools(district_id: int) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for pk, school in Partnership.objects.filter(district_id=district_id).values_list("pk", "schools"):
        if school is not None:
            out[pk].add(school)
    return out


def fingerprint(district_id: int, period: Period) -> str:
    """What the period's release is built from, as a short hash: any change makes a new one."""
    parts = repr(_fingerprint_parts(district_id, period)).encode()
    return hashlib.sha256(parts).hexdigest()


def stored(district_id: int, period: Period, key: str | None) -> Release | None:
    """The release `actions.publish_release` stored for exactly these figures (`key`), or the
    last one stored for the period whatever its figures (`key` None), if any."""
    found = PublishedRelease.objects.filter(period=period, district_id=district_id)
    if key is not None:
        found = found.filter(fingerprint=key)
    row = found.first()
    if row is None:
        return None
    out = Release(
        district_id,
        period.pk,
        scopes=tuple(frozenset(scope) for scope in row.scopes),
        audited_targets=row.audited,
        solves=row.solves,
        hidden_complementary=row.hidden,
        current=key is not None,
    )
    for indicator, scope, group, display, value, reason in row.cells:
        out.cells[(indicator, frozenset(scope), group)] = Rate(display, value, reason)
    return out
