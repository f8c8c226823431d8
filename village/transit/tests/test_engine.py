"""The compiled Connection Scan on the real Cairns feed, against its plain-Python twin and against a
time-expanded graph solved by scipy's Dijkstra."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from village.transit import reference
from village.transit.engine import CANNOT_ARRIVE, UNREACHABLE, UNREACHABLE_MINUTES, Engine
from village.transit.tests.feeds import HOLIDAY_MONDAY, MONDAY, TUESDAY, cairns_timetable
from village.transit.timetable import Connections, Footpaths

HOUR = 3600
FULL_DAY = 30 * HOUR  # a horizon no trip outlasts: "unreachable" then means never
SAMPLE_STOPS = range(0, 416, 13)
SAMPLE_TIMES = (5 * HOUR + 50 * 60, 8 * HOUR + 17 * 60, 12 * HOUR, 17 * HOUR + 30 * 60, 23 * HOUR + 40 * 60)


def engine_for(day: datetime.date) -> Engine:
    timetable = cairns_timetable()
    return Engine(timetable.day(day), timetable.footpaths, timetable.n_stops)


def test_engine_equals_the_plain_python_reference_query_by_query() -> None:
    timetable = cairns_timetable()
    engine = engine_for(TUESDAY)
    checked = reached = 0
    for stop in SAMPLE_STOPS:
        for t0 in SAMPLE_TIMES:
            for horizon in (2 * HOUR, FULL_DAY):
                got = engine.earliest([stop], t0, horizon)
                times, legs = reference.earliest(engine.c, timetable.footpaths, timetable.n_stops, [stop], t0, horizon)
                assert got.times.tolist() == times, (stop, t0, horizon)
                assert got.legs.tolist() == legs, (stop, t0, horizon)
                checked += 1
                reached += sum(t != UNREACHABLE for t in times)
    assert checked == len(SAMPLE_STOPS) * len(SAMPLE_TIMES) * 2
    assert reached > 50 * checked  # the sample crosses the network, not just the origin's corner


def test_a_later_departure_never_arrives_earlier() -> None:
    engine = engine_for(TUESDAY)
    for stop in SAMPLE_STOPS:
        before = engine.earliest([stop], 7 * HOUR, FULL_DAY).times
        for t0 in range(7 * HOUR + 60, 9 * HOUR, 7 * 60):
            after = engine.earliest([stop], t0, FULL_DAY).times
            assert (after >= before).all(), (stop, t0)
            before = after


def test_a_holiday_runs_the_sunday_service() -> None:
    timetable = cairns_timetable()
    services = timetable.running(HOLIDAY_MONDAY)
    assert services.tolist() == timetable.running(datetime.date(2014, 6, 15)).tolist()  # a Sunday
    assert services.tolist() != timetable.running(MONDAY).tolist()
    holiday, sunday, monday = (engine_for(d) for d in (HOLIDAY_MONDAY, datetime.date(2014, 6, 15), MONDAY))
    differs = 0
    for stop in SAMPLE_STOPS:
        on_holiday = holiday.earliest([stop], 10 * HOUR).times
        assert on_holiday.tolist() == sunday.earliest([stop], 10 * HOUR).times.tolist()
        differs += on_holiday.tolist() != monday.earliest([stop], 10 * HOUR).times.tolist()
    assert differs > len(SAMPLE_STOPS) // 2


def test_trips_past_midnight_run_early_the_next_day() -> None:
    timetable = cairns_timetable()
    tuesday = timetable.day(TUESDAY)
    late = tuesday.trip >= timetable.n_trips  # Monday's trips after midnight
    assert late.any()
    assert tuesday.dep[late].max() < 6 * HOUR
    assert (tuesday.dep[late] >= 0).all()


def test_unreachable_stops_are_unreachable_not_a_large_number() -> None:
    engine = engine_for(TUESDAY)
    timetable = cairns_timetable()
    quiet = engine.earliest([0], 3 * HOUR, 30 * 60)  # no bus between 03:00 and 03:30
    walked = {0, *timetable.footpaths.to[timetable.footpaths.ptr[0] : timetable.footpaths.ptr[1]].tolist()}
    assert {int(s) for s in np.flatnonzero(quiet.times != UNREACHABLE)} == walked
    minutes, _changes = engine.window(np.array([0], dtype=np.int32), 3 * HOUR, 3 * HOUR + 600, horizon=30 * 60)
    assert set(minutes[0][sorted(set(range(416)) - walked)].tolist()) == {UNREACHABLE_MINUTES}


def test_window_median_is_the_median_of_the_single_departures() -> None:
    engine = engine_for(TUESDAY)
    origins = np.array([3, 150, 400], dtype=np.int32)
    start = 17 * HOUR
    minutes, changes = engine.window(origins, start, start + 20 * 60, step=60)
    for row, origin in enumerate(origins.tolist()):
        runs = [engine.earliest([origin], start + k * 60) for k in range(20)]
        travel = np.array(
            [
                np.where(r.times == UNREACHABLE, 1 << 40, r.times.astype(np.int64) - (start + k * 60))
                for k, r in enumerate(runs)
            ]
        )
        median = np.sort(travel, axis=0, kind="stable")[(20 - 1) // 2]
        expected = np.where(median >= 1 << 40, UNREACHABLE_MINUTES, (median + 59) // 60)
        assert minutes[row].tolist() == expected.tolist()
    assert (changes[minutes < UNREACHABLE_MINUTES] < 10).all()


def time_expanded_oracle(c: Connections, f: Footpaths, n_stops: int, source: int, t0: int, horizon: int) -> list[int]:
    """Earliest arrivals from a time-expanded graph (a node per departure event at a stop, chained by
    waiting, and a node per arrival event) solved with scipy's Dijkstra; the same rules as the engine."""
    keep = (c.dep >= t0) & (c.dep <= t0 + horizon)
    dep, arr, src, dst = c.dep[keep], c.arr[keep], c.src[keep], c.dst[keep]
    chain: list[np.ndarray] = [np.unique(dep[src == s]) for s in range(n_stops)]
    offset = np.cumsum([0] + [len(x) for x in chain])
    n_chain = int(offset[-1])
    arrival_node = n_chain + np.arange(len(dep))
    origin = n_chain + len(dep)
    rows: list[int] = []
    cols: list[int] = []
    weights: list[float] = []

    def board(node: int, at: int, stop: int, t: int) -> None:
        """An edge from `node` (at time `at`) to the first departure at `stop` no earlier than `t`."""
        k = int(np.searchsorted(chain[stop], t))
        if k < len(chain[stop]):
            rows.append(node)
            cols.append(int(offset[stop]) + k)
            weights.append(float(chain[stop][k] - at) + 1e-9)

    for s in range(n_stops):
        for k in range(len(chain[s]) - 1):
            rows.append(int(offset[s]) + k)
            cols.append(int(offset[s]) + k + 1)
            weights.append(float(chain[s][k + 1] - chain[s][k]) + 1e-9)
    for i in range(len(dep)):
        k = int(np.searchsorted(chain[src[i]], dep[i]))
        rows.append(int(offset[src[i]]) + k)
        cols.append(int(arrival_node[i]))
        weights.append(float(arr[i] - dep[i]) + 1e-9)
        board(int(arrival_node[i]), int(arr[i]), int(dst[i]), int(arr[i]))
        for p in range(f.ptr[dst[i]], f.ptr[dst[i] + 1]):
            board(int(arrival_node[i]), int(arr[i]), int(f.to[p]), int(arr[i] + f.secs[p]))
    board(origin, t0, source, t0)
    for p in range(f.ptr[source], f.ptr[source + 1]):
        board(origin, t0, int(f.to[p]), t0 + int(f.secs[p]))
    graph = csr_matrix((weights, (rows, cols)), shape=(origin + 1, origin + 1))
    reached = np.isfinite(dijkstra(graph, indices=origin))
    best = np.full(n_stops, UNREACHABLE, dtype=np.int64)
    best[source] = t0
    for p in range(f.ptr[source], f.ptr[source + 1]):
        best[f.to[p]] = min(best[f.to[p]], t0 + f.secs[p])
    for i in np.flatnonzero(reached[n_chain:origin]):
        best[dst[i]] = min(best[dst[i]], arr[i])
        for p in range(f.ptr[dst[i]], f.ptr[dst[i] + 1]):
            best[f.to[p]] = min(best[f.to[p]], arr[i] + f.secs[p])
    best[best > t0 + horizon] = UNREACHABLE
    return [int(b) for b in best]


@pytest.mark.parametrize(
    ("stop", "t0"), [(7, 7 * HOUR), (120, 8 * HOUR + 5 * 60), (260, 16 * HOUR + 45 * 60), (399, 21 * HOUR)]
)
def test_a_time_expanded_graph_solved_by_scipy_gives_the_same_earliest_arrivals(stop: int, t0: int) -> None:
    timetable = cairns_timetable()
    engine = engine_for(TUESDAY)
    got = engine.earliest([stop], t0, 2 * HOUR).times.tolist()
    assert got == time_expanded_oracle(engine.c, timetable.footpaths, timetable.n_stops, stop, t0, 2 * HOUR)
    assert sum(t != UNREACHABLE for t in got) > 20


def test_arrive_by_agrees_with_depart_at() -> None:
    engine = engine_for(TUESDAY)
    checked = 0
    for origin in range(5, 416, 41):
        t0 = 7 * HOUR + origin * 7
        arrivals = engine.earliest([origin], t0, FULL_DAY).times
        for target in range(0, 416, 37):
            if target == origin or arrivals[target] == UNREACHABLE:
                continue
            leave = engine.latest(target, int(arrivals[target]), FULL_DAY)[origin]
            assert leave != CANNOT_ARRIVE and leave >= t0, (origin, target)
            # Leaving at the latest time still arrives exactly when leaving at t0 did.
            assert engine.earliest([origin], int(leave), FULL_DAY).times[target] == arrivals[target], (origin, target)
            # A second later, the deadline is missed.
            assert engine.earliest([origin], int(leave) + 1, FULL_DAY).times[target] > arrivals[target], (
                origin,
                target,
            )
            checked += 1
    assert checked > 50


def test_arrive_by_too_early_cannot_arrive() -> None:
    engine = engine_for(TUESDAY)
    latest = engine.latest(100, 4 * HOUR, 30 * 60)  # be there by 04:00, leaving after 03:30: no bus runs
    timetable = cairns_timetable()
    walkers = set(timetable.footpaths.to[timetable.footpaths.ptr[100] : timetable.footpaths.ptr[101]].tolist())
    assert {int(s) for s in np.flatnonzero(latest != CANNOT_ARRIVE)} == {100, *walkers}
