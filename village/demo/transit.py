"""The demo region's bus network: a GTFS feed generated from where its schools are, loaded by the
same importer a district lead uses, so matching shows bus minutes in the demo.

From each district's centre a line runs out through each school and 2 km beyond; a ring line joins
each district's schools in turn; a crosstown line joins the two centres. Stops stand every 400 m
(one at each school and each centre, shared by the lines that meet there, where people change).
Buses run every 12 minutes from 06:00 to 22:00 on weekdays and every 24 minutes from 08:00 to
20:00 at weekends, at 22 km/h with a 20-second stop. Services placed far from every line have no
stop within walking distance: the demo shows that fallback too.
"""

from __future__ import annotations

import datetime
import io
import math
import tempfile
import zipfile
from itertools import pairwise
from pathlib import Path

from django.utils import timezone

from village.accounts.models import User
from village.orgs.models import District, Region, School
from village.transit.actions import import_feed_now
from village.transit.models import FeedImport, Stop

FEED_NAME = "Riverbend Regional Transit"
SPACING_M = 400.0
SAME_STOP_M = 80.0
SPEED_KMH = 22.0
DWELL_S = 20
STREETS = (
    "Oak", "Maple", "Cedar", "Elm", "Willow", "Birch", "Pine", "Spruce", "Hickory", "Walnut", "Chestnut", "Aspen",
    "Magnolia", "Sycamore", "Juniper", "Poplar", "Linden", "Alder", "Laurel", "Hawthorn",
)  # fmt: skip


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = (b[0] - a[0]) * 111_320.0
    dlon = (b[1] - a[1]) * 111_320.0 * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dlat, dlon)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


class _Network:
    def __init__(self) -> None:
        self.stops: list[tuple[str, str, float, float]] = []  # id, name, lat, lon
        self.lines: list[tuple[str, list[int]]] = []  # name, stop indexes

    def stop(self, point: tuple[float, float], name: str) -> int:
        for i, (_code, _name, lat, lon) in enumerate(self.stops):
            if _metres(point, (lat, lon)) < SAME_STOP_M:
                return i
        self.stops.append((f"RB{len(self.stops) + 1:04d}", name, point[0], point[1]))
        return len(self.stops) - 1

    def line(self, name: str, street: str, waypoints: list[tuple[tuple[float, float], str]]) -> None:
        """A line through named waypoints, with a stop every SPACING_M between them."""
        path = [self.stop(*waypoints[0])]
        cross = 1
        for (a, _name_a), (b, name_b) in pairwise(waypoints):
            steps = max(1, round(_metres(a, b) / SPACING_M))
            for k in range(1, steps):
                t = k / steps
                point = (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                path.append(self.stop(point, f"{street} St & {_ordinal(cross)} Ave"))
                cross += 1
            path.append(self.stop(b, name_b))
        self.lines.append((name, [s for i, s in enumerate(path) if i == 0 or s != path[i - 1]]))


def _beyond(centre: tuple[float, float], school: tuple[float, float], km: float) -> tuple[float, float]:
    d = _metres(centre, school) or 1.0
    f = km * 1000 / d
    return (school[0] + (school[0] - centre[0]) * f, school[1] + (school[1] - centre[1]) * f)


def network(districts: list[tuple[District, str, tuple[float, float]]]) -> _Network:
    """Lines for each (district, city, centre): out through each school, a ring, and a crosstown line."""
    net = _Network()
    street = 0
    for district, city, centre in districts:
        schools = sorted(
            (s for s in School.objects.filter(district=district) if s.latitude is not None and s.longitude is not None),
            key=lambda s: math.atan2(float(s.latitude) - centre[0], float(s.longitude) - centre[1]),  # type: ignore[arg-type]
        )
        hub = (centre, f"{city} Transit Center")
        for school in schools:
            here = (float(school.latitude), float(school.longitude))  # type: ignore[arg-type]
            name = STREETS[street % len(STREETS)]
            end = (_beyond(centre, here, 2.0), f"{name} St Terminal")
            net.line(f"{name} Street", name, [hub, (here, f"{school.name} School"), end])
            street += 1
        ring = [((float(s.latitude), float(s.longitude)), f"{s.name} School") for s in schools]  # type: ignore[arg-type]
        if len(ring) > 2:
            net.line(f"{city} Circle", f"{city} Circle", [*ring, ring[0]])
    if len(districts) > 1:
        hubs = [(centre, f"{city} Transit Center") for _d, city, centre in districts]
        net.line("Crosstown", "Crosstown", hubs)
    return net


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def gtfs(net: _Network, today: datetime.date) -> bytes:
    """The network as a GTFS zip, running from 30 days ago for a year."""
    stops = ["stop_id,stop_name,stop_lat,stop_lon"]
    stops += [f'{code},"{name}",{lat:.6f},{lon:.6f}' for code, name, lat, lon in net.stops]
    routes = ["route_id,agency_id,route_short_name,route_long_name,route_type"]
    trips = ["route_id,service_id,trip_id"]
    times = ["trip_id,arrival_time,departure_time,stop_id,stop_sequence"]
    for n, (name, path) in enumerate(net.lines):
        routes.append(f'R{n + 1},RRT,{n + 1},"{name}",3')
        for direction, stops_on in enumerate((path, path[::-1])):
            for service, first, last, headway in (("WK", 6, 22, 12), ("WE", 8, 20, 24)):
                offset = (n * 3 + direction * 5) % headway
                for k, t in enumerate(range(first * 3600 + offset * 60, last * 3600, headway * 60)):
                    trip = f"R{n + 1}-{direction}-{service}-{k}"
                    trips.append(f"R{n + 1},{service},{trip}")
                    clock = t
                    for seq, stop in enumerate(stops_on):
                        leave = clock + (DWELL_S if 0 < seq < len(stops_on) - 1 else 0)
                        times.append(f"{trip},{_hms(clock)},{_hms(leave)},{net.stops[stop][0]},{seq + 1}")
                        if seq + 1 < len(stops_on):
                            a, b = net.stops[stop], net.stops[stops_on[seq + 1]]
                            clock = leave + round(_metres((a[2], a[3]), (b[2], b[3])) / (SPEED_KMH / 3.6))
    start, end = today - datetime.timedelta(days=30), today + datetime.timedelta(days=365)
    files = {
        "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\n"
        "RRT,Riverbend Regional Transit,https://transit.example.org,America/Chicago\n",
        "stops.txt": "\n".join(stops) + "\n",
        "routes.txt": "\n".join(routes) + "\n",
        "trips.txt": "\n".join(trips) + "\n",
        "stop_times.txt": "\n".join(times) + "\n",
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
        f"WK,1,1,1,1,1,0,0,{start:%Y%m%d},{end:%Y%m%d}\nWE,0,0,0,0,0,1,1,{start:%Y%m%d},{end:%Y%m%d}\n",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


def build(lead: User, region: Region, districts: list[tuple[District, str, tuple[float, float]]]) -> FeedImport:
    """Generate the region's feed and load it through the importer, as the lead would."""
    data = gtfs(network(districts), timezone.localdate())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "riverbend-transit.zip"
        path.write_bytes(data)
        return import_feed_now(lead, region, path, name=FEED_NAME, dry_run=False)


def stop_near(region: Region, point: tuple[float, float], *, not_within_m: float = 0.0) -> Stop | None:
    """The current stop nearest a point (farther than `not_within_m`): a family's chosen start."""
    stops = Stop.objects.filter(version__region=region, version__is_current=True)
    ranked = sorted(stops, key=lambda s: _metres(point, (s.latitude, s.longitude)))
    return next((s for s in ranked if _metres(point, (s.latitude, s.longitude)) > not_within_m), None)
