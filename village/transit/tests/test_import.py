"""Loading GTFS feeds: the real Cairns feed, every kind of problem reported by file and row, and
atomic replacement of a region's current version."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from village.audit.models import AuditEvent
from village.lib.imports import ImportStatus
from village.transit.actions import import_feed_now
from village.transit.gtfs import parse_feed
from village.transit.models import FeedVersion, Stop
from village.transit.tests.feeds import MINIMAL, TUESDAY, cairns, cairns_path, feed_zip

pytestmark = pytest.mark.django_db


def codes(data: bytes) -> list[tuple[str, int, str]]:
    plan = parse_feed(data, "feed.zip", today=datetime.date(2026, 1, 1))
    return [(r.file, r.row, r.code) for r in plan.report.rejections]


def test_cairns_reads_whole_with_generated_footpaths_and_interpolated_stops() -> None:
    plan = cairns()
    assert plan.report.rejections == []
    assert plan.report.counts == {"stops": 416, "trips": 1339, "stop_times": 37790, "services": 4}
    notes = [n.text for n in plan.report.notes]
    assert any("no transfers.txt" in n for n in notes)
    assert any("without a time" in n for n in notes)
    timetable = plan.timetable
    assert timetable is not None
    assert len(timetable.footpaths) == 1176  # the research note's count for 400 m
    assert int(timetable.st_dep.max()) == 29 * 3600 + 39 * 60  # 29:39:00 kept past midnight
    assert timetable.dates() == (datetime.date(2014, 5, 26), datetime.date(2014, 12, 28))


def test_interpolated_stop_times_lie_between_their_timed_neighbours() -> None:
    plan = parse_feed(feed_zip(), "feed.zip", today=datetime.date(2026, 1, 1))
    timetable = plan.timetable
    assert timetable is not None
    # T1: A 08:00, B untimed (half-way by distance), C 08:20.
    assert timetable.st_arr[:3].tolist() == [8 * 3600, 8 * 3600 + 600, 8 * 3600 + 1200]
    cairns_tt = cairns().timetable
    assert cairns_tt is not None
    # Every trip's times never go backwards, so interpolated stops sit between their neighbours.
    same_trip = np.diff(np.repeat(np.arange(cairns_tt.n_trips), np.diff(cairns_tt.trip_ptr))) == 0
    assert (np.diff(cairns_tt.st_arr)[same_trip] >= 0).all()


def test_a_file_that_is_not_a_zip_is_refused_with_a_clear_reason() -> None:
    plan = parse_feed(b"this is not a zip", "stops.csv")
    assert plan.unusable
    assert [r.code for r in plan.report.rejections] == ["not_zip"]
    assert "not a zip file" in plan.report.rejections[0].message()


def test_missing_required_files_are_each_named() -> None:
    assert codes(feed_zip({"stop_times.txt": None, "calendar.txt": None})) == [
        ("stop_times.txt", 0, "missing_file"),
        ("calendar.txt", 0, "missing_file"),
    ]


def test_bad_rows_are_reported_by_file_and_row_and_left_out() -> None:
    stops = MINIMAL["stops.txt"] + "E,Nowhere,,\nF,Null Island,0,0\nG,Far away,45.0,-93.0\n"
    times = MINIMAL["stop_times.txt"] + "T3,8:5,08:10:00,A,1\nT3,08:30:00,08:30:00,C,2\nT4,09:00:00,09:00:00,A,1\n"
    trips = MINIMAL["trips.txt"] + "R1,WK,T3\nR1,WK,T4\nR1,NEVER,T5\nR1,HOL,T6\n"
    calendar = MINIMAL["calendar.txt"] + "NEVER,0,0,0,0,0,0,0,20260105,20261231\n"
    found = codes(feed_zip({"stops.txt": stops, "stop_times.txt": times, "trips.txt": trips, "calendar.txt": calendar}))
    assert ("stops.txt", 6, "no_coordinates") in found
    assert ("stops.txt", 7, "no_coordinates") in found
    assert ("stops.txt", 8, "far_away") in found
    assert ("calendar.txt", 3, "never_runs") in found
    assert ("trips.txt", 6, "no_service") in found  # NEVER never runs
    assert ("trips.txt", 7, "no_service") in found  # HOL is in no calendar
    assert ("stop_times.txt", 7, "bad_time") in found
    assert ("trips.txt", 4, "no_stop_times") in found  # T3 kept one usable stop time
    assert ("trips.txt", 5, "no_stop_times") in found  # T4 has a single stop


def test_a_feed_whose_calendar_ended_loads_with_a_note() -> None:
    plan = parse_feed(feed_zip(), "feed.zip", today=datetime.date(2027, 3, 1))
    assert not plan.unusable
    assert any("ended on 2026-12-31" in n.message() for n in plan.report.notes)


def test_transfers_file_replaces_generated_footpaths() -> None:
    transfers = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nA,D,2,300\nA,A,2,60\n"
    plan = parse_feed(feed_zip({"transfers.txt": transfers}), "feed.zip", today=datetime.date(2026, 1, 1))
    assert plan.timetable is not None
    fp = plan.timetable.footpaths
    assert (fp.to.tolist(), fp.secs.tolist()) == ([3], [300])


def test_load_gtfs_command_loads_cairns_and_a_second_load_replaces_it(world: Any) -> None:
    path = cairns_path()
    call_command("load_gtfs", str(path), "--region", world.region.slug, "--name", "sunbus")
    first = FeedVersion.objects.get(is_current=True)
    assert (first.stop_count, first.trip_count, first.name) == (416, 1339, "sunbus")
    assert Stop.objects.filter(version=first).count() == 416
    assert len(first.timetable().day(TUESDAY)) == len(cairns().timetable.day(TUESDAY))  # type: ignore[union-attr]
    call_command("load_gtfs", str(path), "--region", world.region.slug, "--name", "sunbus")
    current = FeedVersion.objects.get(is_current=True)
    assert current.pk != first.pk
    assert FeedVersion.objects.filter(region=world.region, name="sunbus").count() == 2
    assert AuditEvent.objects.filter(code="transit.feed.loaded").count() == 2


def test_a_feed_that_cannot_be_used_changes_nothing(world: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(feed_zip({"trips.txt": None}))
    with pytest.raises(CommandError):
        call_command("load_gtfs", str(broken), "--region", world.region.slug)
    assert not FeedVersion.objects.exists()


def test_a_dry_run_checks_and_loads_nothing(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "feed.zip"
    path.write_bytes(feed_zip())
    job = import_feed_now(None, world.region, path, name="river", dry_run=True)
    assert job.status == ImportStatus.CHECKED
    assert not FeedVersion.objects.exists()


def test_the_worker_computes_the_default_windows_after_a_load(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from village.transit.engine import Engine
    from village.transit.travel import DEFAULT_WINDOWS, cached_window

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_gtfs", str(cairns_path()), "--region", world.region.slug, "--name", "sunbus")
    version = FeedVersion.objects.get(is_current=True)
    assert version.windows.count() == len(DEFAULT_WINDOWS)
    window = cached_window(version, 2, datetime.time(15, 0), datetime.time(18, 0))
    assert window is not None
    assert window.service_day == datetime.date(2014, 12, 23)  # the calendar ended: its last Tuesday
    timetable = version.timetable()
    engine = Engine(timetable.day(window.service_day), timetable.footpaths, timetable.n_stops)
    minutes, changes = engine.window(np.array([0, 200], dtype=np.int32), 15 * 3600, 18 * 3600, 180)
    assert window.minutes[[0, 200]].tolist() == minutes.tolist()
    assert window.changes[[0, 200]].tolist() == changes.tolist()
    assert cached_window(version, 7, datetime.time(15, 0), datetime.time(18, 0)) is None


def test_a_weekday_stands_for_the_next_such_day_of_the_feed() -> None:
    from village.transit.travel import service_day, step_for

    version = FeedVersion(first_day=datetime.date(2026, 1, 5), last_day=datetime.date(2026, 12, 31))
    assert service_day(version, 3, datetime.date(2026, 3, 2)) == datetime.date(2026, 3, 4)  # Monday -> Wednesday
    assert service_day(version, 1, datetime.date(2026, 3, 2)) == datetime.date(2026, 3, 2)
    assert service_day(version, 1, datetime.date(2025, 6, 1)) == datetime.date(2026, 1, 5)  # not begun: its first
    assert service_day(version, 5, datetime.date(2027, 6, 1)) == datetime.date(2026, 12, 25)  # ended: its last Friday
    assert (step_for(datetime.time(15), datetime.time(16)), step_for(datetime.time(15), datetime.time(18))) == (60, 180)


def test_repeated_stop_sequences_with_an_untimed_stop_do_not_break_the_load() -> None:
    times = MINIMAL["stop_times.txt"] + "T1,08:10:00,08:10:00,B,2\n"  # stop 2 again, timed this time
    plan = parse_feed(feed_zip({"stop_times.txt": times}), "feed.zip", today=datetime.date(2026, 1, 1))
    assert not plan.unusable
