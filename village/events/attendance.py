"""An event's attendance as each reader may see it: the school's own staff see the counts; anyone
else sees them through small-number suppression (`village.lib.suppression`), groups and totals
alike, so a few families who came cannot be told apart.

Also the school-wide figures other apps read: family attendances at a school's events over a
time span (the family-participation indicator, the barrier dashboard), and the reasons families
gave for not coming. Attendance is counted at the door, event by event, so a family that came to
three events counts three times: these are attendances, not distinct families."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from village.events.models import OTHER_LANGUAGE, Attendance, Event, Rsvp, RsvpStatus
from village.lib.languages import language_name
from village.lib.suppression import suppress_table


@dataclass(frozen=True)
class Line:
    label: str
    figure: str  # a count, or "*" when suppressed


@dataclass(frozen=True)
class AttendanceView:
    groups: list[Line]
    families: str
    people: str
    suppressed: bool  # some figure is hidden


def group_label(code: str) -> str:
    return _("Another language") if code == OTHER_LANGUAGE else language_name(code)


def attendance_view(attendance: Attendance, groups: list[str], *, own_staff: bool) -> AttendanceView:
    counts = [int(attendance.families.get(code, 0)) for code in groups]
    if own_staff:
        lines = [Line(group_label(c), f"{n:,}") for c, n in zip(groups, counts, strict=True)]
        return AttendanceView(lines, f"{sum(counts):,}", f"{attendance.people:,}", False)
    table = suppress_table([[n] for n in counts])
    people = suppress_table([[attendance.people]]).grand_total
    lines = [Line(group_label(c), row[0].display()) for c, row in zip(groups, table.cells, strict=True)]
    hidden = table.suppressed_count() > 0 or people.suppressed
    return AttendanceView(lines, table.grand_total.display(), people.display(), hidden)


def _held(start: datetime.datetime, end: datetime.datetime) -> Q:
    """Attendance of events that started in [start, end)."""
    return Q(event__starts_at__gte=start, event__starts_at__lt=end)


def family_attendances(district_id: int, start: datetime.datetime, end: datetime.datetime) -> dict[int, int]:
    """School id → families counted at the door of its events that started in [start, end),
    summed over events (district-wide events belong to no school and are left out)."""
    found: Counter[int] = Counter()
    rows = Attendance.objects.filter(_held(start, end), district_id=district_id, event__school__isnull=False)
    for school_id, families in rows.values_list("event__school_id", "families"):
        found[school_id] += sum(int(v) for v in families.values())
    return dict(found)


@dataclass(frozen=True)
class SchoolAttendance:
    """A school's events over a span: how many were held and recorded, and families counted at
    them by the language they read, through suppression."""

    held: int  # events, not people: never suppressed
    recorded: int  # of those, events whose attendance was recorded
    groups: list[Line]
    families: str
    suppressed: bool


def school_attendance(
    school_id: int, groups: list[str], start: datetime.datetime, end: datetime.datetime
) -> SchoolAttendance:
    from_events = Attendance.objects.filter(_held(start, end), event__school_id=school_id)
    counts: Counter[str] = Counter()
    recorded = 0
    for families in from_events.values_list("families", flat=True):
        recorded += 1
        for code, n in families.items():
            counts[code if code in groups else OTHER_LANGUAGE] += int(n)
    held = Event.objects.filter(school_id=school_id, starts_at__gte=start, starts_at__lt=end).count()
    table = suppress_table([[counts[code]] for code in groups])
    lines = [Line(group_label(c), row[0].display()) for c, row in zip(groups, table.cells, strict=True)]
    return SchoolAttendance(held, recorded, lines, table.grand_total.display(), table.suppressed_count() > 0)


def declines_by_reason(school_id: int, start: datetime.datetime) -> dict[str, int]:
    """Reason → answers saying "cannot come" that named it, for the school's events from `start` on."""
    answers = Rsvp.objects.filter(
        event__school_id=school_id, event__starts_at__gte=start, status=RsvpStatus.DECLINED, reason__gt=""
    )
    return dict(Counter(answers.values_list("reason", flat=True)))
