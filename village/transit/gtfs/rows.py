"""The checks of each GTFS file, row by row (see the package docstring for what happens to a bad row)."""

from __future__ import annotations

import datetime
from collections import defaultdict

import numpy as np
from django.utils.translation import gettext_noop

from village.lib.imports import ImportReport, Rejection, Table
from village.transit.gtfs.plan import (
    FAR_KM,
    WEEKDAYS,
    FeedPlan,
    PlannedStop,
    Source,
    account,
    parse_date,
    parse_time,
    rejection,
    required_columns,
)
from village.transit.timetable import Footpaths, metres_between

StopTimes = dict[str, list[tuple[int, int, int | None, int | None, int]]]


def read_stops(table: Table, plan: FeedPlan) -> dict[str, int] | None:
    """Boarding stops by stop_id -> index in `plan.stops` (stations and entrances are not boarded)."""
    report = plan.report
    tally = account(report, table, ("stop_id", "stop_name", "stop_lat", "stop_lon", "location_type"))
    if not required_columns(report, table, ("stop_id", "stop_lat", "stop_lon")):
        return None
    found: list[tuple[int, PlannedStop]] = []
    seen: set[str] = set()
    for row in table:
        code = row.get("stop_id")
        if row.get("location_type") not in ("", "0"):
            tally.skipped[gettext_noop("not a boarding stop (a station, entrance or node)")] = (
                tally.skipped.get(gettext_noop("not a boarding stop (a station, entrance or node)"), 0) + 1
            )
            continue
        if not code or code in seen:
            report.reject(
                rejection(
                    table.name,
                    row.number,
                    "stop_id",
                    "bad_id",
                    code,
                    gettext_noop("This stop_id is empty or repeated."),
                )
            )
            continue
        seen.add(code)
        try:
            lat, lon = float(row.get("stop_lat")), float(row.get("stop_lon"))
        except ValueError:
            lat = lon = float("nan")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
            report.reject(
                rejection(
                    table.name,
                    row.number,
                    "stop_lat",
                    "no_coordinates",
                    f"{row.get('stop_lat')},{row.get('stop_lon')}",
                    gettext_noop("Stop %(stop)s has no valid coordinates; its stop times were left out."),
                    stop=code,
                )
            )
            continue
        found.append((row.number, PlannedStop(code, row.get("stop_name") or code, lat, lon)))
    if found:
        lats = np.array([s.lat for _, s in found])
        lons = np.array([s.lon for _, s in found])
        far = metres_between(lats, lons, float(np.median(lats)), float(np.median(lons))) / 1000 > FAR_KM
        for (number, stop), is_far in zip(found, far.tolist(), strict=True):
            if is_far:
                report.reject(
                    rejection(
                        table.name,
                        number,
                        "stop_lat",
                        "far_away",
                        f"{stop.lat},{stop.lon}",
                        gettext_noop(
                            "Stop %(stop)s is more than %(km)s km from the feed's other stops; "
                            "its stop times were left out."
                        ),
                        stop=stop.code,
                        km=int(FAR_KM),
                    )
                )
            else:
                plan.stops.append(stop)
    tally.valid = len(plan.stops)
    tally.rejected = len(table) - tally.valid - sum(tally.skipped.values())
    return {stop.code: i for i, stop in enumerate(plan.stops)}


def read_services(files: Source, report: ImportReport) -> dict[str, list[int]] | None:
    """Each service's running days (ordinals), calendar.txt and calendar_dates.txt resolved."""
    days: dict[str, set[int]] = defaultdict(set)
    rows: dict[str, tuple[str, int]] = {}
    if files.has("calendar.txt"):
        table = files.table("calendar.txt")
        tally = account(report, table, ("service_id", *WEEKDAYS, "start_date", "end_date"))
        if not required_columns(report, table, ("service_id", *WEEKDAYS, "start_date", "end_date")):
            return None
        for row in table:
            start, end = parse_date(row.get("start_date")), parse_date(row.get("end_date"))
            flags = [row.get(d) for d in WEEKDAYS]
            if start is None or end is None or any(f not in ("0", "1") for f in flags):
                report.reject(
                    rejection(
                        table.name,
                        row.number,
                        "start_date",
                        "bad_calendar",
                        row.get("service_id"),
                        gettext_noop(
                            "Service %(service)s: dates must be YYYYMMDD and weekdays 0 or 1; the service was left out."
                        ),
                        service=row.get("service_id"),
                    )
                )
                tally.rejected += 1
                continue
            sid = row.get("service_id")
            rows[sid] = (table.name, row.number)
            on = {i for i, f in enumerate(flags) if f == "1"}
            d = start
            while d <= end:
                if d.weekday() in on:
                    days[sid].add(d.toordinal())
                d += datetime.timedelta(days=1)
            tally.valid += 1
    if files.has("calendar_dates.txt"):
        table = files.table("calendar_dates.txt")
        tally = account(report, table, ("service_id", "date", "exception_type"))
        if not required_columns(report, table, ("service_id", "date", "exception_type")):
            return None
        for row in table:
            sid, day, kind = row.get("service_id"), parse_date(row.get("date")), row.get("exception_type")
            if day is None or kind not in ("1", "2"):
                report.reject(
                    rejection(
                        table.name,
                        row.number,
                        "date",
                        "bad_exception",
                        f"{row.get('date')} {kind}",
                        gettext_noop("The date must be YYYYMMDD and exception_type 1 (added) or 2 (removed)."),
                    )
                )
                tally.rejected += 1
                continue
            rows.setdefault(sid, (table.name, row.number))
            if kind == "1":
                days[sid].add(day.toordinal())
            else:
                days[sid].discard(day.toordinal())
            tally.valid += 1
    out: dict[str, list[int]] = {}
    for sid, (file, number) in rows.items():
        if days[sid]:
            out[sid] = sorted(days[sid])
        else:
            report.reject(
                rejection(
                    file,
                    number,
                    "service_id",
                    "never_runs",
                    sid,
                    gettext_noop("Service %(service)s never runs on any day; its trips were left out."),
                    service=sid,
                )
            )
    return out


def read_trips(table: Table, routes: set[str], services: dict[str, list[int]], report: ImportReport) -> dict[str, int]:
    """Usable trips: trip_id -> row number in trips.txt."""
    tally = account(report, table, ("route_id", "service_id", "trip_id"))
    out: dict[str, int] = {}
    for row in table:
        tid, sid = row.get("trip_id"), row.get("service_id")
        if not tid or tid in out:
            reason = gettext_noop("This trip_id is empty or repeated.")
            report.reject(rejection(table.name, row.number, "trip_id", "bad_id", tid, reason))
        elif row.get("route_id") not in routes:
            reason = gettext_noop("Route %(route)s is not in routes.txt; the trip was left out.")
            report.reject(
                rejection(
                    table.name,
                    row.number,
                    "route_id",
                    "unknown_route",
                    row.get("route_id"),
                    reason,
                    route=row.get("route_id"),
                )
            )
        elif sid not in services:
            reason = gettext_noop("Service %(service)s is not in the calendar or never runs; the trip was left out.")
            report.reject(rejection(table.name, row.number, "service_id", "no_service", sid, reason, service=sid))
        else:
            out[tid] = row.number
            continue
        tally.rejected += 1
    return out


def read_stop_times(table: Table, trips: dict[str, int], stops: dict[str, int], report: ImportReport) -> StopTimes:
    tally = account(report, table, ("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"))
    by_trip: StopTimes = defaultdict(list)
    for row in table:
        tid, code = row.get("trip_id"), row.get("stop_id")
        problem: Rejection | None = None
        raw_arr, raw_dep = row.get("arrival_time"), row.get("departure_time")
        arr = parse_time(raw_arr) if raw_arr else None
        dep = parse_time(raw_dep) if raw_dep else None
        if tid not in trips:
            problem = rejection(
                table.name, row.number, "trip_id", "unknown_trip", tid,
                gettext_noop("Trip %(trip)s is not a usable trip in trips.txt; this stop time was left out."), trip=tid,
            )  # fmt: skip
        elif code not in stops:
            problem = rejection(
                table.name, row.number, "stop_id", "unknown_stop", code,
                gettext_noop("Stop %(stop)s is not a usable stop in stops.txt; this stop time was left out."),
                stop=code,
            )  # fmt: skip
        elif (raw_arr and arr is None) or (raw_dep and dep is None):
            bad = raw_arr if raw_arr and arr is None else raw_dep
            problem = rejection(
                table.name, row.number, "arrival_time" if bad == raw_arr else "departure_time", "bad_time", bad,
                gettext_noop("%(value)s is not a time like 07:05:00 (hours may pass 24); this stop time was left out."),
                value=bad,
            )  # fmt: skip
        elif arr is not None and dep is not None and dep < arr:
            problem = rejection(
                table.name, row.number, "departure_time", "leaves_before_arriving", raw_dep,
                gettext_noop("The departure (%(departure)s) is before the arrival (%(arrival)s)."),
                departure=raw_dep, arrival=raw_arr,
            )  # fmt: skip
        elif not row.get("stop_sequence").isdigit():
            problem = rejection(
                table.name, row.number, "stop_sequence", "bad_sequence", row.get("stop_sequence"),
                gettext_noop("stop_sequence must be a whole number; this stop time was left out."),
            )  # fmt: skip
        if problem is not None:
            report.reject(problem)
            tally.rejected += 1
            continue
        if arr is None:
            arr = dep
        if dep is None:
            dep = arr
        by_trip[tid].append((int(row.get("stop_sequence")), stops[code], arr, dep, row.number))
    tally.valid = len(table) - tally.rejected
    return by_trip


def read_transfers(files: Source, stops: dict[str, int], report: ImportReport) -> Footpaths | None:
    """Footpaths from transfers.txt (walks between two different stops with a minimum time)."""
    table = files.table("transfers.txt")
    tally = account(report, table, ("from_stop_id", "to_stop_id", "transfer_type", "min_transfer_time"))
    a: list[int] = []
    b: list[int] = []
    secs: list[int] = []
    for row in table:
        f, t = row.get("from_stop_id"), row.get("to_stop_id")
        seconds = row.get("min_transfer_time")
        if f in stops and t in stops and f != t and row.get("transfer_type") in ("", "0", "2"):
            a.append(stops[f])
            b.append(stops[t])
            secs.append(int(seconds) if seconds.isdigit() else 0)
            tally.valid += 1
        else:
            reason = gettext_noop("only walks between two different known stops are used")
            tally.skipped[reason] = tally.skipped.get(reason, 0) + 1
    arrays = (np.array(x, dtype=np.int32) for x in (a, b, secs))
    return Footpaths.from_pairs(len(stops), *arrays)
