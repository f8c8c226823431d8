"""Bus times for matching and the finder: the minutes a family really spends on the bus (walk, ride,
walk) to each place, in the weekly hours it is free, from where its trips start (a stop it chose,
or the school).

Read from the transit worker's cached matrices through `village.transit.travel`; nothing is
computed here. When a place has no bus time (no timetable, hours not yet worked out, no stop
near), the caller falls back to distance and says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from village.directory.hours import Window, open_during
from village.directory.hours_text import day_name
from village.directory.models import Schedule
from village.transit.travel import DEFAULT_WINDOWS, NoTransit, Trip, trips


@dataclass(frozen=True)
class BusTrip:
    """The best bus trip to one place over the family's windows: `trip.minutes` and `trip.changes`
    in `window`, or `trip.missing` (why there is no bus time)."""

    trip: Trip
    window: Window | None = None


@dataclass(frozen=True)
class Place:
    """What a bus time is asked for: a place's coordinates and the hours that apply there (the
    service's own, else the place's; empty when not known)."""

    key: int
    latitude: float
    longitude: float
    hours: Sequence[Schedule] = ()


def windows_for(family_windows: Sequence[Window]) -> list[Window]:
    """The weekly windows a family's bus times are worked out for: its own (those with a day), or
    the default weekday afternoons and Saturday morning when it gave none."""
    own = [w for w in family_windows if w.weekday is not None]
    return own or [Window(day, starts, ends) for day, starts, ends in DEFAULT_WINDOWS]


def _default_covering(window: Window) -> Window | None:
    """The default window of the same day that overlaps `window` most (None when none does)."""
    same_day = [Window(d, s, e) for d, s, e in DEFAULT_WINDOWS if d == window.weekday]
    overlap = [(min(w.ends, window.ends) > max(w.starts, window.starts), w) for w in same_day]
    return next((w for meets, w in overlap if meets), None)


def bus_trips(
    region_id: int,
    start: tuple[float, float] | None,
    trip_stop: str,
    family_windows: Sequence[Window],
    places: Sequence[Place],
    *,
    nearest_default: bool = False,
) -> dict[int, BusTrip]:
    """For each place (by key), the shortest typical bus trip in a window when the place is open
    (in any window, when its hours are not known), from `trip_stop` or else `start` (a school). A
    place open in none of the windows has no entry (the hours check says why it does not fit).
    With `nearest_default`, a window the worker has not computed (hours typed in the finder) is
    read as the default window of that day that overlaps it, and the trip names that window."""
    if not places or (not trip_stop and start is None):
        return {}
    point = None if trip_stop else start
    today = timezone.localdate()
    best: dict[int, BusTrip] = {}
    destinations = [(p.latitude, p.longitude) for p in places]
    for asked in windows_for(family_windows):
        day = asked.weekday
        assert day is not None
        window = asked
        found = trips(region_id, day, window.starts, window.ends, destinations, stop_code=trip_stop, point=point)
        covering = _default_covering(asked) if nearest_default else None
        if covering is not None and all(t.missing == NoTransit.NOT_COMPUTED for t in found):
            window = covering
            found = trips(
                region_id, day, covering.starts, covering.ends, destinations, stop_code=trip_stop, point=point
            )
        for place, trip in zip(places, found, strict=True):
            if place.hours and open_during(place.hours, [window], today) is None:
                continue
            current = best.get(place.key)
            if current is None or (
                trip.minutes is not None and (current.trip.minutes is None or trip.minutes < current.trip.minutes)
            ):
                best[place.key] = BusTrip(trip, window if trip.minutes is not None else None)
    return best


def bus_words(bus: BusTrip) -> str:
    """ "about 35 minutes by bus, 1 change, Wednesday 17:00–19:00" """
    trip, window = bus.trip, bus.window
    assert trip.minutes is not None and window is not None and window.weekday is not None
    changes = trip.changes or 0
    said = (
        ngettext("%(count)s change", "%(count)s changes", changes) % {"count": changes} if changes else _("no change")
    )
    return _("about %(minutes)s minutes by bus, %(changes)s, %(day)s %(starts)s–%(ends)s") % {
        "minutes": trip.minutes,
        "changes": said,
        "day": day_name(window.weekday),
        "starts": window.starts.strftime("%H:%M"),
        "ends": window.ends.strftime("%H:%M"),
    }
