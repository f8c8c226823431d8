"""Walk + ride + walk: one start against many services, and a whole district streamed, on Cairns."""

from __future__ import annotations

import datetime

import numpy as np

from village.transit import reference
from village.transit.engine import UNREACHABLE_MINUTES, Engine
from village.transit.gtfs import parse_feed
from village.transit.reach import Access, district_summary, minutes_to_services
from village.transit.synthetic import NetworkShape, network
from village.transit.tests.feeds import TUESDAY, cairns_timetable, feed_zip


def cairns_matrix() -> np.ndarray:
    timetable = cairns_timetable()
    engine = Engine(timetable.day(TUESDAY), timetable.footpaths, timetable.n_stops)
    minutes, _ = engine.window(np.arange(timetable.n_stops, dtype=np.int32), 17 * 3600, 17 * 3600 + 15 * 60)
    return minutes


def scattered(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    timetable = cairns_timetable()
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, timetable.n_stops, n)
    return timetable.stop_lat[pick] + rng.normal(0, 0.006, n), timetable.stop_lon[pick] + rng.normal(0, 0.006, n)


def test_one_start_against_services_equals_the_plain_python_combination() -> None:
    timetable = cairns_timetable()
    matrix = cairns_matrix()
    starts = Access.near(*scattered(20, 1), timetable.stop_lat, timetable.stop_lon)
    services = Access.near(*scattered(300, 2), timetable.stop_lat, timetable.stop_lon)
    assert (np.diff(services.ptr) == 0).any(), "some services have no stop within walking distance"
    near = [
        list(zip(services.stops[a:b].tolist(), services.walk[a:b].tolist(), strict=True))
        for a, b in zip(services.ptr[:-1].tolist(), services.ptr[1:].tolist(), strict=True)
    ]
    rows = matrix.tolist()
    for i in range(len(starts)):
        a, b = int(starts.ptr[i]), int(starts.ptr[i + 1])
        start = list(zip(starts.stops[a:b].tolist(), starts.walk[a:b].tolist(), strict=True))
        got = minutes_to_services(matrix, starts, i, services).tolist()
        assert got == reference.minutes_to_services(rows, start, near)
        without_stop = np.flatnonzero(np.diff(services.ptr) == 0)
        assert {got[j] for j in without_stop} == {UNREACHABLE_MINUTES}


def test_a_district_summary_counts_what_each_family_reaches_within_its_limit() -> None:
    timetable = cairns_timetable()
    matrix = cairns_matrix()
    families = Access.near(*scattered(300, 3), timetable.stop_lat, timetable.stop_lon)
    services = Access.near(*scattered(200, 4), timetable.stop_lat, timetable.stop_lon)
    within, nearest = district_summary(matrix, families, services, 45)
    for i in range(len(families)):
        one = minutes_to_services(matrix, families, i, services)
        assert within[i] == int((one <= 45).sum())
        assert nearest[i] == int(one.min())
    assert 0 < int((within > 0).sum()) < len(families)


def test_the_generated_network_reads_cleanly_through_the_importer() -> None:
    files = network(NetworkShape(stops=300, connections=8000), seed=3)
    plan = parse_feed(feed_zip(base=files), "generated.zip", today=datetime.date(2026, 3, 1))
    assert plan.report.rejections == []
    assert plan.report.counts["stops"] == 300
    timetable = plan.timetable
    assert timetable is not None
    weekday = len(timetable.day(datetime.date(2026, 3, 4)))
    assert 6000 < weekday < 10_000
    assert len(timetable.day(datetime.date(2026, 3, 7))) < weekday  # Saturdays run half as often
