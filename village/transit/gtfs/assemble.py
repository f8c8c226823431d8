"""A checked feed's rows made into a `Timetable`: untimed stops interpolated, footpaths generated."""

from __future__ import annotations

import datetime

import numpy as np
from django.utils.translation import gettext_noop

from village.lib.imports import Table
from village.transit.gtfs.plan import FeedPlan, rejection
from village.transit.gtfs.rows import StopTimes
from village.transit.timetable import (
    FOOTPATH_M,
    Footpaths,
    Timetable,
    metres_between,
    nearby_pairs,
    walk_seconds,
)


def assemble(
    plan: FeedPlan,
    stops: dict[str, int],
    services: dict[str, list[int]],
    trips: dict[str, int],
    trips_t: Table,
    timed: StopTimes,
    footpaths: Footpaths | None,
    today: datetime.date,
) -> None:
    report = plan.report
    service_ids = sorted(services)
    service_index = {sid: i for i, sid in enumerate(service_ids)}
    trip_service = {row.get("trip_id"): row.get("service_id") for row in trips_t}
    lat = np.array([s.lat for s in plan.stops], dtype=np.float64)
    lon = np.array([s.lon for s in plan.stops], dtype=np.float64)
    t_service: list[int] = []
    ptr = [0]
    st_stop: list[int] = []
    st_arr: list[int] = []
    st_dep: list[int] = []
    interpolated = 0
    for tid, number in trips.items():
        rows = sorted(timed.get(tid, []), key=lambda r: (r[0], r[4]))  # by stop_sequence, then row
        times = interpolate(rows, lat, lon)
        reason = ""
        if len(rows) < 2:
            reason = gettext_noop("Trip %(trip)s has fewer than two usable stop times; it was left out.")
        elif times is None:
            reason = gettext_noop(
                "Trip %(trip)s has no time at its first or last stop, or its times go backwards; it was left out."
            )
        if reason or times is None:
            report.reject(rejection(trips_t.name, number, "trip_id", "no_stop_times", tid, reason, trip=tid))
            continue
        interpolated += sum(1 for r in rows if r[2] is None)
        t_service.append(service_index[trip_service[tid]])
        st_stop.extend(r[1] for r in rows)
        st_arr.extend(t[0] for t in times)
        st_dep.extend(t[1] for t in times)
        ptr.append(len(st_stop))
    if not t_service:
        report.reject(
            rejection(
                "trips.txt",
                0,
                "",
                "no_trips",
                "",
                gettext_noop("No trip of this feed can be used; nothing was loaded."),
            )
        )
        return
    if footpaths is None:
        a, b, metres = nearby_pairs(lat, lon, FOOTPATH_M)
        footpaths = Footpaths.from_pairs(len(lat), a, b, walk_seconds(metres))
        report.note(
            gettext_noop(
                "The feed has no transfers.txt: %(count)s walks between stops up to %(metres)s m were generated."
            ),
            count=len(footpaths),
            metres=int(FOOTPATH_M),
        )
    if interpolated:
        report.note(
            gettext_noop("%(count)s stop times without a time were given one between the stops around them."),
            count=interpolated,
        )
    s_ptr = np.cumsum([0] + [len(services[s]) for s in service_ids], dtype=np.int32)
    s_days = np.array([d for s in service_ids for d in services[s]], dtype=np.int32)
    plan.timetable = Timetable(
        stop_lat=lat,
        stop_lon=lon,
        trip_service=np.array(t_service, dtype=np.int32),
        trip_ptr=np.array(ptr, dtype=np.int32),
        st_stop=np.array(st_stop, dtype=np.int32),
        st_arr=np.array(st_arr, dtype=np.int32),
        st_dep=np.array(st_dep, dtype=np.int32),
        service_ptr=s_ptr,
        service_days=s_days,
        footpaths=footpaths,
    )
    span = plan.timetable.dates()
    if span and span[1] < today:
        report.note(
            gettext_noop(
                "This feed's calendar ended on %(date)s: travel times use its last weeks until a newer feed is loaded."
            ),
            date=span[1].isoformat(),
        )
    report.counts = {
        "stops": len(plan.stops),
        "trips": len(t_service),
        "stop_times": len(st_stop),
        "services": len(service_ids),
    }


def interpolate(
    rows: list[tuple[int, int, int | None, int | None, int]], lat: np.ndarray, lon: np.ndarray
) -> list[tuple[int, int]] | None:
    """(arrival, departure) per stop, untimed stops placed by distance between their timed neighbours;
    None when the first or last stop is untimed or the times go backwards."""
    if not rows or rows[0][2] is None or rows[-1][2] is None:
        return None
    stops = np.array([r[1] for r in rows])
    hops = metres_between(lat[stops[:-1]], lon[stops[:-1]], lat[stops[1:]], lon[stops[1:]])
    along = np.concatenate([[0.0], np.cumsum(hops)])
    out: list[tuple[int, int]] = []
    last_i = 0
    last_dep = rows[0][3]
    assert last_dep is not None
    for i, (_, _, arr, dep, _) in enumerate(rows):
        if arr is None or dep is None:
            continue
        if arr < last_dep and i > 0:
            return None
        for k in range(last_i + 1, i):
            span = along[i] - along[last_i]
            share = (along[k] - along[last_i]) / span if span > 0 else (k - last_i) / (i - last_i)
            t = round(float(last_dep) + share * (arr - last_dep))
            out.append((t, t))
        out.append((arr, dep))
        last_i, last_dep = i, dep
    return out
