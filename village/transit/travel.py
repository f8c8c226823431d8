"""The small interface the apps above read travel times through: which day of a feed stands for a
weekday, and the cached stop-to-stop matrix of a weekly window (None when the worker has not
computed it, so the caller falls back to distance and says so)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from village.transit.models import FeedVersion, WindowMatrix

# The windows the worker computes after each load (ISO weekday, from, until): weekday afternoons
# and Saturday mornings, when families say they are free most often (research note, §5).
DEFAULT_WINDOWS: tuple[tuple[int, datetime.time, datetime.time], ...] = (
    *((day, datetime.time(15, 0), datetime.time(18, 0)) for day in range(1, 6)),
    (6, datetime.time(9, 0), datetime.time(12, 0)),
)
MAX_DEPARTURES = 60  # a longer window is sampled every few minutes, so each costs about the same


def step_for(starts: datetime.time, ends: datetime.time) -> int:
    """Seconds between the departures a window's median is taken over (one a minute, at most 60)."""
    span = (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)
    return 60 * max(1, -(-span // MAX_DEPARTURES))


def service_day(version: FeedVersion, weekday: int, today: datetime.date) -> datetime.date:
    """The feed's day that stands for `weekday`: the next such day from today within its calendar,
    or, when the calendar has ended (or not begun), its last (or first) such day."""
    day = max(today, version.first_day)
    day += datetime.timedelta(days=(weekday - day.isoweekday()) % 7)
    if day <= version.last_day:
        return day
    last = version.last_day
    return last - datetime.timedelta(days=(last.isoweekday() - weekday) % 7)


@dataclass(frozen=True)
class Window:
    minutes: npt.NDArray[np.uint16]
    changes: npt.NDArray[np.uint8]
    service_day: datetime.date


def pack(minutes: npt.NDArray[np.uint16], changes: npt.NDArray[np.uint8]) -> bytes:
    out = io.BytesIO()
    np.savez_compressed(out, minutes=minutes, changes=changes)
    return out.getvalue()


def cached_window(version: FeedVersion, weekday: int, starts: datetime.time, ends: datetime.time) -> Window | None:
    """The worker's matrix for this window of this version, or None when it has not been computed."""
    row = WindowMatrix.objects.filter(version=version, weekday=weekday, starts=starts, ends=ends).first()
    if row is None:
        return None
    with np.load(io.BytesIO(bytes(row.minutes_npz)), allow_pickle=False) as z:
        return Window(z["minutes"], z["changes"], row.service_day)
