"""The district lead's transit page (the region's feeds, loading a new one) and one import's progress and report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.transit import actions
from village.transit.access import access_district_for_feeds, access_feed_import
from village.transit.forms import FeedUploadForm
from village.transit.models import FeedImport, FeedVersion

SHOWN = 1000


@login_required
@require_http_methods(["GET", "POST"])
def feeds(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_district_for_feeds(request.user, slug)
    form = FeedUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = actions.start_feed_import(
            request.user,
            district.region,
            form.cleaned_data["file"],
            name=form.cleaned_data["name"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("transit:feed_import", pk=job.pk)
    context = {
        "district": district,
        "form": form,
        "versions": FeedVersion.objects.filter(region=district.region, is_current=True).order_by("name"),
        "imports": FeedImport.objects.filter(region=district.region).select_related("started_by")[:20],
    }
    return render(request, "transit/feeds.html", context)


@login_required
@require_GET
def feed_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job, district = access_feed_import(request.user, pk)
    counts = job.counts
    stats = [
        (counts.get("stops", 0), _("stops")),
        (counts.get("trips", 0), _("trips")),
        (counts.get("stop_times", 0), _("stop times")),
        (len(job.rejections), _("rows rejected")),
    ] if counts or job.rejections else []  # fmt: skip
    report = job.get_report()
    context = {
        "job": job,
        "district": district,
        "poll_url": reverse("transit:feed_import", kwargs={"pk": job.pk}),
        "stats": stats,
        "notes": [note.message() for note in report.notes],
    }
    if request.htmx:
        return render(request, "lib/_import_progress.html", context)
    files = [
        {
            "account": f,
            "skipped": [(_(why), count) for why, count in f.skipped.items()],
            "unkept": list(f.unkept.items()),
        }
        for f in report.files
    ]
    rejections = report.rejections
    return render(
        request,
        "transit/feed_import.html",
        {**context, "files": files, "rejections": rejections[:SHOWN], "more": max(0, len(rejections) - SHOWN)},
    )
