"""A generated bus network written as GTFS text files: for the benchmark's mid-size city and for a
demo region that has no real feed. Deterministic for a seed.

Stops sit on a grid of points `spacing_m` apart around a centre; each line is a wandering path
over the grid (mostly straight, sometimes turning), so lines cross and share stops. Every line runs
both ways from 05:00 to 23:00 on weekdays at a fixed headway chosen so the network has about
`connections` hops a weekday, and at double the headway on Saturdays and Sundays. Buses cover a
hop in `hop_seconds` and wait `dwell_seconds` at each stop.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

DAY_START = 5 * 3600
DAY_END = 23 * 3600


@dataclass(frozen=True)
class NetworkShape:
    stops: int = 5000
    connections: int = 150_000
    stops_per_line: int = 80
    spacing_m: float = 400.0
    hop_seconds: int = 75
    dwell_seconds: int = 15
    centre: tuple[float, float] = (41.88, -87.63)
    start: str = "20260105"
    end: str = "20271231"
    agency: str = "Generated Bus"


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def network(shape: NetworkShape, seed: int = 19) -> dict[str, str]:
    """The GTFS files (name -> text) of a generated network of about `shape.stops` stops."""
    rng = random.Random(seed)
    side = max(4, math.ceil(math.sqrt(shape.stops * 2.2)))
    lines: list[list[tuple[int, int]]] = []
    used: dict[tuple[int, int], int] = {}
    moves = ((1, 0), (0, 1), (-1, 0), (0, -1))
    while len(used) < shape.stops:
        x, y = rng.randrange(side), rng.randrange(side)
        heading = rng.randrange(4)
        path = [(x, y)]
        while len(path) < shape.stops_per_line:
            if rng.random() < 0.15:
                heading = (heading + rng.choice((1, 3))) % 4
            dx, dy = moves[heading]
            if not (0 <= x + dx < side and 0 <= y + dy < side) or (x + dx, y + dy) in path:
                heading = (heading + rng.choice((1, 3))) % 4
                dx, dy = moves[heading]
                if not (0 <= x + dx < side and 0 <= y + dy < side) or (x + dx, y + dy) in path:
                    break
            x, y = x + dx, y + dy
            path.append((x, y))
            if len(used) + sum(1 for p in path if p not in used) >= shape.stops:
                break
        if len(path) < 3:
            continue
        for point in path:
            used.setdefault(point, len(used))
        lines.append(path)
    lat0, lon0 = shape.centre
    dlat = shape.spacing_m / 111_320.0
    dlon = dlat / math.cos(math.radians(lat0))
    stops = ["stop_id,stop_name,stop_lat,stop_lon"]
    for (x, y), i in sorted(used.items(), key=lambda item: item[1]):
        lat = lat0 + (y - side / 2) * dlat
        lon = lon0 + (x - side / 2) * dlon
        stops.append(f"S{i},Stop {i} ({x}/{y}),{lat:.6f},{lon:.6f}")
    hops_per_run = sum(len(p) - 1 for p in lines) * 2
    runs = max(1, round(shape.connections / hops_per_run))
    headway = max(60, (DAY_END - DAY_START) // runs)
    routes = ["route_id,route_short_name,route_long_name,route_type"]
    trips = ["route_id,service_id,trip_id"]
    times = ["trip_id,arrival_time,departure_time,stop_id,stop_sequence"]
    for n, path in enumerate(lines):
        routes.append(f"L{n},{n + 1},Line {n + 1},3")
        offset = rng.randrange(headway)
        for direction, stops_on in enumerate((path, path[::-1])):
            for service, gap in (("WK", headway), ("WE", headway * 2)):
                for k, t in enumerate(range(DAY_START + offset, DAY_END, gap)):
                    trip = f"L{n}-{direction}-{service}-{k}"
                    trips.append(f"L{n},{service},{trip}")
                    clock = t
                    for seq, point in enumerate(stops_on):
                        arrive = clock
                        leave = arrive + (shape.dwell_seconds if 0 < seq < len(stops_on) - 1 else 0)
                        times.append(f"{trip},{_hms(arrive)},{_hms(leave)},S{used[point]},{seq + 1}")
                        clock = leave + shape.hop_seconds
    return {
        "agency.txt": f"agency_name,agency_url,agency_timezone\n{shape.agency},https://example.org,America/Chicago\n",
        "stops.txt": "\n".join(stops) + "\n",
        "routes.txt": "\n".join(routes) + "\n",
        "trips.txt": "\n".join(trips) + "\n",
        "stop_times.txt": "\n".join(times) + "\n",
        "calendar.txt": (
            "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
            f"WK,1,1,1,1,1,0,0,{shape.start},{shape.end}\n"
            f"WE,0,0,0,0,0,1,1,{shape.start},{shape.end}\n"
        ),
    }
