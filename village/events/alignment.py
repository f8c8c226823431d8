"""Planning an event around the families it is for: the times most of them said they can come
(from their profiles' availability windows), whether the event's time suits them, and the
languages many of them read that no interpretation covers. Counts only, and any count under
the small-number threshold is not shown (a handful of families could be recognised)."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from village.families.models import AvailabilityWindow, Household
from village.lib.languages import language_name, to_edfi
from village.lib.suppression import small_n
from village.lib.vocab import Weekday
from village.orgs.models import School

# The hours a best time may start at (local wall-clock), one hour long each.
HOURS = range(7, 21)
BEST_TIMES = 5


@dataclass(frozen=True)
class Slot:
    weekday: int
    hour: int
    families: int

    @property
    def label(self) -> str:
        day = dict(Weekday.choices)[self.weekday]
        return f"{day} {self.hour:02d}:00–{self.hour + 1:02d}:00"


@dataclass
class Alignment:
    invited: int = 0  # households the event is for
    with_times: int = 0  # of them, those who said when they can come
    n: int = 10
    best: list[Slot] = field(default_factory=list)
    can_come: int | None = None  # families whose times cover the event (None: too few to say)
    missing_interpretation: list[tuple[str, int]] = field(default_factory=list)

    @property
    def outside_hours(self) -> bool:
        """Fewer than half the families who gave their times can come then."""
        return self.can_come is not None and self.can_come * 2 < self.with_times


def _households(school: School) -> Q:
    return Q(students__school=school, students__status="enrolled")


def _covers(windows: list[AvailabilityWindow], start: datetime.datetime, end: datetime.datetime) -> bool:
    if start.date() != end.date():
        return False
    return any(w.weekday == start.isoweekday() and w.starts <= start.time() and end.time() <= w.ends for w in windows)


def alignment(
    school: School | None,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    time_zone: str,
    offered: list[str],
) -> Alignment:
    """How the time and the languages offered (held in or interpreted into) suit the school's families."""
    n = small_n()
    found = Alignment(n=n)
    if school is None:
        return found
    households = list(Household.objects.filter(_households(school)).distinct().select_related("profile"))
    found.invited = len(households)
    windows: dict[int, list[AvailabilityWindow]] = {}
    for window in AvailabilityWindow.objects.filter(profile__household__in=households).select_related("profile"):
        windows.setdefault(window.profile.household_id, []).append(window)
    found.with_times = len(windows)
    slots: Counter[tuple[int, int]] = Counter()
    for own in windows.values():
        for weekday, hour in {
            (w.weekday, h)
            for w in own
            for h in HOURS
            if w.starts <= datetime.time(h) and datetime.time(h + 1) <= w.ends
        }:
            slots[(weekday, hour)] += 1
    found.best = [Slot(d, h, c) for (d, h), c in slots.most_common() if c >= n][:BEST_TIMES]
    if found.with_times >= n and starts_at is not None and ends_at is not None:
        zone = zoneinfo.ZoneInfo(time_zone)
        start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
        can = sum(1 for own in windows.values() if _covers(own, start, end))
        # Neither the families who can come nor those who cannot may be a handful.
        if (can >= n and found.with_times - can >= n) or can == 0 or can == found.with_times:
            found.can_come = can
    covered = {to_edfi(code) for code in offered} | {"eng"}
    reads: Counter[str] = Counter()
    for household in households:
        profile = getattr(household, "profile", None)
        code = to_edfi((profile.preferred_language if profile else "") or household.home_language)
        if code and code not in covered:
            reads[code] += 1
    found.missing_interpretation = [(language_name(code), c) for code, c in reads.most_common() if c >= n]
    return found


def warnings(found: Alignment) -> list[str]:
    """What the organizer should know, in the reader's language."""
    said: list[str] = []
    if found.outside_hours and found.can_come is not None:
        said.append(
            _("Only %(can)s of the %(all)s families who said when they can come are free at this time.")
            % {"can": found.can_come, "all": found.with_times}
        )
    for language, count in found.missing_interpretation:
        said.append(
            _("%(count)s families read %(language)s, and no interpretation into it is planned.")
            % {"count": count, "language": language}
        )
    return said
