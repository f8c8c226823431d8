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
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext_noop

from village.lib.imports import UnreadableFile
from village.transit.gtfs.assemble import assemble
from village.transit.gtfs.plan import (
    CALENDARS,
    REQUIRED,
    FeedPlan,
    PlannedStop,
    Source,
    account,
    rejection,
    required_columns,
)
from village.transit.gtfs.rows import read_services, read_stop_times, read_stops, read_transfers, read_trips

__all__ = ["FeedPlan", "PlannedStop", "parse_feed"]


def parse_feed(source: Path | bytes, name: str, *, today: datetime.date | None = None) -> FeedPlan:
    """Read and check a feed; every problem is in `plan.report` (see the module's docstring)."""
    plan = FeedPlan()
    report = plan.report
    try:
        files = Source(source, name)
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
        _build(files, plan, today or timezone.localdate())
    except UnreadableFile as exc:
        report.reject(exc.rejection())
        plan.timetable = None
    finally:
        files.close()
    return plan


def _build(files: Source, plan: FeedPlan, today: datetime.date) -> None:
    report = plan.report
    agency = files.table("agency.txt")
    account(report, agency, ("agency_name", "agency_timezone")).valid = len(agency)
    plan.agency = agency.rows[0].get("agency_name") if agency.rows else ""

    stops = read_stops(files.table("stops.txt"), plan)
    routes_t = files.table("routes.txt")
    routes = {row.get("route_id") for row in routes_t}
    account(report, routes_t, ("route_id",)).valid = len(routes_t)
    services = read_services(files, report)
    if stops is None or services is None:
        return
    trips_t = files.table("trips.txt")
    if not required_columns(report, trips_t, ("route_id", "service_id", "trip_id")):
        return
    trips = read_trips(trips_t, routes, services, report)
    times_t = files.table("stop_times.txt")
    plan.total = sum(len(t) for t in (agency, routes_t, trips_t, times_t))
    if not required_columns(report, times_t, ("trip_id", "stop_id", "stop_sequence")):
        return
    timed = read_stop_times(times_t, trips, stops, report)
    footpaths = read_transfers(files, stops, report) if files.has("transfers.txt") else None
    assemble(plan, stops, services, trips, trips_t, timed, footpaths, today)
