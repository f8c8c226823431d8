"""Setting up the indicator framework, computing Village's own figures, opening reviews and celebrating."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.indicators import compute, tables
from village.indicators.actions.releases import publish_period
from village.indicators.models import (
    ALL_STUDENTS,
    Celebration,
    Indicator,
    Period,
    Review,
    Value,
)
from village.indicators.starter import EVERY_GROUP, STARTER
from village.indicators.vocab import COMPUTED, CelebrationKind, Direction, ReviewStatus
from village.lib.changes import changed_fields
from village.lib.translation import catalog_texts, changed_texts, check_language, text_in, written_in
from village.orgs.models import District, Organization, School
from village.partnerships.models import PartnershipStatus

REVIEW_DAYS = 30


def ensure_starter(district: District) -> int:
    """Create the starter indicators the district does not have yet; returns how many were added."""
    have = set(Indicator.objects.filter(district=district).values_list("code", flat=True))
    added = [
        Indicator(district=district, **{"groups": EVERY_GROUP, **spec, "name": catalog_texts(spec["name"])})
        for spec in STARTER
        if spec["code"] not in have
    ]
    Indicator.objects.bulk_create(added)
    return len(added)


def save_indicator(
    actor: User, indicator: Indicator, name: str | None = None, language: str | None = None
) -> Indicator:
    """Create or update an indicator the form has validated. `name`: its name as written in
    `language` (a new indicator) or in the language it is written in (an existing one); a changed
    name drops the translations of the old one. An indicator saved unchanged writes nothing."""
    creating = indicator.pk is None
    if name is not None:
        if creating:
            indicator.source_language = language or actor.preferred_language or settings.LANGUAGE_CODE
            indicator.name = written_in(indicator.source_language, name)
        elif name.strip() != text_in(indicator.name, indicator.source_language):
            indicator.name = written_in(indicator.source_language, name)
    if not text_in(indicator.name, indicator.source_language):
        raise ValidationError({"name": _("This field is required.")})
    unknown = [g for g in indicator.groups if g not in EVERY_GROUP]
    if unknown:
        raise ValidationError(_("Unknown student group: %(groups)s.") % {"groups": ", ".join(unknown)})
    changed = changed_fields(indicator)
    if not changed:
        return indicator
    indicator.save()
    if creating:
        record(actor, "indicators.indicator.created", indicator)
    else:
        record(actor, "indicators.indicator.updated", indicator, fields=changed)
    return indicator


def add_period(actor: User, district: District, label: str, starts: dt.date, ends: dt.date) -> Period:
    if ends < starts:
        raise ValidationError(_("The last day comes before the first day."))
    overlap = Period.objects.filter(district=district, starts__lte=ends, ends__gte=starts).first()
    if overlap is not None:
        raise ValidationError(
            _("This period overlaps “%(other)s” (%(starts)s to %(ends)s). Periods may not overlap.")
            % {"other": overlap.label, "starts": overlap.starts, "ends": overlap.ends}
        )
    if Period.objects.filter(district=district, label=label).exists():
        raise ValidationError(_("A period is already called “%(label)s”.") % {"label": label})
    period = Period.objects.create(district=district, label=label, starts=starts, ends=ends)
    record(actor, "indicators.period.created", period, district_id=district.pk)
    return period


@dataclass
class Refreshed:
    values: int = 0
    reviews: list[Review] = field(default_factory=list)
    celebrations: list[Celebration] = field(default_factory=list)


def refresh(actor: User | None, district: District, period: Period) -> Refreshed:
    """Recompute Village's own indicators for a period, then open reviews and celebrate."""
    out = Refreshed()
    now = timezone.now()
    with transaction.atomic():
        for indicator in Indicator.objects.filter(district=district, source__in=COMPUTED, active=True):
            cube = compute.cube(indicator, period)
            Value.objects.filter(indicator=indicator, period=period, source="computed").delete()
            rows = [
                Value(
                    district=district,
                    indicator=indicator,
                    period=period,
                    school_id=school_id,
                    group=group,
                    numerator=s.numerator,
                    denominator=s.denominator,
                    students=s.count,
                    source="computed",
                    updated_at=now,
                )
                for (school_id, group), s in cube.items()
            ]
            Value.objects.bulk_create(rows, batch_size=1000)
            out.values += len(rows)
        out.reviews = open_reviews(actor, district, period)
        out.celebrations = celebrate_targets(district, period)
        # What leaves the schools, protected together: published by the task worker (a task row
        # written in this transaction, so it runs only if the figures are committed).
        publish_period.enqueue(district.pk, period.pk)
        record(actor, "indicators.values.refreshed", period, district_id=district.pk, values=out.values)
    return out


def _previous(period: Period) -> Period | None:
    return Period.objects.filter(district_id=period.district_id, ends__lt=period.starts).order_by("-ends").first()


def _current_period(district: District) -> Period | None:
    """The latest period that has begun: reviews open for it, not for history being recomputed."""
    return Period.objects.filter(district=district, starts__lte=timezone.localdate()).order_by("-starts").first()


def _reason(indicator: Indicator, row: tables.Row, overall: tables.Row) -> str:
    """Why this row needs a review ("gap" or "target"), or "" when it does not.

    All students missing the target is one review for the school. A group opens its own review
    when it trails all students by more than the indicator's margin, or misses a target all
    students meet: a group gap rather than a school-wide one.
    """
    if row.cells[-1].value is None:
        return ""
    if row.group == ALL_STUDENTS:
        return "target" if row.meets_target is False else ""
    margin = float(indicator.gap_margin)
    if row.gap_value is not None:
        worse = -row.gap_value if indicator.direction == Direction.HIGHER else row.gap_value
        if worse > margin:
            return "gap"
    if row.meets_target is False and overall.meets_target is not False:
        return "target"
    return ""


def open_reviews(actor: User | None, district: District, period: Period) -> list[Review]:
    """Open the reviews the period's figures call for (see `_reason`), at most one open review
    per school, indicator and group; only for the current period."""
    opened: list[Review] = []
    if period != _current_period(district):
        return opened
    schools = list(School.objects.filter(district=district).order_by("name"))
    indicators = list(Indicator.objects.filter(district=district, active=True))
    due = timezone.localdate() + dt.timedelta(days=REVIEW_DAYS)
    still_open = set(
        Review.objects.filter(district=district)
        .exclude(status=ReviewStatus.CLOSED)
        .values_list("indicator_id", "school_id", "group")
    )
    for school in schools:
        for board in tables.boards(indicators, [period], [school]):
            indicator = board.indicator
            overall = board.rows[0]
            for row in board.rows:
                reason = _reason(indicator, row, overall)
                if not reason or (indicator.pk, school.pk, row.group) in still_open:
                    continue
                review, created = Review.objects.get_or_create(
                    indicator=indicator,
                    period=period,
                    school=school,
                    group=row.group,
                    defaults={
                        "district": district,
                        "reason": reason,
                        "due": due,
                        "evidence": {
                            "value": row.cells[-1].display,
                            "all_students": overall.cells[-1].display,
                            "gap": row.gap,
                            "target": str(indicator.target) if indicator.target is not None else "",
                            "margin": str(indicator.gap_margin),
                        },
                    },
                )
                if created:
                    record(actor, "indicators.review.opened", review, school=school.name, group=row.group)
                    opened.append(review)
    return opened


def _partners_of(school: School | None) -> list[Organization]:
    if school is None:
        return []
    return list(
        Organization.objects.filter(
            partnerships__schools=school,
            partnerships__status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.RENEWING],
        ).distinct()
    )


def celebrate_targets(district: District, period: Period) -> list[Celebration]:
    """A celebration for each school whose students reach a target they had not reached the period before."""
    made: list[Celebration] = []
    before = _previous(period)
    indicators = [i for i in Indicator.objects.filter(district=district, active=True) if i.target is not None]
    for school in School.objects.filter(district=district).order_by("name"):
        periods = [p for p in (before, period) if p is not None]
        for board in tables.boards(indicators, periods, [school], group=ALL_STUDENTS):
            row = board.rows[0]
            now, then = row.cells[-1], (row.cells[0] if len(row.cells) == 2 else None)
            if now.value is None or not board.indicator.better(now.value, float(board.indicator.target or 0)):
                continue
            if (
                then is not None
                and then.value is not None
                and board.indicator.better(then.value, float(board.indicator.target or 0))
            ):
                continue  # already reached before: celebrated then
            celebration, created = Celebration.objects.get_or_create(
                indicator=board.indicator,
                period=period,
                school=school,
                kind=CelebrationKind.TARGET_REACHED,
                defaults={
                    "district": district,
                    "title": str(board.indicator),
                    "detail": now.display,
                    "happened_on": min(period.ends, timezone.localdate()),
                },
            )
            if created:
                celebration.partners.set(_partners_of(school))
                made.append(celebration)
    return made


def add_celebration(
    actor: User,
    district: District,
    *,
    kind: str,
    title: str,
    detail: str,
    happened_on: dt.date,
    school: School | None,
    partners: Sequence[Organization],
) -> Celebration:
    celebration = Celebration.objects.create(
        district=district, school=school, kind=kind, title=title, detail=detail, happened_on=happened_on
    )
    celebration.partners.set(partners)
    record(actor, "indicators.celebration.created", celebration, district_id=district.pk)
    return celebration


def translate_indicator(actor: User, indicator: Indicator, language: str, texts: Mapping[str, str]) -> None:
    """Store `language`'s translation of the indicator's name ("name"); writes nothing, and records
    nothing, when nothing changes."""
    check_language(language, indicator.source_language)
    changed = changed_texts({"name": indicator.name}, language, texts)
    if not changed:
        return
    with transaction.atomic():
        indicator.name = changed["name"]
        indicator.save(update_fields=["name"])
        record(actor, "indicators.indicator.translated", indicator, language=language)
