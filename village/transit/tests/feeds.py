"""The real Cairns feed (from shared/, skipped with a reason when absent) and small hand-made feeds."""

from __future__ import annotations

import datetime
import io
import zipfile
from functools import cache
from pathlib import Path

from conftest import SHARED, skip_or_fail
from village.transit.gtfs import FeedPlan, parse_feed
from village.transit.timetable import Timetable

CAIRNS = SHARED / "external" / "cairns-gtfs" / "cairns_gtfs.zip"
TUESDAY = datetime.date(2014, 6, 3)
HOLIDAY_MONDAY = datetime.date(2014, 6, 9)  # Queen's Birthday in Queensland: Sunday service
SUNDAY = datetime.date(2014, 6, 8)
MONDAY = datetime.date(2014, 6, 2)


def cairns_path() -> Path:
    if not CAIRNS.exists():
        skip_or_fail(f"The Cairns GTFS feed is not at {CAIRNS} (set VILLAGE_SHARED_DIR to the shared folder).")
    return CAIRNS


@cache
def _cairns_plan() -> FeedPlan:
    return parse_feed(CAIRNS, CAIRNS.name, today=datetime.date(2014, 6, 1))


def cairns() -> FeedPlan:
    cairns_path()
    return _cairns_plan()


def cairns_timetable() -> Timetable:
    timetable = cairns().timetable
    assert timetable is not None
    return timetable


MINIMAL = {
    "agency.txt": "agency_name,agency_url,agency_timezone\nRiver Bus,https://example.org,America/Chicago\n",
    "stops.txt": (
        "stop_id,stop_name,stop_lat,stop_lon\n"
        "A,Lincoln School,41.8800,-87.6300\n"
        "B,Main & 3rd,41.8850,-87.6300\n"
        "C,Clinic,41.8900,-87.6300\n"
        "D,Far Park,41.9500,-87.6300\n"
    ),
    "routes.txt": "route_id,route_short_name,route_type\nR1,1,3\n",
    "trips.txt": "route_id,service_id,trip_id\nR1,WK,T1\nR1,WK,T2\n",
    "stop_times.txt": (
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "T1,08:00:00,08:00:00,A,1\n"
        "T1,,,B,2\n"
        "T1,08:20:00,08:20:00,C,3\n"
        "T2,24:30:00,24:30:00,A,1\n"
        "T2,24:50:00,24:50:00,C,2\n"
    ),
    "calendar.txt": (
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WK,1,1,1,1,1,0,0,20260105,20261231\n"
    ),
}


def feed_zip(files: dict[str, str | None] | None = None, *, base: dict[str, str] = MINIMAL) -> bytes:
    """A zip of the minimal feed, with `files` replacing (or, as None, removing) some of its files."""
    content: dict[str, str | None] = {**base, **(files or {})}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in content.items():
            if text is not None:
                z.writestr(name, text)
    return out.getvalue()


# A line running north from Lincoln every 10 minutes on weekday afternoons and evenings: Lincoln
# (A), the clinic's corner (B), Main & 5th (C), and Far Park (D) 20 minutes further on.
STOPS = {
    "A": ("Lincoln School", 41.8800),
    "B": ("Clinic Corner", 41.8850),
    "C": ("Main & 5th", 41.8900),
    "D": ("Far Park", 41.9500),
}
OFFSETS = {"A": 0, "B": 4, "C": 8, "D": 28}


def river_bus(tmp_path: Path, stops: dict[str, tuple[str, float]] = STOPS) -> Path:
    """The river line as a GTFS zip in `tmp_path` (only the given stops)."""
    trips, times = ["route_id,service_id,trip_id"], ["trip_id,arrival_time,departure_time,stop_id,stop_sequence"]
    for k, start in enumerate(range(16 * 60, 20 * 60, 10)):
        trips.append(f"R1,WK,T{k}")
        for seq, code in enumerate(c for c in OFFSETS if c in stops):
            t = start + OFFSETS[code]
            times.append(f"T{k},{t // 60:02d}:{t % 60:02d}:00,{t // 60:02d}:{t % 60:02d}:00,{code},{seq + 1}")
    files = {
        "agency.txt": "agency_name,agency_url,agency_timezone\nRiver Bus,https://example.org,America/Chicago\n",
        "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\n"
        + "".join(f"{code},{name},{lat:.4f},-87.6300\n" for code, (name, lat) in stops.items()),
        "routes.txt": "route_id,route_short_name,route_type\nR1,1,3\n",
        "trips.txt": "\n".join(trips) + "\n",
        "stop_times.txt": "\n".join(times) + "\n",
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        "WK,1,1,1,1,1,0,0,20200101,20351231\n",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    path = tmp_path / "river-bus.zip"
    path.write_bytes(out.getvalue())
    return path
