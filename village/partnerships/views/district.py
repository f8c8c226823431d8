"""District-wide views for the district lead: funding mix, equity of opportunity, import and export."""

from __future__ import annotations

import tablib
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.lib.spreadsheet import csv_response
from village.orgs.access import access_district
from village.partnerships.actions.imports import import_partnerships
from village.partnerships.analysis import equity, funding_mix, network
from village.partnerships.exports import EXPORTS
from village.partnerships.forms import ImportForm
from village.partnerships.imports import plan_partnerships


@login_required
def funding_mix_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_district(request.user, slug)
    return render(request, "partnerships/funding_mix.html", {"district": district, "mix": funding_mix(district)})


@login_required
def equity_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_district(request.user, slug)
    return render(
        request,
        "partnerships/equity.html",
        {"district": district, "equity": equity(district), "network": network(district)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_district(request.user, slug, "orgs.change_district")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = plan_partnerships(district, upload.name, upload.read(), dry_run=form.cleaned_data["dry_run"])
        if report.ok and not report.dry_run:
            report = import_partnerships(request.user, district, report)
    return render(request, "partnerships/import.html", {"district": district, "form": form, "report": report})


@login_required
def export_view(request: AuthenticatedHttpRequest, slug: str, kind: str) -> HttpResponse:
    district = access_district(request.user, slug)
    if kind not in EXPORTS:
        raise Http404
    headers, rows = EXPORTS[kind](district)
    dataset = tablib.Dataset(*[tuple(r) for r in rows], headers=headers)
    return csv_response(dataset, f"{district.slug}-{kind}.csv")
