"""Earliest arrival by public transit: a Connection Scan (Dibbelt et al.) over one service day's
connections, compiled with numba, and the window statistics built on it.

The rules every engine here (and `reference.py`, the plain-Python twin the tests compare with)
follows, so their answers agree exactly:
- a journey starts at its stop at `t0`, and may first walk one footpath from it;
- a vehicle may be boarded at a stop reached no later than its departure (no minimum change
  time beyond that), and once boarded the trip is reached at every later stop;
- after each arrival by vehicle one footpath may be walked (footpaths are not chained);
- only connections departing within `horizon` seconds of `t0` are scanned, and an arrival later
  than `t0 + horizon` is unreachable (`UNREACHABLE`, never a large number);
- `legs` counts the vehicles ridden on the journey found (0: walked or stayed), so changes are
  `legs - 1`; among journeys arriving equally early, the one found first by the scan is kept.

Arrive-by (`Engine.latest`) is the same scan backwards (the connections in reverse scan order,
footpaths walked into a stop instead of out of it): the latest time one can leave each stop and
still be at the target by the deadline. It agrees with depart-at: leaving at that time, the
earliest arrival is the one the deadline came from (tested on Cairns).

A window (Wednesday 17:00-19:00) is summarised as R5 does: a query for every departure minute
(or every `step` seconds), and the median travel time over them, an unreachable departure
counting as longer than any other (`lower median`: the value at index (n-1)//2 once sorted, so
the answer is always a real journey's time).
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
import numpy.typing as npt

from village.transit.timetable import Connections, Footpaths

UNREACHABLE = np.iinfo(np.int32).max
CANNOT_ARRIVE = np.iinfo(np.int32).min  # arrive-by: no departure from this stop arrives in time
UNREACHABLE_MINUTES = np.iinfo(np.uint16).max
NO_LEGS = np.iinfo(np.uint8).max
DEFAULT_HORIZON = 2 * 3600

I32 = npt.NDArray[np.int32]


@numba.njit(cache=True, nogil=True)
def _scan(  # pragma: no cover - compiled; reference.py is its plain twin
    dep: I32,
    arr: I32,
    src: I32,
    dst: I32,
    trip: I32,
    foot_ptr: I32,
    foot_to: I32,
    foot_secs: I32,
    sources: I32,
    source_times: I32,
    t0: int,
    horizon: int,
    best: I32,
    vehicle: I32,
    legs: I32,
    trip_legs: I32,
) -> None:
    best[:] = UNREACHABLE
    vehicle[:] = UNREACHABLE
    legs[:] = 0
    trip_legs[:] = -1
    for k in range(len(sources)):
        s = sources[k]
        t = source_times[k]
        if t < best[s]:
            best[s] = t
        for f in range(foot_ptr[s], foot_ptr[s + 1]):
            w = t + foot_secs[f]
            if w < best[foot_to[f]]:
                best[foot_to[f]] = w
    end = t0 + horizon
    lo = 0
    hi = len(dep)
    while lo < hi:  # the first connection departing at t0 or later
        mid = (lo + hi) // 2
        if dep[mid] < t0:
            lo = mid + 1
        else:
            hi = mid
    for c in range(lo, len(dep)):
        d = dep[c]
        if d > end:
            break
        tr = trip[c]
        tl = trip_legs[tr]
        if tl < 0:
            u = src[c]
            if best[u] <= d:
                tl = legs[u] + 1
                trip_legs[tr] = tl
            else:
                continue
        a = arr[c]
        v = dst[c]
        if a < vehicle[v]:
            vehicle[v] = a
            if a < best[v]:
                best[v] = a
                legs[v] = tl
            for f in range(foot_ptr[v], foot_ptr[v + 1]):
                w = a + foot_secs[f]
                n = foot_to[f]
                if w < best[n]:
                    best[n] = w
                    legs[n] = tl
    for s in range(len(best)):
        if best[s] > end:
            best[s] = UNREACHABLE
            legs[s] = 0


@numba.njit(cache=True, nogil=True)
def _scan_back(  # pragma: no cover - compiled; the tests check it against depart-at
    dep: I32,
    arr: I32,
    src: I32,
    dst: I32,
    trip: I32,
    in_ptr: I32,
    in_from: I32,
    in_secs: I32,
    target: int,
    deadline: int,
    horizon: int,
    board: I32,
    leave: I32,
    trip_ok: npt.NDArray[np.bool_],
) -> None:
    # board[s]: the latest departure by vehicle from s that still arrives in time;
    # leave[s]: the latest time at s (arrived by vehicle, or starting there) that still arrives in time,
    # boarding at s or walking one footpath first.
    board[:] = CANNOT_ARRIVE
    leave[:] = CANNOT_ARRIVE
    trip_ok[:] = False
    board[target] = deadline
    leave[target] = deadline
    for f in range(in_ptr[target], in_ptr[target + 1]):
        m = in_from[f]
        if deadline - in_secs[f] > leave[m]:
            leave[m] = deadline - in_secs[f]
    start = deadline - horizon
    for c in range(len(dep) - 1, -1, -1):
        d = dep[c]
        if d < start:
            break
        if arr[c] > deadline:
            continue
        tr = trip[c]
        if not trip_ok[tr]:
            if arr[c] <= leave[dst[c]]:
                trip_ok[tr] = True
            else:
                continue
        u = src[c]
        if d > board[u]:
            board[u] = d
            if d > leave[u]:
                leave[u] = d
            for f in range(in_ptr[u], in_ptr[u + 1]):
                m = in_from[f]
                if d - in_secs[f] > leave[m]:
                    leave[m] = d - in_secs[f]
    for s in range(len(leave)):
        if leave[s] < start:
            leave[s] = CANNOT_ARRIVE


@dataclass(frozen=True)
class Arrivals:
    """Earliest arrival (seconds of the service day, `UNREACHABLE` when not reached) and vehicles ridden, per stop."""

    times: I32
    legs: I32


class Engine:
    """One service day's connections and the footpaths, ready to scan (buffers reused, not thread-safe)."""

    def __init__(self, connections: Connections, footpaths: Footpaths, n_stops: int) -> None:
        self.c = connections
        self.f = footpaths
        self.n_stops = n_stops
        walkers = np.repeat(np.arange(n_stops, dtype=np.int32), np.diff(footpaths.ptr))
        self.into = Footpaths.from_pairs(n_stops, footpaths.to, walkers, footpaths.secs)

    def latest(self, target: int, deadline: int, horizon: int = DEFAULT_HORIZON) -> I32:
        """Arrive-by: the latest time one can leave each stop and be at `target` by `deadline`
        (`CANNOT_ARRIVE` when no departure within `horizon` before the deadline makes it)."""
        c, f = self.c, self.into
        board = np.empty(self.n_stops, dtype=np.int32)
        leave = np.empty(self.n_stops, dtype=np.int32)
        trip_ok = np.empty(c.n_trips, dtype=np.bool_)
        _scan_back(c.dep, c.arr, c.src, c.dst, c.trip, f.ptr, f.to, f.secs, target, deadline, horizon,
                   board, leave, trip_ok)  # fmt: skip
        return leave

    def earliest(
        self, sources: I32 | list[int], t0: int, horizon: int = DEFAULT_HORIZON, source_times: I32 | None = None
    ) -> Arrivals:
        """Earliest arrival at every stop leaving `sources` at `t0` (or each at its `source_times`)."""
        s = np.asarray(sources, dtype=np.int32)
        st = np.full(len(s), t0, dtype=np.int32) if source_times is None else np.asarray(source_times, np.int32)
        best = np.empty(self.n_stops, dtype=np.int32)
        legs = np.empty(self.n_stops, dtype=np.int32)
        c, f = self.c, self.f
        _scan(
            c.dep, c.arr, c.src, c.dst, c.trip, f.ptr, f.to, f.secs, s, st, t0, horizon,
            best, np.empty(self.n_stops, dtype=np.int32), legs, np.empty(c.n_trips, dtype=np.int32),
        )  # fmt: skip
        return Arrivals(best, legs)

    def window(
        self, origins: I32, start: int, end: int, step: int = 60, horizon: int = DEFAULT_HORIZON
    ) -> tuple[npt.NDArray[np.uint16], npt.NDArray[np.uint8]]:
        """Median travel minutes (rounded up) and the changes of that median journey, from each of
        `origins` to every stop, over departures `start`, `start+step`, … before `end`.
        Unreachable: `UNREACHABLE_MINUTES` and `NO_LEGS`."""
        if end <= start or step <= 0:
            raise ValueError(f"A window needs at least one departure: {start}-{end} every {step} s.")
        c, f = self.c, self.f
        return _window(
            c.dep, c.arr, c.src, c.dst, c.trip, c.n_trips, f.ptr, f.to, f.secs,
            np.asarray(origins, dtype=np.int32), self.n_stops, start, end, step, horizon,
        )  # fmt: skip


@numba.njit(cache=True, parallel=True)
def _window(  # pragma: no cover - compiled
    dep: I32,
    arr: I32,
    src: I32,
    dst: I32,
    trip: I32,
    n_trips: int,
    foot_ptr: I32,
    foot_to: I32,
    foot_secs: I32,
    origins: I32,
    n_stops: int,
    start: int,
    end: int,
    step: int,
    horizon: int,
) -> tuple[npt.NDArray[np.uint16], npt.NDArray[np.uint8]]:
    departures = np.arange(start, end, step)
    n_dep = len(departures)
    minutes = np.full((len(origins), n_stops), UNREACHABLE_MINUTES, dtype=np.uint16)
    changes = np.full((len(origins), n_stops), NO_LEGS, dtype=np.uint8)
    mid = (n_dep - 1) // 2
    for o in numba.prange(len(origins)):
        travel = np.empty((n_stops, n_dep), dtype=np.int64)
        ridden = np.empty((n_stops, n_dep), dtype=np.int32)
        best = np.empty(n_stops, dtype=np.int32)
        vehicle = np.empty(n_stops, dtype=np.int32)
        legs = np.empty(n_stops, dtype=np.int32)
        trip_legs = np.empty(n_trips, dtype=np.int32)
        sources = np.full(1, origins[o], dtype=np.int32)
        for k in range(n_dep):
            t0 = departures[k]
            times = np.full(1, t0, dtype=np.int32)
            _scan(dep, arr, src, dst, trip, foot_ptr, foot_to, foot_secs, sources, times, t0, horizon,
                  best, vehicle, legs, trip_legs)  # fmt: skip
            for s in range(n_stops):
                b = best[s]
                travel[s, k] = (1 << 40) if b == UNREACHABLE else b - t0
                ridden[s, k] = legs[s]
        for s in range(n_stops):
            order = np.argsort(travel[s], kind="mergesort")
            pick = order[mid]
            value = travel[s, pick]
            if value < (1 << 40):
                minutes[o, s] = min((value + 59) // 60, UNREACHABLE_MINUTES - 1)
                changes[o, s] = max(ridden[s, pick] - 1, 0)
    return minutes, changes
