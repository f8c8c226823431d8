"""When a listing is open: HSDS 3.0 schedules (RFC 5545 recurrences) evaluated with `dateutil.rrule`.

The one place that answers "open at time T on date D" (`open_at`) and "open during this
window" (`open_during`, a family's weekly free time): the finder, the service page and matching
all read these. Times are the listing's wall-clock times (the HSDS `timezone` offset is kept and
exported, not converted: families read the hours as the place gives them). A closing time
before the opening time is the next day (22:00-06:00). A schedule with no opening time is open
from the start of its days; one with no closing time until their end.

Which days a schedule opens on: its rule between `dtstart` (or `valid_from`) and the earliest of
`until` and `valid_to`, `count` occurrences at most. `byday` without `freq` is weekly, `bymonthday`
without `freq` monthly; a schedule with only `dtstart` opens that one day; one with no day at all
(only a description) opens on no known day.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from dateutil import rrule
from django.utils import timezone

EVENING_FROM = datetime.time(17, 0)
SCHOOL_DAY = (datetime.time(8, 0), datetime.time(15, 0))
# How far ahead "open during this window" looks: long enough for a monthly rule to come round.
HORIZON_DAYS = 91
# How far ahead the search flags (evening, weekend, outside the school day) look.
FLAG_HORIZON_DAYS = 366
BYDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index + 1 is the ISO weekday
_RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
# An anchor for rules that repeat every n weeks or months but give no first date (deterministic).
_EPOCH = datetime.date(2000, 1, 3)


class Rule(Protocol):
    """The schedule fields this reads (a `Schedule`, or an import's plan of one)."""

    freq: str
    interval: int | None
    byday: str
    bymonthday: str
    byweekno: str
    byyearday: str
    dtstart: datetime.date | None
    until: datetime.date | None
    count: int | None
    wkst: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    opens_at: datetime.time | None
    closes_at: datetime.time | None


# --- reading the rule's parts (the import and the form check with these) -------------------


def parse_byday(text: str, freq: str = "") -> list[tuple[int | None, str]]:
    """`byday` ("TU,TH", "1TH,-1FR") as (ordinal or None, day code); ValueError names the bad part.
    Ordinals (which Tuesday of the month) belong to monthly rules only."""
    days: list[tuple[int | None, str]] = []
    for part in text.split(","):
        token = part.strip().upper()
        if not token:
            continue
        match = _BYDAY.match(token)
        if not match:
            raise ValueError(token)
        ordinal = int(match.group(1)) if match.group(1) else None
        if ordinal is not None and (ordinal == 0 or abs(ordinal) > 5 or freq.upper() == "WEEKLY"):
            raise ValueError(token)
        days.append((ordinal, match.group(2)))
    return days


def parse_numbers(text: str, limit: int) -> list[int]:
    """A comma-separated list of whole numbers from -limit to limit, none zero ("1,15", "-1"); else ValueError."""
    numbers: list[int] = []
    for part in text.split(","):
        token = part.strip()
        if not token:
            continue
        number = int(token)  # ValueError for anything else
        if number == 0 or abs(number) > limit:
            raise ValueError(token)
        numbers.append(number)
    return numbers


def normal_list(text: str) -> str:
    """A comma-separated list as stored and exported: upper case, no spaces ("1th, -1fr" -> "1TH,-1FR")."""
    return ",".join(p.strip().upper() for p in text.split(",") if p.strip())


# --- which days ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recurrence:
    """A schedule's day rule, hashable (the same rule is evaluated once per range)."""

    freq: str
    interval: int
    byday: str
    bymonthday: str
    byweekno: str
    byyearday: str
    dtstart: datetime.date | None
    until: datetime.date | None
    count: int | None
    wkst: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @classmethod
    def of(cls, s: Rule) -> Recurrence:
        freq = (s.freq or "").upper()
        if not freq and s.byday:
            freq = "WEEKLY"
        elif not freq and s.bymonthday:
            freq = "MONTHLY"
        return cls(
            freq=freq,
            interval=s.interval or 1,
            byday=normal_list(s.byday or ""),
            bymonthday=normal_list(s.bymonthday or ""),
            byweekno=normal_list(s.byweekno or ""),
            byyearday=normal_list(s.byyearday or ""),
            dtstart=s.dtstart,
            until=s.until,
            count=s.count,
            wkst=(s.wkst or "").upper(),
            valid_from=s.valid_from,
            valid_to=s.valid_to,
        )

    def repeats(self) -> bool:
        return self.freq in ("WEEKLY", "MONTHLY")


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min)


def _rule(rec: Recurrence, start: datetime.date, last: datetime.date) -> rrule.rrule | None:
    """The dateutil rule, anchored as late as gives the same days from `start` on (a rule with a
    count or an interval counts from its own first date, so it is not moved)."""
    try:
        byday = parse_byday(rec.byday, rec.freq)
        kwargs: dict[str, object] = {
            "interval": rec.interval,
            "bymonthday": parse_numbers(rec.bymonthday, 31) or None,
            "byweekno": parse_numbers(rec.byweekno, 53) or None,
            "byyearday": parse_numbers(rec.byyearday, 366) or None,
        }
    except ValueError:
        return None  # the import and the form refuse these; a stored one opens on no known day
    anchor = rec.dtstart or rec.valid_from
    if rec.count is None and rec.interval == 1 and (anchor is None or anchor < start):
        anchor = start.replace(day=1)
    if anchor is None:
        anchor = _EPOCH
    if byday:
        kwargs["byweekday"] = [
            _RRULE_DAYS[BYDAY_CODES.index(code)](n) if n else _RRULE_DAYS[BYDAY_CODES.index(code)] for n, code in byday
        ]
    elif rec.freq == "WEEKLY" and not kwargs["byweekno"] and not kwargs["byyearday"]:
        if rec.dtstart is None:
            return None  # weekly on the first date's weekday, and there is none
        kwargs["byweekday"] = _RRULE_DAYS[rec.dtstart.weekday()]
    elif rec.freq == "MONTHLY" and not kwargs["bymonthday"]:
        if rec.dtstart is None:
            return None
        kwargs["bymonthday"] = rec.dtstart.day
    if rec.wkst in BYDAY_CODES:
        kwargs["wkst"] = _RRULE_DAYS[BYDAY_CODES.index(rec.wkst)]
    if rec.count is not None:
        kwargs["count"] = rec.count  # with `until` too, `_days` cuts at it (dateutil warns on both)
    else:
        # Bounded by the range asked for too: a rule that never falls in a period (1TH in week 2)
        # would otherwise be searched to the year 9999.
        kwargs["until"] = _midnight(min(d for d in (rec.until, last) if d is not None))
    freq = rrule.WEEKLY if rec.freq == "WEEKLY" else rrule.MONTHLY
    try:
        return rrule.rrule(freq, dtstart=_midnight(anchor), **kwargs)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return None


@lru_cache(maxsize=8192)
def _days(rec: Recurrence, start: datetime.date, end: datetime.date) -> tuple[datetime.date, ...]:
    first = max(d for d in (start, rec.valid_from) if d is not None)
    last = min(d for d in (end, rec.valid_to, rec.until) if d is not None)
    if last < first:
        return ()
    if not rec.repeats():
        single = rec.dtstart
        return (single,) if single is not None and first <= single <= last else ()
    rule = _rule(rec, first, last)
    if rule is None:
        return ()
    return tuple(d.date() for d in rule.between(_midnight(first), _midnight(last), inc=True))


def days(s: Rule, start: datetime.date, end: datetime.date) -> tuple[datetime.date, ...]:
    """The dates from `start` to `end` (both included) the schedule opens on."""
    return _days(Recurrence.of(s), start, end)


# --- when -------------------------------------------------------------------------------------


def is_overnight(s: Rule) -> bool:
    """Closes the next day (22:00-06:00)."""
    return s.opens_at is not None and s.closes_at is not None and s.closes_at < s.opens_at


def openings(
    s: Rule, start: datetime.date, end: datetime.date
) -> Iterator[tuple[datetime.datetime, datetime.datetime]]:
    """Each time the schedule is open that begins on a day from `start` to `end`: (opens, closes)."""
    opens = s.opens_at or datetime.time.min
    for day in days(s, start, end):
        begin = datetime.datetime.combine(day, opens)
        if s.closes_at is None or s.closes_at == datetime.time.min:
            finish = _midnight(day + datetime.timedelta(days=1))
        elif s.closes_at < opens:
            finish = datetime.datetime.combine(day + datetime.timedelta(days=1), s.closes_at)
        else:
            finish = datetime.datetime.combine(day, s.closes_at)
        yield begin, finish


def open_at(schedules: Iterable[Rule], when: datetime.datetime) -> bool:
    """Whether any of the schedules is open at this moment (an overnight opening of the day before
    counts). An aware moment is read on Village's clock (`TIME_ZONE`), as the hours are given."""
    moment = timezone.localtime(when).replace(tzinfo=None) if timezone.is_aware(when) else when
    yesterday = moment.date() - datetime.timedelta(days=1)
    return any(b <= moment < f for s in schedules for b, f in openings(s, yesterday, moment.date()))


@dataclass(frozen=True)
class Window:
    """A time a family is free, every week: a weekday (None: any day) and a time range."""

    weekday: int | None
    starts: datetime.time
    ends: datetime.time

    def meets(self, begin: datetime.datetime, finish: datetime.datetime) -> bool:
        """Whether an opening from `begin` to `finish` overlaps this window on one of its days."""
        day = begin.date()
        while _midnight(day) < finish:
            if self.weekday is None or self.weekday == day.isoweekday():
                free_from = datetime.datetime.combine(day, self.starts)
                free_to = datetime.datetime.combine(day, self.ends)
                if free_from < finish and begin < free_to:
                    return True
            day += datetime.timedelta(days=1)
        return False


def open_during[S: Rule](
    schedules: Iterable[S], windows: Sequence[Window], today: datetime.date, horizon: int = HORIZON_DAYS
) -> tuple[S, datetime.datetime] | None:
    """The first schedule open during one of the windows in the coming `horizon` days, with the
    start of that opening; None when none is."""
    end = today + datetime.timedelta(days=horizon)
    found: tuple[S, datetime.datetime] | None = None
    for s in schedules:
        for begin, finish in openings(s, today, end):
            if any(w.meets(begin, finish) for w in windows) and (found is None or begin < found[1]):
                found = (s, begin)
                break
    return found


def hour_flags(schedules: Iterable[Rule], today: datetime.date) -> tuple[bool, bool, bool]:
    """(evening, weekend, outside the school day) over the coming year. Unknown times say nothing
    about evenings or the school day."""
    evening = weekend = outside = False
    end = today + datetime.timedelta(days=FLAG_HORIZON_DAYS)
    for s in schedules:
        timed = s.opens_at is not None and s.closes_at is not None
        overnight = is_overnight(s)
        for day in days(s, today, end):
            weekday = day.isoweekday()
            weekend = weekend or weekday >= 6
            if timed:
                assert s.opens_at is not None and s.closes_at is not None
                evening = evening or (weekday <= 5 and (s.closes_at > EVENING_FROM or overnight))
                outside = outside or overnight or s.opens_at < SCHOOL_DAY[0] or s.closes_at > SCHOOL_DAY[1]
            outside = outside or weekday >= 6
            if evening and weekend and outside:
                return True, True, True
    return evening, weekend, outside


def weekdays_open(s: Rule, today: datetime.date, horizon: int = 35) -> list[int]:
    """The ISO weekdays the schedule opens on in the coming weeks."""
    return sorted({d.isoweekday() for d in days(s, today, today + datetime.timedelta(days=horizon))})


def effective[S](*layers: Sequence[S]) -> Sequence[S]:
    """The hours that apply: the most specific layer that has any (a service at one place, then
    the service, then the place)."""
    return next((layer for layer in layers if layer), ())
