"""What a week of opening hours means for a family: evenings, weekends, outside the school day."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

EVENING_FROM = datetime.time(17, 0)
SCHOOL_DAY = (datetime.time(8, 0), datetime.time(15, 0))


class Slot(Protocol):
    weekday: int
    opens_at: datetime.time
    closes_at: datetime.time


def is_overnight(slot: Slot) -> bool:
    """Closes the next day (22:00–06:00)."""
    return slot.closes_at < slot.opens_at


def is_evening(slot: Slot) -> bool:
    return slot.weekday <= 5 and (slot.closes_at > EVENING_FROM or is_overnight(slot))


def is_weekend(slot: Slot) -> bool:
    return slot.weekday >= 6


def is_outside_school_day(slot: Slot) -> bool:
    """Open at a time a student is not in class: a weekend, or before or after the school day."""
    return is_weekend(slot) or is_overnight(slot) or slot.opens_at < SCHOOL_DAY[0] or slot.closes_at > SCHOOL_DAY[1]


def hour_flags(slots: Iterable[Slot]) -> tuple[bool, bool, bool]:
    """(evening, weekend, outside the school day) for a week of slots."""
    evening = weekend = outside = False
    for slot in slots:
        evening = evening or is_evening(slot)
        weekend = weekend or is_weekend(slot)
        outside = outside or is_outside_school_day(slot)
    return evening, weekend, outside


@dataclass(frozen=True)
class Window:
    """A time a family is free: a weekday (None: any day) and a time range."""

    weekday: int | None
    starts: datetime.time
    ends: datetime.time

    def overlaps(self, slot: Slot) -> bool:
        """Whether the slot is open during the window; an overnight slot is open until midnight on
        its day and from midnight to its closing time on the next."""
        if not is_overnight(slot):
            return self._fits(slot.weekday, slot.opens_at, slot.closes_at)
        next_day = slot.weekday % 7 + 1
        return self._fits(slot.weekday, slot.opens_at, datetime.time.max) or self._fits(
            next_day, datetime.time.min, slot.closes_at
        )

    def _fits(self, weekday: int, opens: datetime.time, closes: datetime.time) -> bool:
        day_fits = self.weekday is None or self.weekday == weekday
        return day_fits and opens < self.ends and self.starts < closes
