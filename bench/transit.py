"""Travel times by public transit: `python -m bench.transit [--quick]`.

On the real Cairns feed (shared/external/cairns-gtfs, skipped with a line saying so when absent)
and on a generated mid-size network (about 5,000 stops and 150,000 weekday connections; with
--quick, 1,000 stops and 30,000), both read through the GTFS importer, it times:
- `one_to_all_ms`: one earliest-arrival query from a stop at 17:00-18:00, 2 h horizon;
- `window_matrix_seconds`: every stop to every stop, median over the 60 departure minutes 17:00-18:00;
- `family_ms`: one family (up to 8 stops within 800 m) against 10,000 services through that matrix;
- `district_seconds`: 50,000 families x 10,000 services (each family's count within 45 minutes and
  its nearest), streamed a family at a time through one row of minutes per stop families walk to;
each beside the plain-Python reference (`village.transit.reference`) timed on a sample in the same
run; where timing the reference whole would take hours, its figure is the sample's rate times the
count and named `_estimated`. Ratios are reference / engine. Compile time is excluded (each
compiled function runs once first) and printed on its own.
"""

from __future__ import annotations

import datetime
import io
import os
import random
import statistics
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

os.environ.setdefault("VILLAGE_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "village.settings")

SHARED = Path(os.environ.get("VILLAGE_SHARED_DIR") or Path(__file__).resolve().parent.parent.parent / "shared")
CAIRNS = SHARED / "external" / "cairns-gtfs" / "cairns_gtfs.zip"
LIMIT_MINUTES = 45
SEED = 19


def _places(rng: np.random.Generator, lat: np.ndarray, lon: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """`n` points scattered up to ~600 m around random stops (homes and services live near streets with buses,
    and some are beyond walking distance of any stop)."""
    pick = rng.integers(0, len(lat), n)
    dlat = rng.normal(0, 600 / 111_320, n)
    dlon = rng.normal(0, 600 / 111_320, n) / np.cos(np.radians(lat[pick]))
    return lat[pick] + dlat, lon[pick] + dlon


def run(name: str, source: Path | bytes, day: datetime.date, quick: bool) -> None:
    from village.transit import reference
    from village.transit.engine import UNREACHABLE_MINUTES, Engine
    from village.transit.gtfs import parse_feed
    from village.transit.reach import Access, district_summary, minutes_to_services

    rng = np.random.default_rng(SEED)
    started = time.perf_counter()
    plan = parse_feed(source, name, today=day)
    import_seconds = time.perf_counter() - started
    timetable = plan.timetable
    assert timetable is not None, [r.message() for r in plan.report.rejections]
    connections = timetable.day(day)
    engine = Engine(connections, timetable.footpaths, timetable.n_stops)
    n_stops = timetable.n_stops
    print(f"{name}_stops: {n_stops}")
    print(f"{name}_day_connections: {len(connections)}")
    print(f"{name}_footpaths: {len(timetable.footpaths)}")
    print(f"{name}_import_seconds: {import_seconds:.2f}")

    started = time.perf_counter()
    engine.earliest([0], 17 * 3600)
    engine.window(np.array([0], dtype=np.int32), 17 * 3600, 17 * 3600 + 120)
    print(f"{name}_compile_or_cache_load_seconds: {time.perf_counter() - started:.2f}")

    origins = rng.integers(0, n_stops, 2000 if not quick else 500)
    departures = rng.integers(17 * 3600, 18 * 3600, len(origins))
    started = time.perf_counter()
    for o, t in zip(origins.tolist(), departures.tolist(), strict=True):
        engine.earliest([o], t)
    one = (time.perf_counter() - started) / len(origins)
    sample = 10 if n_stops > 1000 else 30
    started = time.perf_counter()
    for o, t in zip(origins[:sample].tolist(), departures[:sample].tolist(), strict=True):
        reference.earliest(connections, timetable.footpaths, n_stops, [o], t, 2 * 3600)
    ref_one = (time.perf_counter() - started) / sample
    print(f"{name}_one_to_all_ms: {one * 1000:.3f}")
    print(f"{name}_reference_one_to_all_ms: {ref_one * 1000:.2f}")
    print(f"{name}_one_to_all_ratio: {ref_one / one:.0f}")

    started = time.perf_counter()
    matrix, changes = engine.window(np.arange(n_stops, dtype=np.int32), 17 * 3600, 18 * 3600)
    window = time.perf_counter() - started
    reachable = matrix < UNREACHABLE_MINUTES
    print(f"{name}_window_matrix_seconds: {window:.2f}")
    print(f"{name}_reference_window_matrix_seconds_estimated: {ref_one * n_stops * 60:.0f}")
    print(f"{name}_window_matrix_ratio: {ref_one * n_stops * 60 / window:.0f}")
    print(f"{name}_window_pairs_reachable_percent: {100 * reachable.mean():.1f}")
    print(f"{name}_window_median_minutes_of_reachable: {float(np.median(matrix[reachable])):.0f}")
    print(f"{name}_window_max_changes: {int(changes[reachable].max())}")

    n_services, n_families = (10_000, 50_000) if not quick else (2_000, 5_000)
    started = time.perf_counter()
    services = Access.near(*_places(rng, timetable.stop_lat, timetable.stop_lon, n_services),
                           timetable.stop_lat, timetable.stop_lon)  # fmt: skip
    families = Access.near(*_places(rng, timetable.stop_lat, timetable.stop_lon, n_families),
                           timetable.stop_lat, timetable.stop_lon)  # fmt: skip
    print(f"{name}_access_build_seconds: {time.perf_counter() - started:.2f}")
    print(f"{name}_services_without_a_stop_within_800m: {int((np.diff(services.ptr) == 0).sum())}")
    minutes_to_services(matrix, families, 0, services)  # compile or load
    picks = rng.integers(0, n_families, 200).tolist()
    timings = []
    for f in picks:
        started = time.perf_counter()
        minutes_to_services(matrix, families, f, services)
        timings.append(time.perf_counter() - started)
    family = statistics.median(timings)
    rows = matrix.tolist()
    near = [
        list(zip(services.stops[a:b].tolist(), services.walk[a:b].tolist(), strict=True))
        for a, b in zip(services.ptr[:-1].tolist(), services.ptr[1:].tolist(), strict=True)
    ]
    ref_timings = []
    for f in picks[:5]:
        a, b = int(families.ptr[f]), int(families.ptr[f + 1])
        start = list(zip(families.stops[a:b].tolist(), families.walk[a:b].tolist(), strict=True))
        started = time.perf_counter()
        expected = reference.minutes_to_services(rows, start, near)
        ref_timings.append(time.perf_counter() - started)
        assert expected == minutes_to_services(matrix, families, f, services).tolist()
    ref_family = statistics.median(ref_timings)
    print(f"{name}_family_ms: {family * 1000:.2f}")
    print(f"{name}_reference_family_ms: {ref_family * 1000:.1f}")
    print(f"{name}_family_ratio: {ref_family / family:.0f}")

    district_summary(matrix, Access(families.ptr[:3], families.stops, families.walk), services, LIMIT_MINUTES)
    started = time.perf_counter()
    within, nearest = district_summary(matrix, families, services, LIMIT_MINUTES)
    district = time.perf_counter() - started
    print(f"{name}_district_families: {n_families}")
    print(f"{name}_district_services: {n_services}")
    print(f"{name}_district_seconds: {district:.2f}")
    print(f"{name}_reference_district_seconds_estimated: {ref_family * n_families:.0f}")
    print(f"{name}_district_ratio: {ref_family * n_families / district:.0f}")
    print(f"{name}_families_with_a_service_within_{LIMIT_MINUTES}_min_percent: {100 * (within > 0).mean():.1f}")
    reached = nearest[nearest < UNREACHABLE_MINUTES]
    print(f"{name}_nearest_service_median_minutes: {float(np.median(reached)) if len(reached) else 0:.0f}")
    held = len(np.unique(families.stops)) * n_services * 2 / 1e6
    print(f"{name}_district_held_in_memory_mb: {held:.0f}")
    print(f"{name}_district_full_product_would_be_mb: {n_families * n_services * 2 / 1e6:.0f}")


def main() -> None:
    import django

    django.setup()
    from village.transit.synthetic import NetworkShape, network

    quick = "--quick" in sys.argv
    import numba

    print(f"threads: {numba.get_num_threads()}")
    if CAIRNS.exists():
        run("cairns", CAIRNS, datetime.date(2014, 6, 3), quick)
    else:
        print(f"cairns: skipped, no feed at {CAIRNS}")
    shape = NetworkShape(stops=1000, connections=30_000) if quick else NetworkShape()
    started = time.perf_counter()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for file, text in network(shape, seed=SEED).items():
            z.writestr(file, text)
    print(f"midsize_generate_seconds: {time.perf_counter() - started:.2f}")
    run("midsize", out.getvalue(), datetime.date(2026, 3, 4), quick)


if __name__ == "__main__":
    random.seed(SEED)
    main()
