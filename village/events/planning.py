"""What an organizer reads while planning: conflicts with the school's own calendar, and the
totals of the answers (seats, the waiting list, and each accommodation asked for)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet

from village.events.models import NOT_COMING, Event, Rsvp, RsvpStatus, SchoolDate
from village.lib.languages import language_name
from village.orgs.models import School


def conflicts(school: School | None, starts_at: datetime.datetime, ends_at: datetime.datetime) -> QuerySet[SchoolDate]:
    """The school's calendar dates (holidays, early release, testing days) overlapping the time."""
    if school is None:
        return SchoolDate.objects.none()
    return SchoolDate.objects.filter(school=school, starts_at__lt=ends_at, ends_at__gt=starts_at)


def event_conflicts(event: Event) -> QuerySet[SchoolDate]:
    return conflicts(event.school, event.starts_at, event.ends_at)


@dataclass
class Totals:
    answers: int = 0
    coming: int = 0  # people, counting each group's size
    waiting: int = 0  # people on the waiting list
    waiting_answers: int = 0
    childcare_children: int = 0
    childcare_families: int = 0
    rides: int = 0
    interpreters: list[tuple[str, int]] = field(default_factory=list)  # (language name, people asking)
    free: int | None = None
    declined: int = 0  # answers saying they cannot come


def totals(event: Event) -> Totals:
    """Counts for planning: only answers of people coming count toward childcare, rides and
    interpreters (the waiting list is shown apart)."""
    found = Totals()
    languages: Counter[str] = Counter()
    found.declined = Rsvp.objects.filter(event=event, status=RsvpStatus.DECLINED).count()
    for rsvp in Rsvp.objects.filter(event=event).exclude(status__in=NOT_COMING):
        found.answers += 1
        if rsvp.status == RsvpStatus.WAITING:
            found.waiting += rsvp.party_size
            found.waiting_answers += 1
            continue
        found.coming += rsvp.party_size
        if rsvp.childcare_children:
            found.childcare_children += rsvp.childcare_children
            found.childcare_families += 1
        if rsvp.needs_ride:
            found.rides += 1
        if rsvp.interpreter_language:
            languages[rsvp.interpreter_language] += rsvp.party_size
    found.interpreters = [(language_name(code), n) for code, n in languages.most_common()]
    if event.capacity is not None:
        found.free = max(event.capacity - found.coming, 0)
    return found
