"""Loading GTFS feeds: start an import (an upload, run in the background), run it, and apply a
checked feed as a new current version in one transaction.

A feed whose files are all there and that has at least one usable trip is loaded; each rejected
row (a bad time, a stop without coordinates, a trip without stop times, a service that never
runs) is left out and named in the report. A feed that cannot be used at all (not a zip,
required files missing, no usable trip) fails and changes nothing. A dry run checks and reports.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from village.accounts.models import User
from village.audit.actions import record
from village.lib.imports import ImportStatus
from village.orgs.models import Region
from village.transit.engine import Engine
from village.transit.gtfs import FeedPlan, parse_feed
from village.transit.models import FeedImport, FeedVersion, Stop, WantedWindow, WindowMatrix
from village.transit.travel import DEFAULT_WINDOWS, pack, service_day, step_for

STOP_BATCH = 1000


def start_feed_import(actor: User, region: Region, upload: File[bytes], *, name: str, dry_run: bool) -> FeedImport:
    """Store the uploaded zip and load it in the background after commit."""
    with transaction.atomic():
        stored = default_storage.save(f"transit/{region.slug}/{timezone.now():%Y%m%d-%H%M%S}.zip", upload)
        job = FeedImport.objects.create(
            region=region,
            feed_name=name,
            started_by=actor,
            stored_path=stored,
            filename=Path(upload.name or stored).name[:255],
            dry_run=dry_run,
        )
        record(actor, "transit.feed.started", job, region_id=region.pk, feed=name)
        transaction.on_commit(lambda: run_feed_import.enqueue(job.pk))
    return job


@task()
def run_feed_import(import_id: int) -> str:
    """Run a stored feed import; its progress and report are written to its row."""
    job = FeedImport.objects.select_related("region", "started_by").get(pk=import_id)
    language = job.started_by.preferred_language if job.started_by else ""
    with translation.override(language or settings.LANGUAGE_CODE):
        return str(run_import(job, Path(default_storage.path(job.stored_path))).status)


def import_feed_now(actor: User | None, region: Region, path: Path, *, name: str, dry_run: bool) -> FeedImport:
    """Load a feed zip (or unzipped folder) on this machine at once (the `load_gtfs` command)."""
    job = FeedImport.objects.create(
        region=region, feed_name=name, started_by=actor, stored_path=str(path), filename=path.name, dry_run=dry_run
    )
    return run_import(job, path)


def run_import(job: FeedImport, path: Path) -> FeedImport:
    """Check the feed, then load it as the region's current version of `job.feed_name` (unless a dry run)."""
    started = timezone.now()
    FeedImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=started)
    job.started_at = started
    try:
        source: Path | bytes = path if path.is_dir() else path.read_bytes()
    except OSError:
        source = b""  # reported as not a zip of a GTFS feed, by name
    plan = parse_feed(source, job.filename or path.name)
    job.total = plan.total
    FeedImport.objects.filter(pk=job.pk).update(total=plan.total, processed=plan.total // 2)
    if plan.unusable:
        job.status = ImportStatus.FAILED
    elif job.dry_run:
        job.status = ImportStatus.CHECKED
    else:
        apply_feed(job, plan)
        job.status = ImportStatus.APPLIED
    job.processed = plan.total
    job.store_report(plan.report)
    job.finished_at = timezone.now()
    job.save()
    return job


def apply_feed(job: FeedImport, plan: FeedPlan) -> FeedVersion:
    """Write the checked feed as a new version and make it the current one of its name, atomically."""
    timetable = plan.timetable
    assert timetable is not None, "apply_feed takes a usable plan"
    span = timetable.dates()
    assert span is not None
    with transaction.atomic():
        version = FeedVersion.objects.create(
            region=job.region,
            name=job.feed_name,
            agency=plan.agency[:255],
            loaded_by=job,
            first_day=span[0],
            last_day=span[1],
            stop_count=len(plan.stops),
            trip_count=timetable.n_trips,
            timetable_npz=timetable.to_bytes(),
        )
        Stop.objects.bulk_create(
            [
                Stop(version=version, index=i, code=s.code[:255], name=s.name[:255], latitude=s.lat, longitude=s.lon)
                for i, s in enumerate(plan.stops)
            ],
            batch_size=STOP_BATCH,
        )
        previous = list(
            FeedVersion.objects.select_for_update()
            .filter(region=job.region, name=job.feed_name, is_current=True)
            .values_list("pk", flat=True)
        )
        FeedVersion.objects.filter(pk__in=previous).update(is_current=False)
        FeedVersion.objects.filter(pk=version.pk).update(is_current=True)
        version.is_current = True
        transaction.on_commit(lambda: compute_windows.enqueue(version.pk))
        record(
            job.started_by,
            "transit.feed.loaded",
            version,
            region_id=job.region_id,
            replaced=previous,
            feed=job.feed_name,
            stops=len(plan.stops),
            trips=timetable.n_trips,
        )
    return version


@task()
def compute_windows(version_id: int) -> int:
    """Compute the matrices a version lacks: the default weekly windows and every window families of
    the region travel in (the worker's job after a load, and after a family names a new window)."""
    version = FeedVersion.objects.filter(pk=version_id, is_current=True).first()
    if version is None:  # replaced before the worker came to it
        return 0
    wanted = {*DEFAULT_WINDOWS}
    wanted.update(WantedWindow.objects.filter(region_id=version.region_id).values_list("weekday", "starts", "ends"))
    done = set(WindowMatrix.objects.filter(version=version).values_list("weekday", "starts", "ends"))
    todo = sorted(wanted - done)
    for weekday, starts, ends in todo:
        compute_window(version, weekday, starts, ends)
    return len(todo)


def want_windows(region_id: int, windows: Sequence[tuple[int, datetime.time, datetime.time]]) -> int:
    """Note weekly windows someone in the region travels in; the worker computes the ones the current
    feeds lack (on commit). Returns how many windows were new to the region."""
    known = set(WantedWindow.objects.filter(region_id=region_id).values_list("weekday", "starts", "ends"))
    new = {(d, s, e) for d, s, e in windows if s < e} - known - {*DEFAULT_WINDOWS}
    if not new:
        return 0
    WantedWindow.objects.bulk_create(
        [WantedWindow(region_id=region_id, weekday=d, starts=s, ends=e) for d, s, e in sorted(new)],
        ignore_conflicts=True,
    )
    for pk in FeedVersion.objects.filter(region_id=region_id, is_current=True).values_list("pk", flat=True):
        transaction.on_commit(partial(compute_windows.enqueue, pk))
    return len(new)


def compute_window(version: FeedVersion, weekday: int, starts: datetime.time, ends: datetime.time) -> WindowMatrix:
    """Compute (again) and keep one window's matrix of a version."""
    timetable = version.timetable()
    day = service_day(version, weekday, timezone.localdate())
    engine = Engine(timetable.day(day), timetable.footpaths, timetable.n_stops)
    start = starts.hour * 3600 + starts.minute * 60
    end = ends.hour * 3600 + ends.minute * 60
    step = step_for(starts, ends)
    minutes, changes = engine.window(np.arange(timetable.n_stops, dtype=np.int32), start, end, step)
    with transaction.atomic():
        row, _ = WindowMatrix.objects.update_or_create(
            version=version,
            weekday=weekday,
            starts=starts,
            ends=ends,
            defaults={"service_day": day, "step_seconds": step, "minutes_npz": pack(minutes, changes),
                      "computed_at": timezone.now()},
        )  # fmt: skip
        record(None, "transit.window.computed", row, region_id=version.region_id, weekday=weekday)
    return row
