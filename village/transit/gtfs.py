"""Read a GTFS feed (a zip or a folder) into a checked plan: a `Timetable`, the stops to keep, and a
report naming every problem by file and row. Nothing here writes; `actions.apply_feed` does.

What is checked, and what happens:
- a required file missing (agency, stops, routes, trips, stop_times, and calendar or
  calendar_dates): the feed is refused;
- a stop without valid coordinates, or far from every other stop: the stop is rejected and its
  stop times are left out;
- a bad time ("7:5", "25:61:00"), a stop time at an unknown trip or stop, a time earlier than the
  trip's previous stop: that row is rejected;
- a trip without (two usable) stop times, or whose service is unknown or never runs: rejected;
- a service (calendar row) that never runs: rejected, with its trips;
- untimed stops between timed ones get times interpolated by distance along the trip (counted);
- a calendar that has already ended: said in a note (the feed still loads).
Times past 24:00 are kept as they are (seconds may pass 86,400).
"""

from __future__ import annotations

import datetime
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.utils.translation import gettext_noop

from village.lib.archives import open_zip
from village.lib.file_accounts import FileAccount
from village.lib.imports import ImportReport, Limits, Rejection, Table, UnreadableFile, read_csv, unkept_columns
from village.transit.timetable import (
    FOOTPATH_M,
    Footpaths,
    Timetable,
    metres_between,
    nearby_pairs,
    walk_seconds,
)

REQUIRED = ("agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt")
CALENDARS = ("calendar.txt", "calendar_dates.txt")
# A stop further than this from the feed's median stop is taken for a mistake (0,0 or a typo).
FAR_KM = 150.0
GTFS_LIMITS = Limits(max_rows=5_000_000)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class PlannedStop:
    code: str  # the feed's stop_id
    name: str
    lat: float
    lon: float


@dataclass
class FeedPlan:
    """What a feed would load: `timetable` is None when the feed cannot be used at all."""

    report: ImportReport = field(default_factory=ImportReport)
    stops: list[PlannedStop] = field(default_factory=list)
    timetable: Timetable | None = None
    agency: str = ""
    total: int = 0  # rows read, for progress

    @property
    def unusable(self) -> bool:
        return self.timetable is None


def rejection(file: str, row: int, column: str, code: str, value: str, reason: str, **params: str | int) -> Rejection:
    return Rejection(file, row, column, code, value[:200], reason, params)


def parse_time(text: str) -> int | None:
    """Seconds after midnight of the service day for "H:MM:SS" (hours may pass 24), else None."""
    parts = text.strip().split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[1]) != 2 or len(parts[2]) != 2:
        return None
    h, m, s = (int(p) for p in parts)
    if m > 59 or s > 59 or h > 99:
        return None
    return h * 3600 + m * 60 + s


def parse_date(text: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(text.strip(), "%Y%m%d").date()
    except ValueError:
        return None


class _Source:
    """The files of a zip (bounded, see `village.lib.archives`) or a folder, by base name."""

    def __init__(self, source: Path | bytes, name: str) -> None:
        self.name = name
        self.zip = None
        self.folder: Path | None = None
        if isinstance(source, Path) and source.is_dir():
            self.folder = source
            self.names = {p.name: p.name for p in source.iterdir() if p.is_file()}
        else:
            self.zip = open_zip(source, name)
            # Feeds zipped with their folder keep the files one level down.
            self.names = {n.rsplit("/", 1)[-1]: n for n in self.zip.namelist() if not n.endswith("/")}

    def has(self, file: str) -> bool:
        return file in self.names

    def table(self, file: str) -> Table:
        if self.folder is not None:
            data = (self.folder / file).read_bytes()
        else:
            assert self.zip is not None
            data = self.zip.read(self.names[file])
        return read_csv(data, file, limits=GTFS_LIMITS)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def parse_feed(source: Path | bytes, name: str, *, today: datetime.date | None = None) -> FeedPlan:
    """Read and check a feed; every problem is in `plan.report` (see the module's docstring)."""
    plan = FeedPlan()
    report = plan.report
    try:
        files = _Source(source, name)
    except zipfile.BadZipFile:
        report.reject(
            rejection(name, 0, "", "not_zip", "", gettext_noop("%(file)s is not a zip file of a GTFS feed."), file=name)
        )
        return plan
    except UnreadableFile as exc:
        report.reject(exc.rejection(name))
        return plan
    try:
        missing = [f for f in REQUIRED if not files.has(f)]
        if not any(files.has(f) for f in CALENDARS):
            missing.append("calendar.txt")
        for f in missing:
            report.reject(
                rejection(
                    f,
                    0,
                    "",
                    "missing_file",
                    "",
                    gettext_noop("%(file)s is missing: a GTFS feed must have it, so nothing was loaded."),
                    file=f,
                )
            )
        if missing:
            return plan
        _build(files, plan, today or datetime.date.today())
    except UnreadableFile as exc:
        report.reject(exc.rejection())
        plan.timetable = None
    finally:
        files.close()
    return plan


def _account(report: ImportReport, table: Table, kept: tuple[str, ...]) -> FileAccount:
    account = FileAccount(table.name, rows=len(table), unkept=unkept_columns(table, kept))
    report.files.append(account)
    return account


def _required_columns(report: ImportReport, table: Table, columns: tuple[str, ...]) -> bool:
    missing = table.missing(columns)
    for column in missing:
        report.reject(
            rejection(
                table.name,
                1,
                column,
                "missing_column",
                "",
                gettext_noop("%(file)s has no %(column)s column, so nothing was loaded."),
                file=table.name,
                column=column,
            )
        )
    return not missing


def _build(files: _Source, plan: FeedPlan, today: datetime.date) -> None:
    report = plan.report
    agency = files.table("agency.txt")
    _account(report, agency, ("agency_name", "agency_timezone")).valid = len(agency)
    plan.agency = agency.rows[0].get("agency_name") if agency.rows else ""

    stops = _stops(files.table("stops.txt"), plan)
    routes_t = files.table("routes.txt")
    routes = {row.get("route_id") for row in routes_t}
    _account(report, routes_t, ("route_id",)).valid = len(routes_t)
    services = _services(files, report)
    if stops is None or services is None:
        return
    trips_t = files.table("trips.txt")
    if not _required_columns(report, trips_t, ("route_id", "service_id", "trip_id")):
        return
    trips = _trips(trips_t, routes, services, report)
    times_t = files.table("stop_times.txt")
    plan.total = sum(len(t) for t in (agency, routes_t, trips_t, times_t))
    if not _required_columns(report, times_t, ("trip_id", "stop_id", "stop_sequence")):
        return
    timed = _stop_times(times_t, trips, stops, report)
    footpaths = _transfers(files, stops, report) if files.has("transfers.txt") else None
    _assemble(plan, stops, services, trips, trips_t, timed, footpaths, today)


def _stops(table: Table, plan: FeedPlan) -> dict[str, int] | None:
    """Boarding stops by stop_id -> index in `plan.stops` (stations and entrances are not boarded)."""
    report = plan.report
    account = _account(report, table, ("stop_id", "stop_name", "stop_lat", "stop_lon", "location_type"))
    if not _required_columns(report, table, ("stop_id", "stop_lat", "stop_lon")):
        return None
    found: list[tuple[int, PlannedStop]] = []
    seen: set[str] = set()
    for row in table:
        code = row.get("stop_id")
        if row.get("location_type") not in ("", "0"):
            account.skipped[gettext_noop("not a boarding stop (a station, entrance or node)")] = (
                account.skipped.get(gettext_noop("not a boarding stop (a station, entrance or node)"), 0) + 1
            )
            continue
        if not code or code in seen:
            report.reject(
                rejection(
                    table.name, row.number, "stop_id", "bad_id", code, gettext_noop("This stop_id is empty or repeated.")
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
        lat = np.array([s.lat for _, s in found])
        lon = np.array([s.lon for _, s in found])
        far = metres_between(lat, lon, float(np.median(lat)), float(np.median(lon))) / 1000 > FAR_KM
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
    account.valid = len(plan.stops)
    account.rejected = len(table) - account.valid - sum(account.skipped.values())
    return {stop.code: i for i, stop in enumerate(plan.stops)}


def _services(files: _Source, report: ImportReport) -> dict[str, list[int]] | None:
    """Each service's running days (ordinals), calendar.txt and calendar_dates.txt resolved."""
    days: dict[str, set[int]] = defaultdict(set)
    rows: dict[str, tuple[str, int]] = {}
    if files.has("calendar.txt"):
        table = files.table("calendar.txt")
        account = _account(report, table, ("service_id", *WEEKDAYS, "start_date", "end_date"))
        if not _required_columns(report, table, ("service_id", *WEEKDAYS, "start_date", "end_date")):
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
                account.rejected += 1
                continue
            sid = row.get("service_id")
            rows[sid] = (table.name, row.number)
            on = {i for i, f in enumerate(flags) if f == "1"}
            d = start
            while d <= end:
                if d.weekday() in on:
                    days[sid].add(d.toordinal())
                d += datetime.timedelta(days=1)
            account.valid += 1
    if files.has("calendar_dates.txt"):
        table = files.table("calendar_dates.txt")
        account = _account(report, table, ("service_id", "date", "exception_type"))
        if not _required_columns(report, table, ("service_id", "date", "exception_type")):
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
                account.rejected += 1
                continue
            rows.setdefault(sid, (table.name, row.number))
            if kind == "1":
                days[sid].add(day.toordinal())
            else:
                days[sid].discard(day.toordinal())
            account.valid += 1
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


def _trips(table: Table, routes: set[str], services: dict[str, list[int]], report: ImportReport) -> dict[str, int]:
    """Usable trips: trip_id -> row number in trips.txt."""
    account = _account(report, table, ("route_id", "service_id", "trip_id"))
    out: dict[str, int] = {}
    for row in table:
        tid, sid = row.get("trip_id"), row.get("service_id")
        if not tid or tid in out:
            reason = gettext_noop("This trip_id is empty or repeated.")
            report.reject(rejection(table.name, row.number, "trip_id", "bad_id", tid, reason))
        elif row.get("route_id") not in routes:
            reason = gettext_noop("Route %(route)s is not in routes.txt; the trip was left out.")
            report.reject(
                rejection(table.name, row.number, "route_id", "unknown_route", row.get("route_id"), reason, route=row.get("route_id"))
            )
        elif sid not in services:
            reason = gettext_noop("Service %(service)s is not in the calendar or never runs; the trip was left out.")
            report.reject(rejection(table.name, row.number, "service_id", "no_service", sid, reason, service=sid))
        else:
            out[tid] = row.number
            continue
        account.rejected += 1
    return out


def _stop_times(
    table: Table, trips: dict[str, int], stops: dict[str, int], report: ImportReport
) -> dict[str, list[tuple[int, int, int | None, int | None, int]]]:
    account = _account(report, table, ("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"))
    by_trip: dict[str, list[tuple[int, int, int | None, int | None, int]]] = defaultdict(list)
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
                gettext_noop("Stop %(stop)s is not a usable stop in stops.txt; this stop time was left out."), stop=code,
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
            account.rejected += 1
            continue
        if arr is None:
            arr = dep
        if dep is None:
            dep = arr
        by_trip[tid].append((int(row.get("stop_sequence")), stops[code], arr, dep, row.number))
    account.valid = len(table) - account.rejected
    return by_trip


def _transfers(files: _Source, stops: dict[str, int], report: ImportReport) -> Footpaths | None:
    """Footpaths from transfers.txt (walks between two different stops with a minimum time)."""
    table = files.table("transfers.txt")
    account = _account(report, table, ("from_stop_id", "to_stop_id", "transfer_type", "min_transfer_time"))
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
            account.valid += 1
        else:
            reason = gettext_noop("only walks between two different known stops are used")
            account.skipped[reason] = account.skipped.get(reason, 0) + 1
    arrays = (np.array(x, dtype=np.int32) for x in (a, b, secs))
    return Footpaths.from_pairs(len(stops), *arrays)


def _assemble(
    plan: FeedPlan,
    stops: dict[str, int],
    services: dict[str, list[int]],
    trips: dict[str, int],
    trips_t: Table,
    timed: dict[str, list[tuple[int, int, int | None, int | None, int]]],
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
        rows = sorted(timed.get(tid, []))
        times = _interpolate(rows, lat, lon)
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
            rejection("trips.txt", 0, "", "no_trips", "", gettext_noop("No trip of this feed can be used; nothing was loaded."))
        )
        return
    if footpaths is None:
        a, b, metres = nearby_pairs(lat, lon, FOOTPATH_M)
        footpaths = Footpaths.from_pairs(len(lat), a, b, walk_seconds(metres))
        report.note(
            gettext_noop("The feed has no transfers.txt: %(count)s walks between stops up to %(metres)s m were generated."),
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


def _interpolate(
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
            t = int(round(last_dep + share * (arr - last_dep)))
            out.append((t, t))
        out.append((arr, dep))
        last_i, last_dep = i, dep
    return out
