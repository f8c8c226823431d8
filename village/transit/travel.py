"""The small interface the apps above read travel times through: which day of a feed stands for a
weekday, and the cached stop-to-stop matrix of a weekly window (None when the worker has not
computed it, so the caller falls back to distance and says so)."""

from __future__ import annotations

import datetime
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _

from village.transit.engine import UNREACHABLE_MINUTES
from village.transit.models import FeedVersion, Stop, WindowMatrix
from village.transit.reach import WALK_M, Access

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


class NoTransit:
    """Why a trip has no transit time, so the caller falls back to distance and says which reason."""

    NO_FEED = "no_feed"  # the region has no current feed
    NOT_COMPUTED = "not_computed"  # the worker has not computed this window yet
    STOP_GONE = "stop_gone"  # the family's stop is not in the current feed (it was updated)
    NO_STOP_AT_START = "no_stop_at_start"  # no stop within walking distance of the start
    NO_STOP_NEAR = "no_stop_near"  # no stop within walking distance of the destination
    UNREACHABLE = "unreachable"  # stops on both ends, but no trip in the window


def why_not(reason: str) -> str:
    """A `NoTransit` reason in the reader's words, for the note beside a distance used instead."""
    return {
        NoTransit.NO_FEED: _("no bus timetable has been loaded for this area"),
        NoTransit.NOT_COMPUTED: _("bus times for these hours are still being worked out"),
        NoTransit.STOP_GONE: _("the stop the family chose is no longer served"),
        NoTransit.NO_STOP_AT_START: _("no bus stop within walking distance of the start"),
        NoTransit.NO_STOP_NEAR: _("no bus stop within walking distance of this place"),
        NoTransit.UNREACHABLE: _("no bus gets there at these times"),
    }.get(reason, reason)


def _by_code(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(code, name) once per code (a stop served by two feeds is listed once), by name."""
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return sorted(seen.items(), key=lambda item: (item[1].casefold(), item[0]))


def labelled(stops: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """(code, label) for a list to choose from: a name two stops share gets each one's code."""
    names = Counter(name for _code, name in stops)
    return [(code, name if names[name] == 1 else f"{name} ({code})") for code, name in stops]


def current_stops(region_id: int) -> list[tuple[str, str]]:
    """(code, name) of the stops of the region's current feeds, by name: what a family picks its
    trips' start from."""
    rows = Stop.objects.filter(version__region_id=region_id, version__is_current=True)
    return _by_code(rows.values_list("code", "name"))


_SERVED: dict[tuple[int, ...], list[tuple[str, str]]] = {}


def served_stops() -> tuple[tuple[int, ...], list[tuple[str, str]]]:
    """The current feeds' versions and their stops (code, label) by name, for the finder's choice of
    a start: read once per process for each set of current versions (one query when unchanged)."""
    key = tuple(FeedVersion.objects.filter(is_current=True).order_by("pk").values_list("pk", flat=True))
    if key not in _SERVED:
        _SERVED.clear()
        _SERVED[key] = labelled(_by_code(Stop.objects.filter(version_id__in=key).values_list("code", "name")))
    return key, _SERVED[key]


def stop_region(code: str) -> int | None:
    """The region whose current feed serves the stop with this code."""
    return Stop.objects.filter(code=code, version__is_current=True).values_list("version__region_id", flat=True).first()


@dataclass(frozen=True)
class Trip:
    """Walk + ride + walk to one destination in a window: `minutes` and `changes`, or `missing`
    (a `NoTransit` reason)."""

    minutes: int | None = None
    changes: int | None = None
    missing: str = ""


def trips(
    region_id: int,
    weekday: int,
    starts: datetime.time,
    ends: datetime.time,
    destinations: list[tuple[float, float]],
    *,
    stop_code: str = "",
    point: tuple[float, float] | None = None,
) -> list[Trip]:
    """Typical (median) minutes and changes from a start (a stop's code, or a point: a school or a
    neighbourhood's centre) to each destination, in one weekly window, from the worker's cached
    matrices of the region's current feeds (the best of them). Never computes a matrix."""
    versions = list(FeedVersion.objects.filter(region_id=region_id, is_current=True))
    if not versions:
        return [Trip(missing=NoTransit.NO_FEED)] * len(destinations)
    best: list[Trip] = [Trip(missing=NoTransit.NOT_COMPUTED)] * len(destinations)
    lat = np.array([d[0] for d in destinations], dtype=np.float64)
    lon = np.array([d[1] for d in destinations], dtype=np.float64)
    for version in versions:
        window = cached_window(version, weekday, starts, ends)
        if window is None:
            continue
        stop_lat, stop_lon = _positions(version.pk, version.created_at.isoformat())
        if stop_code:
            index = Stop.objects.filter(version=version, code=stop_code).values_list("index", flat=True).first()
            if index is None:
                best = [b if b.minutes is not None else Trip(missing=NoTransit.STOP_GONE) for b in best]
                continue
            start_stops, start_walk = np.array([index]), np.array([0])
        else:
            assert point is not None, "a start is a stop's code or a point"
            near = Access.near(np.array([point[0]]), np.array([point[1]]), stop_lat, stop_lon, walk_m=WALK_M)
            start_stops, start_walk = near.stops, near.walk
            if len(start_stops) == 0:
                best = [b if b.minutes is not None else Trip(missing=NoTransit.NO_STOP_AT_START) for b in best]
                continue
        ends_near = Access.near(lat, lon, stop_lat, stop_lon, walk_m=WALK_M)
        for j in range(len(destinations)):
            a, b = int(ends_near.ptr[j]), int(ends_near.ptr[j + 1])
            found = _best(window, start_stops, start_walk, ends_near.stops[a:b], ends_near.walk[a:b])
            current = best[j]
            if found.minutes is not None:
                if current.minutes is None or found.minutes < current.minutes:
                    best[j] = found
            elif current.minutes is None and current.missing in (NoTransit.NOT_COMPUTED, NoTransit.STOP_GONE):
                best[j] = found
    return best


@lru_cache(maxsize=8)
def _positions(version_id: int, created: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """A version's stop positions by index, read once per process (a version never changes: a new
    load makes a new one; `created` keeps an id a database gave again from reading old ones), so
    matching a whole gap map does not read every stop per need."""
    rows = list(Stop.objects.filter(version_id=version_id).order_by("index").values_list("latitude", "longitude"))
    return np.array([r[0] for r in rows], dtype=np.float64), np.array([r[1] for r in rows], dtype=np.float64)


def _best(
    window: Window,
    start_stops: npt.NDArray[np.int32] | npt.NDArray[np.int64],
    start_walk: npt.NDArray[np.int32] | npt.NDArray[np.int64],
    end_stops: npt.NDArray[np.int32],
    end_walk: npt.NDArray[np.int32],
) -> Trip:
    if len(end_stops) == 0:
        return Trip(missing=NoTransit.NO_STOP_NEAR)
    ride = window.minutes[np.ix_(start_stops, end_stops)].astype(np.int64)
    total = ride + np.asarray(start_walk, dtype=np.int64)[:, None] + np.asarray(end_walk, dtype=np.int64)[None, :]
    total[ride == UNREACHABLE_MINUTES] = np.iinfo(np.int64).max
    a, e = np.unravel_index(int(np.argmin(total)), total.shape)
    if total[a, e] == np.iinfo(np.int64).max:
        return Trip(missing=NoTransit.UNREACHABLE)
    return Trip(minutes=int(total[a, e]), changes=int(window.changes[start_stops[a], end_stops[e]]))
