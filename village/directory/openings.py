"""The hours a coordinator or partner enters by hand: one day and time range a row, every week,
every other week, or one week of the month, with optional first and last dates and a note.

Each becomes one HSDS schedule of the service. Hours the form cannot show this way (imported
rules with several days, month days, a count...) are kept as they are beside the ones entered.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from village.directory.hours import BYDAY_CODES, parse_byday
from village.directory.models import Schedule, ScheduleFreq

EVERY_WEEK = ""
EVERY_OTHER_WEEK = "other"
# Which week of the month: an RFC 5545 ordinal (1TH is the first Thursday, -1FR the last Friday).
MONTH_WEEKS = ("1", "2", "3", "4", "-1")
REPEAT_CHOICES = [
    (EVERY_WEEK, _("Every week")),
    (EVERY_OTHER_WEEK, _("Every other week")),
    ("1", _("First week of the month")),
    ("2", _("Second week of the month")),
    ("3", _("Third week of the month")),
    ("4", _("Fourth week of the month")),
    ("-1", _("Last week of the month")),
]
_ORDINAL = {code: int(code) for code in MONTH_WEEKS}


@dataclass(frozen=True)
class Opening:
    """One row of the hours form."""

    weekday: int  # ISO, 1 Monday to 7 Sunday
    opens_at: datetime.time
    closes_at: datetime.time
    repeat: str = EVERY_WEEK
    starts: datetime.date | None = None
    ends: datetime.date | None = None
    notes: str = ""

    def fields(self) -> dict[str, object]:
        """The `Schedule` fields this row sets."""
        code = BYDAY_CODES[self.weekday - 1]
        ordinal = _ORDINAL.get(self.repeat)
        return {
            "freq": ScheduleFreq.MONTHLY if ordinal else ScheduleFreq.WEEKLY,
            "interval": 2 if self.repeat == EVERY_OTHER_WEEK else None,
            "byday": f"{ordinal}{code}" if ordinal else code,
            "dtstart": self.starts,
            "until": self.ends,
            "opens_at": self.opens_at,
            "closes_at": self.closes_at,
            "notes": self.notes,
        }

    @classmethod
    def of(cls, s: Schedule) -> Opening | None:
        """The row a service's schedule is on the form; None when the form cannot show it whole."""
        try:
            days = parse_byday(s.byday, s.freq)
        except ValueError:
            return None
        if (
            s.service_id is None
            or len(days) != 1
            or s.opens_at is None
            or s.closes_at is None
            or s.bymonthday
            or s.byweekno
            or s.byyearday
            or s.count is not None
            or s.valid_from
            or s.valid_to
            or s.timezone is not None
            or s.wkst
            or s.description
            or s.attending_type
            or s.schedule_link
        ):
            return None
        ordinal, code = days[0]
        interval = s.interval or 1
        if s.freq == ScheduleFreq.WEEKLY and ordinal is None and interval in (1, 2):
            repeat = EVERY_OTHER_WEEK if interval == 2 else EVERY_WEEK
        elif s.freq == ScheduleFreq.MONTHLY and interval == 1 and ordinal in (1, 2, 3, 4, -1):
            repeat = {v: k for k, v in _ORDINAL.items()}[ordinal]
        else:
            return None
        return cls(
            weekday=BYDAY_CODES.index(code) + 1,
            opens_at=s.opens_at,
            closes_at=s.closes_at,
            repeat=repeat,
            starts=s.dtstart,
            ends=s.until,
            notes=s.notes,
        )
