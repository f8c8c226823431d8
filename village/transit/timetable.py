"""A feed's timetable as numpy arrays: what the GTFS importer builds, what one feed version stores
(as one compressed `.npz` blob, see docs/decisions/0009-transit.md) and what the engine scans.

Times are seconds after midnight of the service day and may pass 86,400 (GTFS "25:10:00").
A service day's connections (`Timetable.day`) are the elementary hops of every trip whose
service runs that day, plus the hops after midnight of the trips that started the day before.
No Django here: the engine, the benchmark and the tests use it without a database.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

I32 = npt.NDArray[np.int32]
F64 = npt.NDArray[np.float64]

DAY = 86_400
# Footpaths: stops this close (straight line) are linked when the feed has no transfers.txt;
# the walk is the straight line times DETOUR at WALK_MPS (the research note's crow-fly rule).
FOOTPATH_M = 400.0
DETOUR = 1.3
WALK_MPS = 1.2
EARTH_M = 6_371_000.0


def walk_seconds(metres: npt.NDArray[np.float64] | float) -> npt.NDArray[np.int32]:
    """Seconds to walk a straight-line distance (with the detour factor), rounded up."""
    return np.ceil(np.asarray(metres, dtype=np.float64) * DETOUR / WALK_MPS).astype(np.int32)


def metres_between(lat1: F64 | float, lon1: F64 | float, lat2: F64 | float, lon2: F64 | float) -> F64:
    """Great-circle distance in metres (haversine), element-wise."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_M * np.arcsin(np.sqrt(np.minimum(h, 1.0))), dtype=np.float64)


@dataclass(frozen=True)
class Connections:
    """One service day's connections sorted by departure (then arrival, then order along the trip)."""

    dep: I32
    arr: I32
    src: I32
    dst: I32
    trip: I32
    n_trips: int

    def __len__(self) -> int:
        return len(self.dep)


@dataclass(frozen=True)
class Footpaths:
    """Walks between stops as compressed rows: stop s walks to `to[ptr[s]:ptr[s+1]]` in `secs`."""

    ptr: I32
    to: I32
    secs: I32

    @classmethod
    def from_pairs(cls, n_stops: int, a: I32, b: I32, secs: I32) -> Footpaths:
        order = np.lexsort((b, a))
        a, b, secs = a[order], b[order], secs[order]
        ptr = np.zeros(n_stops + 1, dtype=np.int32)
        np.add.at(ptr, a + 1, 1)
        return cls(np.cumsum(ptr, dtype=np.int32), b.astype(np.int32), secs.astype(np.int32))

    def __len__(self) -> int:
        return len(self.to)


def nearby_pairs(lat: F64, lon: F64, radius_m: float = FOOTPATH_M) -> tuple[I32, I32, F64]:
    """Every ordered pair of distinct points within `radius_m`, with its distance (a grid of cells of
    the radius's size, so only neighbouring cells are compared)."""
    n = len(lat)
    if n == 0:
        empty = np.zeros(0, dtype=np.int32)
        return empty, empty, np.zeros(0)
    lat0 = float(np.mean(lat))
    y = np.radians(lat) * EARTH_M
    x = np.radians(lon) * EARTH_M * np.cos(np.radians(lat0))
    cy = np.floor(y / radius_m).astype(np.int64)
    cx = np.floor(x / radius_m).astype(np.int64)
    cells: dict[tuple[int, int], list[int]] = {}
    for i, key in enumerate(zip(cy.tolist(), cx.tolist(), strict=True)):
        cells.setdefault(key, []).append(i)
    out_a: list[npt.NDArray[np.int64]] = []
    out_b: list[npt.NDArray[np.int64]] = []
    for (ky, kx), members in cells.items():
        mine = np.array(members, dtype=np.int64)
        near = [j for dy in (-1, 0, 1) for dx in (-1, 0, 1) for j in cells.get((ky + dy, kx + dx), [])]
        others = np.array(near, dtype=np.int64)
        aa = np.repeat(mine, len(others))
        bb = np.tile(others, len(mine))
        keep = aa != bb
        out_a.append(aa[keep])
        out_b.append(bb[keep])
    a = np.concatenate(out_a)
    b = np.concatenate(out_b)
    d = metres_between(lat[a], lon[a], lat[b], lon[b])
    close = d <= radius_m
    return a[close].astype(np.int32), b[close].astype(np.int32), d[close]


@dataclass(frozen=True)
class Timetable:
    """A whole feed version: stops, trips and their timed stops, the days each service runs, footpaths.

    `trip_ptr` indexes the stop-time arrays by trip (trip t's stops are rows
    `trip_ptr[t]:trip_ptr[t+1]`, in stop_sequence order); `service_days` lists, per service
    (`service_ptr`), the days it runs as proleptic ordinals (`date.toordinal()`), calendar and
    calendar_dates already resolved.
    """

    stop_lat: F64
    stop_lon: F64
    trip_service: I32
    trip_ptr: I32
    st_stop: I32
    st_arr: I32
    st_dep: I32
    service_ptr: I32
    service_days: I32
    footpaths: Footpaths

    @property
    def n_stops(self) -> int:
        return len(self.stop_lat)

    @property
    def n_trips(self) -> int:
        return len(self.trip_service)

    def running(self, day: datetime.date) -> npt.NDArray[np.bool_]:
        """Which services run on `day`."""
        ordinal = day.toordinal()
        n = len(self.service_ptr) - 1
        out = np.zeros(n, dtype=np.bool_)
        for s in range(n):
            days = self.service_days[self.service_ptr[s] : self.service_ptr[s + 1]]
            i = int(np.searchsorted(days, ordinal))
            out[s] = i < len(days) and int(days[i]) == ordinal
        return out

    def dates(self) -> tuple[datetime.date, datetime.date] | None:
        """The first and last day any service runs, or None for a feed that never runs."""
        if len(self.service_days) == 0:
            return None
        return (
            datetime.date.fromordinal(int(self.service_days.min())),
            datetime.date.fromordinal(int(self.service_days.max())),
        )

    def day(self, day: datetime.date) -> Connections:
        """The connections of one service day, sorted for the scan.

        Trips of the day before that run past midnight contribute their hops after midnight
        (their times less 24 h), as a vehicle of their own (trip numbers from `n_trips` up)."""
        row = np.arange(len(self.st_stop), dtype=np.int64)
        trip_of_row = np.repeat(np.arange(self.n_trips, dtype=np.int32), np.diff(self.trip_ptr))
        hop = np.ones(len(row), dtype=np.bool_)
        hop[self.trip_ptr[1:] - 1] = False  # a trip's last stop starts no hop
        hop &= row < len(row) - 1
        first = row[hop]
        today = self.running(day)[self.trip_service[trip_of_row[first]]]
        yesterday = self.running(day - datetime.timedelta(days=1))[self.trip_service[trip_of_row[first]]]
        late = yesterday & (self.st_dep[first] >= DAY)
        parts_dep = [self.st_dep[first[today]], self.st_dep[first[late]] - DAY]
        parts_arr = [self.st_arr[first[today] + 1], self.st_arr[first[late] + 1] - DAY]
        parts_src = [self.st_stop[first[today]], self.st_stop[first[late]]]
        parts_dst = [self.st_stop[first[today] + 1], self.st_stop[first[late] + 1]]
        parts_trip = [trip_of_row[first[today]], trip_of_row[first[late]] + self.n_trips]
        parts_row = [first[today], first[late] + len(row)]
        dep = np.concatenate(parts_dep).astype(np.int32)
        arr = np.concatenate(parts_arr).astype(np.int32)
        order = np.lexsort((np.concatenate(parts_row), arr, dep))
        return Connections(
            dep=np.ascontiguousarray(dep[order]),
            arr=np.ascontiguousarray(arr[order]),
            src=np.ascontiguousarray(np.concatenate(parts_src).astype(np.int32)[order]),
            dst=np.ascontiguousarray(np.concatenate(parts_dst).astype(np.int32)[order]),
            trip=np.ascontiguousarray(np.concatenate(parts_trip).astype(np.int32)[order]),
            n_trips=2 * self.n_trips,
        )

    def to_bytes(self) -> bytes:
        """The arrays as one compressed `.npz` (no pickled objects)."""
        out = io.BytesIO()
        np.savez_compressed(
            out,
            stop_lat=self.stop_lat,
            stop_lon=self.stop_lon,
            trip_service=self.trip_service,
            trip_ptr=self.trip_ptr,
            st_stop=self.st_stop,
            st_arr=self.st_arr,
            st_dep=self.st_dep,
            service_ptr=self.service_ptr,
            service_days=self.service_days,
            foot_ptr=self.footpaths.ptr,
            foot_to=self.footpaths.to,
            foot_secs=self.footpaths.secs,
        )
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Timetable:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            return cls(
                stop_lat=z["stop_lat"],
                stop_lon=z["stop_lon"],
                trip_service=z["trip_service"],
                trip_ptr=z["trip_ptr"],
                st_stop=z["st_stop"],
                st_arr=z["st_arr"],
                st_dep=z["st_dep"],
                service_ptr=z["service_ptr"],
                service_days=z["service_days"],
                footpaths=Footpaths(z["foot_ptr"], z["foot_to"], z["foot_secs"]),
            )
