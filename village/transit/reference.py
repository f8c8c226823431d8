"""The plain-Python Connection Scan: the same rules as `engine.py` (read its docstring), written
for reading, not speed. The tests compare the compiled engine with it query by query, and the
benchmark times it beside the engine."""

from __future__ import annotations

from bisect import bisect_left

from village.transit.engine import UNREACHABLE, UNREACHABLE_MINUTES
from village.transit.timetable import Connections, Footpaths


def earliest(
    connections: Connections, footpaths: Footpaths, n_stops: int, sources: list[int], t0: int, horizon: int
) -> tuple[list[int], list[int]]:
    """Earliest arrival and vehicles ridden per stop, leaving every stop of `sources` at `t0`."""
    dep = connections.dep.tolist()
    arr = connections.arr.tolist()
    src = connections.src.tolist()
    dst = connections.dst.tolist()
    trip = connections.trip.tolist()
    ptr = footpaths.ptr.tolist()
    to = footpaths.to.tolist()
    secs = footpaths.secs.tolist()
    best = [UNREACHABLE] * n_stops
    vehicle = [UNREACHABLE] * n_stops
    legs = [0] * n_stops
    trip_legs: dict[int, int] = {}
    for s in sources:
        best[s] = min(best[s], t0)
        for f in range(ptr[s], ptr[s + 1]):
            best[to[f]] = min(best[to[f]], t0 + secs[f])
    end = t0 + horizon
    for c in range(bisect_left(dep, t0), len(dep)):
        if dep[c] > end:
            break
        boarded = trip_legs.get(trip[c])
        if boarded is None:
            if best[src[c]] > dep[c]:
                continue
            boarded = trip_legs[trip[c]] = legs[src[c]] + 1
        a, v = arr[c], dst[c]
        if a >= vehicle[v]:
            continue
        vehicle[v] = a
        if a < best[v]:
            best[v], legs[v] = a, boarded
        for f in range(ptr[v], ptr[v + 1]):
            if a + secs[f] < best[to[f]]:
                best[to[f]], legs[to[f]] = a + secs[f], boarded
    for s in range(n_stops):
        if best[s] > end:
            best[s], legs[s] = UNREACHABLE, 0
    return best, legs


def minutes_to_services(
    matrix: list[list[int]], start: list[tuple[int, int]], services: list[list[tuple[int, int]]]
) -> list[int]:
    """`reach.minutes_to_services` in plain Python: `start` and each service are (stop, walk minutes) pairs."""
    n = len(matrix[0])
    vec = [UNREACHABLE_MINUTES] * n
    for stop, walk in start:
        row = matrix[stop]
        for s in range(n):
            if row[s] != UNREACHABLE_MINUTES and row[s] + walk < vec[s]:
                vec[s] = row[s] + walk
    out = []
    for near in services:
        best = UNREACHABLE_MINUTES
        for stop, walk in near:
            if vec[stop] != UNREACHABLE_MINUTES and vec[stop] + walk < best:
                best = vec[stop] + walk
        out.append(best)
    return out
