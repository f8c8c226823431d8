"""Publishing a period's release: built and protected by `village.indicators.release`, stored here,
by the task worker (the audit takes seconds to minutes for a large district: never on a request)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from village.indicators import release
from village.indicators.cells import Release
from village.indicators.models import Period, PublishedRelease


def publish_release(period: Period, built: Release, fingerprint: str, seconds: float) -> PublishedRelease:
    """Store `built` as the period's release (replacing the one before)."""
    cells = [
        [indicator, sorted(scope), group, rate.display, rate.value, rate.reason]
        for (indicator, scope, group), rate in built.cells.items()
    ]
    stored, _created = PublishedRelease.objects.update_or_create(
        period=period,
        defaults={
            "district_id": period.district_id,
            "fingerprint": fingerprint,
            "cells": cells,
            "scopes": [sorted(scope) for scope in built.scopes],
            "audited": built.audited_targets,
            "solves": built.solves,
            "hidden": built.hidden_complementary,
            "seconds": round(seconds, 3),
            "built_at": timezone.now(),
        },
    )
    return stored


def publish_releases(district_id: int, periods: Sequence[Period] | None = None) -> int:
    """Build and store the release of each period (every period of the district by default)
    whose figures changed since its release was stored; how many were built."""
    if not release.PROTECT:
        return 0  # the test-only seam: outputs print as before releases, none is published
    done = 0
    for period in Period.objects.filter(district_id=district_id) if periods is None else periods:
        started = time.perf_counter()
        fingerprint = release.fingerprint(district_id, period)
        if PublishedRelease.objects.filter(period=period, fingerprint=fingerprint).exists():
            continue
        built = release.build(district_id, period)
        publish_release(period, built, fingerprint, time.perf_counter() - started)
        done += 1
    return done


# How long a publishing asked for is taken as under way (a worker killed mid-way lets the next page
# ask again after this).
PUBLISHING_SECONDS = 30 * 60


def _claim(district_id: int, period_id: int, fingerprint: str) -> str:
    return f"village:indicators:publishing:{district_id}:{period_id}:{fingerprint}"


@task()
def publish_period(district_id: int, period_id: int, fingerprint: str = "") -> int:
    """Publish one period's release if its figures changed since the last one stored."""
    try:
        period = Period.objects.filter(pk=period_id, district_id=district_id).first()
        return 0 if period is None else publish_releases(district_id, [period])
    finally:
        if fingerprint:
            cache.delete(_claim(district_id, period_id, fingerprint))


def request_publishing(district_id: int, period: Period, fingerprint: str) -> None:
    """Ask the task worker to publish the period's release for these figures, once however many
    pages ask while it works (with the immediate backend of tests and demos it is done on return)."""
    if cache.add(_claim(district_id, period.pk, fingerprint), 1, timeout=PUBLISHING_SECONDS):
        publish_period.enqueue(district_id, period.pk, fingerprint)
