"""Import and export the directory as HSDS 3 (and read legacy exports)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from village.directory.forms import DirectoryImportForm
from village.directory.hsds.formats import read_json
from village.directory.hsds.serialize import export_bundle, services_queryset
from village.directory.hsds.tables import FILE_NAMES, TABLES
from village.directory.imports import describe, start_import
from village.directory.models import DirectoryImport, Service
from village.directory.rules import import_regions
from village.lib.access import get_authorized
from village.orgs.models import Region


def _regions(request: HttpRequest) -> list[Region]:
    if not request.user.has_perm("directory.import_directory"):
        raise Http404
    return list(Region.objects.filter(pk__in=import_regions(request.user)).order_by("name"))


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    regions = _regions(request)
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


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_authorized(request.user, DirectoryImport.objects.select_related("region"), "directory.view_import", pk=pk)
    rejections = [describe(r) for r in job.rejections[:1000]]
    template = "directory/import_job.html#progress" if request.htmx else "directory/import_job.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {"job": job, "rejections": rejections, "more": max(0, len(job.rejections) - 1000)},
    )


def _region_services(request: HttpRequest, slug: str) -> tuple[Region, list[Service]]:
    regions = {r.slug: r for r in _regions(request)}
    region = regions.get(slug)
    if region is None:
        raise Http404
    services = list(services_queryset(Service.objects.filter(organization__region=region).order_by("id")))
    return region, services


@login_required
def export_json(request: HttpRequest, slug: str) -> HttpResponse:
    region, services = _region_services(request, slug)
    response = HttpResponse(
        json.dumps(export_bundle(services), ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{region.slug}-hsds-{timezone.localdate()}.json"'
    return response


@login_required
def export_package(request: HttpRequest, slug: str) -> HttpResponse:
    """The HSDS CSV data package: the JSON export flattened into one CSV per table, as a zip."""
    region, services = _region_services(request, slug)
    tables = read_json(json.dumps(export_bundle(services)).encode(), "export.json")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            rows = tables[table]
            if not rows:
                continue
            header: list[str] = []
            for row in rows:
                header += [k for k in row.values if k not in header]
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(row.values for row in rows)
            archive.writestr(FILE_NAMES[table], text.getvalue())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{region.slug}-hsds-{timezone.localdate()}.zip"'
    return response
