"""Public reports rendered once per stored release and language, not once per request.

A report's key names everything it shows: the district (and school), the language, N, the
district's stored releases (`PublishedRelease`: id, fingerprint and when it was built, so storing
a new release makes a new key at once), the fingerprint of the figures of each period it shows
(`indicators.release.fingerprint`: figures changed since their release was stored make a new key
too) and the councils' decisions, closed gap reviews and celebrations (how many, and the newest).
The page's HTML is kept in the cache for `TIMEOUT`, so an edit to one of those that adds no row (a
corrected title) shows within it. The PDF is kept as a file under `VILLAGE_REPORTS_DIR`, rendered by
the task worker (never in a request: `reports.actions.render_pdf`), by one process while any other
waits for it (never rendered twice); such an edit reaches the PDF with the next change that makes
a new key (known limit).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from village.governance.models import Decision
from village.indicators import figures, release
from village.indicators.models import Celebration, Indicator, PublishedRelease, Review
from village.indicators.vocab import ReviewStatus
from village.lib.suppression import small_n
from village.orgs.models import District, School

TIMEOUT = 60  # seconds an edit that adds no row may take to show
RENDERING_SECONDS = 10 * 60  # after this, a PDF still missing (the worker died) is asked for again


def version(district: District, school: School | None) -> str:
    """A short hash of what the report shows (see the module's docstring)."""
    periods = figures.latest_periods(district.pk, figures.TREND)
    releases = list(
        PublishedRelease.objects.filter(district=district).order_by("pk").values_list("pk", "fingerprint", "built_at")
    )
    decisions = Decision.objects.filter(district=district).aggregate(n=Count("pk"), last=Max("pk"))
    where = Q(district=district) & (Q(school=school) | Q(school__isnull=True) if school else Q())
    celebrations = Celebration.objects.filter(where).aggregate(n=Count("pk"), last=Max("pk"))
    reviews = Review.objects.filter(district=district, status=ReviewStatus.CLOSED).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    indicators = Indicator.objects.filter(district=district).aggregate(n=Count("pk"), last=Max("pk"))
    parts = (
        district.pk,
        district.name,
        school.pk if school else None,
        school.name if school else None,
        translation.get_language(),
        small_n(),
        releases,
        [(period.pk, period.label, release.fingerprint(district.pk, period)) for period in periods],
        sorted(decisions.items()),
        sorted(celebrations.items()),
        sorted(reviews.items()),
        sorted(indicators.items()),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def page_body(key: str, render: Callable[[], str]) -> SafeString:
    """The report's HTML for `key`, rendered on the first request and kept for `TIMEOUT`."""
    name = f"reports:body:{key}"
    found: str | None = cache.get(name)
    if found is None:
        found = render()
        cache.set(name, found, TIMEOUT)
    return mark_safe(found)  # noqa: S308 (rendered by our own template, escaped there)


def pdf_dir() -> Path:
    return Path(settings.VILLAGE_REPORTS_DIR)


def pdf_ready(key: str) -> Path | None:
    """The report's PDF for `key` when it has been rendered, else None."""
    target = pdf_dir() / f"{key}.pdf"
    return target if target.exists() else None


def claim_rendering(key: str) -> bool:
    """Whether this request is the first to ask for `key`'s PDF since it was last asked for (so one
    task renders it however many readers ask while the worker works)."""
    return bool(cache.add(f"reports:pdf:rendering:{key}", 1, RENDERING_SECONDS))


def release_rendering(key: str) -> None:
    cache.delete(f"reports:pdf:rendering:{key}")


def pdf_file(key: str, render: Callable[[], bytes]) -> Path:
    """The report's PDF for `key` as a file: rendered once, by whichever process asks first, while
    any other process asking for the same key waits for it instead of rendering it again."""
    folder = pdf_dir()
    target = folder / f"{key}.pdf"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not target.exists():
                handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
                with os.fdopen(handle, "wb") as out:
                    out.write(render())
                os.replace(temporary, target)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return target
