"""From stop-to-stop window matrices to people and places: a start (a stop, a neighbourhood or a
school) walks to a few stops near it, a service is reached from a few stops near it, and the
travel time is the best combination (walk + matrix + walk), computed on demand, never stored for
every pair.

`Access` holds, for each start or service, up to `MAX_NEAR` stops within `WALK_M` metres and the
minutes walked to them (compressed rows). `minutes_to_services` answers one start against every
service; `district_summary` streams a whole district (every family against every service) through
the matrix a family at a time, keeping only each family's count of services within its limit and
its nearest service, so the product is never held in memory at once (what is held is one row
of minutes per stop that families walk to, against every service).
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
import numpy.typing as npt

from village.transit.engine import UNREACHABLE_MINUTES
from village.transit.timetable import metres_between, walk_seconds

WALK_M = 800.0
MAX_NEAR = 8
U16 = npt.NDArray[np.uint16]
I32 = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Access:
    """Stops near each of a list of places: place i walks `walk[ptr[i]:ptr[i+1]]` minutes to `stops[...]`."""

    ptr: I32
    stops: I32
    walk: I32

    def __len__(self) -> int:
        return len(self.ptr) - 1

    @classmethod
    def near(
        cls,
        lat: npt.NDArray[np.float64],
        lon: npt.NDArray[np.float64],
        stop_lat: npt.NDArray[np.float64],
        stop_lon: npt.NDArray[np.float64],
        *,
        walk_m: float = WALK_M,
        most: int = MAX_NEAR,
    ) -> Access:
        """The (at most `most`) nearest stops within `walk_m` of each place; a place with none has no row entries."""
        ptr = [0]
        stops: list[npt.NDArray[np.int64]] = []
        walk: list[npt.NDArray[np.int32]] = []
        order = np.argsort(stop_lat)
        sorted_lat = stop_lat[order]
        band = np.degrees(walk_m / 6_371_000.0)
        for plat, plon in zip(lat.tolist(), lon.tolist(), strict=True):
            lo, hi = np.searchsorted(sorted_lat, [plat - band, plat + band])
            candidates = order[lo:hi]
            d = metres_between(plat, plon, stop_lat[candidates], stop_lon[candidates])
            close = np.flatnonzero(d <= walk_m)
            close = close[np.argsort(d[close], kind="stable")][:most]
            stops.append(candidates[close])
            walk.append(np.ceil(walk_seconds(d[close]) / 60).astype(np.int32))
            ptr.append(ptr[-1] + len(close))
        return cls(
            np.array(ptr, dtype=np.int32),
            np.concatenate(stops).astype(np.int32) if stops else np.zeros(0, np.int32),
            np.concatenate(walk).astype(np.int32) if walk else np.zeros(0, np.int32),
        )


@numba.njit(cache=True, nogil=True)
def _one(  # pragma: no cover - compiled
    matrix: U16, a_stops: I32, a_walk: I32, s_ptr: I32, s_stops: I32, s_walk: I32, vec: I32, out: I32
) -> None:
    # Branch-free minima (the compiler vectorises them): an unreachable entry is UNREACHABLE_MINUTES,
    # so it plus a walk is never below a real time, and anything at or above it is unreachable.
    n_stops = matrix.shape[1]
    vec[:] = UNREACHABLE_MINUTES
    for k in range(len(a_stops)):
        row = matrix[a_stops[k]]
        w = a_walk[k]
        for s in range(n_stops):
            vec[s] = min(vec[s], np.int32(row[s]) + w)
    for j in range(len(s_ptr) - 1):
        best = UNREACHABLE_MINUTES
        for p in range(s_ptr[j], s_ptr[j + 1]):
            best = min(best, vec[s_stops[p]] + s_walk[p])
        out[j] = min(best, UNREACHABLE_MINUTES)


def minutes_to_services(matrix: U16, start: Access, start_index: int, services: Access) -> I32:
    """Minutes from one start (row `start_index` of `start`) to each service (`UNREACHABLE_MINUTES`: not by bus)."""
    a, b = int(start.ptr[start_index]), int(start.ptr[start_index + 1])
    out = np.empty(len(services), dtype=np.int32)
    vec = np.empty(matrix.shape[1], dtype=np.int32)
    _one(matrix, start.stops[a:b], start.walk[a:b], services.ptr, services.stops, services.walk, vec, out)
    return out


@numba.njit(cache=True, parallel=True)
def _stop_to_services(  # pragma: no cover - compiled
    matrix: U16, rows: I32, s_ptr: I32, s_stops: I32, s_walk: I32
) -> U16:
    """Minutes from each stop of `rows` to every service (ride then the walk from the best stop near it)."""
    n_services = len(s_ptr) - 1
    out = np.empty((len(rows), n_services), dtype=np.uint16)
    for r in numba.prange(len(rows)):
        row = matrix[rows[r]]
        for j in range(n_services):
            best = UNREACHABLE_MINUTES
            for p in range(s_ptr[j], s_ptr[j + 1]):
                best = min(best, np.int32(row[s_stops[p]]) + s_walk[p])
            out[r, j] = min(best, UNREACHABLE_MINUTES)
    return out


@numba.njit(cache=True, parallel=True)
def _district(  # pragma: no cover - compiled
    to_services: U16, f_ptr: I32, f_rows: I32, f_walk: I32, limit: int
) -> tuple[I32, I32]:
    n = len(f_ptr) - 1
    n_services = to_services.shape[1]
    within = np.zeros(n, dtype=np.int32)
    nearest = np.full(n, UNREACHABLE_MINUTES, dtype=np.int32)
    chunk = 256
    for c in numba.prange((n + chunk - 1) // chunk):
        out = np.empty(n_services, dtype=np.int32)
        for i in range(c * chunk, min(n, (c + 1) * chunk)):
            out[:] = UNREACHABLE_MINUTES
            for k in range(f_ptr[i], f_ptr[i + 1]):
                row = to_services[f_rows[k]]
                w = f_walk[k]
                for j in range(n_services):
                    out[j] = min(out[j], np.int32(row[j]) + w)
            count = 0
            best = UNREACHABLE_MINUTES
            for j in range(n_services):
                count += out[j] <= limit
                best = min(best, out[j])
            within[i] = count
            nearest[i] = min(best, UNREACHABLE_MINUTES)
    return within, nearest


def district_summary(matrix: U16, families: Access, services: Access, limit: int) -> tuple[I32, I32]:
    """For every family: how many services it reaches within `limit` minutes, and its nearest service's minutes.

    The stops families walk to are first turned into stop-to-service rows (ride, then walk from the
    best stop near the service: one row per such stop, `uint16`), so each family is then a handful
    of contiguous minima over services; no family x service table is ever built."""
    used, f_rows = np.unique(families.stops, return_inverse=True)
    to_services = _stop_to_services(matrix, used.astype(np.int32), services.ptr, services.stops, services.walk)
    return _district(to_services, families.ptr, f_rows.astype(np.int32), families.walk, limit)
