"""Import and export the directory as HSDS 3 (and read legacy exports)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.directory.access import access_import, exchange_region, exchange_regions
from village.directory.actions.imports import start_import
from village.directory.forms import DirectoryImportForm
from village.directory.hsds.formats import read_json
from village.directory.hsds.package import write_package
from village.directory.hsds.serialize import export_region
from village.directory.models import DirectoryImport
from village.lib.imports import ImportReport, rejections_response
from village.orgs.models import Region

# The most rejected rows the page lists; the download has them all.
SHOWN = 1000


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    regions = exchange_regions(request.user)
    queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
    form = DirectoryImportForm(request.POST or None, request.FILES or None, regions=queryset)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            request.user,
            form.cleaned_data["region"],
            form.cleaned_data["file"],
            form.cleaned_data["format"],
            dry_run=form.cleaned_data["dry_run"],
            apply_valid=form.cleaned_data["apply_valid"],
        )
        return redirect("directory:import_job", pk=job.pk)
    jobs = DirectoryImport.objects.filter(region__in=regions).select_related("started_by")[:20]
    return render(request, "directory/import.html", {"form": form, "jobs": jobs, "regions": regions})


def _stats(report: ImportReport) -> list[tuple[int, str]]:
    counts = report.counts
    return [
        (counts.get("service_valid", 0), _("valid services in the file")),
        (counts.get("services_created", 0), _("services added")),
        (counts.get("services_updated", 0), _("services updated")),
        (counts.get("organizations_created", 0), _("organizations added")),
        (counts.get("locations_created", 0), _("places added")),
        (len(report.rejections), _("rows rejected")),
        (len(report.changes), _("values not kept as given")),
    ]


@login_required
def import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The import's progress (polled by htmx while it runs), its outcome and its rejected rows."""
    job = access_import(request.user, pk)
    report = job.get_report()
    progress = {
        "job": job,
        "poll_url": reverse("directory:import_job", kwargs={"pk": job.pk}),
        "stats": _stats(report) if report.counts else [],
        "notes": report.notes,
    }
    if request.htmx:
        return render(request, "lib/_import_progress.html", progress)
    context = {
        **progress,
        "rejections": report.rejections[:SHOWN],
        "more": max(0, len(report.rejections) - SHOWN),
        "changes": report.changes[:SHOWN],
        "more_changes": max(0, len(report.changes) - SHOWN),
    }
    return render(request, "directory/import_job.html", context)


@login_required
def import_rejections(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every rejected row of the import as CSV, in the reader's language."""
    job = access_import(request.user, pk)
    return rejections_response(job.get_report(), f"directory-import-{job.pk}-rejections.csv")


@login_required
def import_changes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every value of the import not kept as given (left out, cut, rounded, defaulted) as CSV."""
    job = access_import(request.user, pk)
    return rejections_response(job.get_report(), f"directory-import-{job.pk}-not-kept.csv", changes=True)


@login_required
def export_json(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    region = exchange_region(request.user, slug)
    response = HttpResponse(
        json.dumps(export_region(region), ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{region.slug}-hsds-{timezone.localdate()}.json"'
    return response


@login_required
def export_package(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The HSDS CSV data package: the JSON export as one CSV per table and a datapackage.json, zipped."""
    region = exchange_region(request.user, slug)
    tables = read_json(json.dumps(export_region(region)).encode(), "export.json")
    response = HttpResponse(write_package(tables), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{region.slug}-hsds-{timezone.localdate()}.zip"'
    return response
