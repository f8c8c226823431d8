"""School and district staff: student lists, the needs registry, bulk needs, disclosure export, roster sync."""

from __future__ import annotations

from datetime import datetime

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.families import actions
from village.families.access import (
    access_district_for,
    access_roster_sync,
    access_school_for,
    visible_students,
)
from village.families.forms import BulkNeedFormSet, BulkNeedUploadForm, RegistryFilterForm, RosterSyncForm
from village.families.models import DisclosureRecord, Need, RosterSync, Student
from village.families.models.roster import SyncStatus
from village.families.needs import plan_needs, read_upload
from village.families.roster import describe_rejection
from village.families.vocab import NeedCategory, NeedSource, Urgency
from village.lib.imports import ImportReport, UnreadableFile
from village.lib.spreadsheet import csv_response
from village.orgs.models import School


@login_required
def school_students(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The students of a school this person may open: all for its coordinators and leads, their own for educators."""
    school = access_school_for(request.user, pk, "families.view_school_students")
    students = (
        visible_students(request.user).filter(school=school, status="enrolled").order_by("family_name", "given_name")
    )
    q = request.GET.get("q", "").strip()
    if q:
        students = students.filter(Q(given_name__icontains=q) | Q(family_name__icontains=q) | Q(local_id=q))
    page = Paginator(students, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "families/school_students.html",
        {
            "school": school,
            "page": page,
            "q": q,
            "query": query.urlencode(),
            "can_see_registry": request.user.has_perm("families.view_needs_registry", school),
        },
    )


_GROUP_FILTERS = {
    "disability": Q(student__has_iep=True) | Q(student__has_504=True),
    "english_learner": Q(student__english_learner=True),
    "economically_disadvantaged": Q(student__economically_disadvantaged=True),
    "homeless": Q(student__homeless=True),
    "foster_care": Q(student__foster_care=True),
}


def _filtered_needs(school: School, form: RegistryFilterForm) -> QuerySet[Need]:
    needs = Need.objects.filter(school=school, student__anonymized_at__isnull=True).select_related("student")
    if form.is_valid():
        d = form.cleaned_data
        for field in ("category", "status", "urgency"):
            if d.get(field):
                needs = needs.filter(**{field: d[field]})
        if d.get("group"):
            needs = needs.filter(_GROUP_FILTERS[d["group"]])
    return needs.order_by("-created_at", "-id")


@login_required
def needs_registry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school_for(request.user, pk)
    form = RegistryFilterForm(request.GET or None)
    needs = _filtered_needs(school, form)
    page = Paginator(needs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "families/needs_registry.html#results" if request.htmx else "families/needs_registry.html"
    return render(request, template, {"school": school, "form": form, "page": page, "query": query.urlencode()})


@login_required
@require_http_methods(["GET", "POST"])
def needs_bulk(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Needs found in a screening: several rows in a form, or a CSV file. All rows are saved, or none."""
    school = access_school_for(request.user, pk)
    is_upload = request.method == "POST" and "file" in request.FILES
    formset = BulkNeedFormSet(request.POST if request.method == "POST" and not is_upload else None, prefix="rows")
    upload = BulkNeedUploadForm(request.POST if is_upload else None, request.FILES if is_upload else None)
    row_errors: list[dict[str, object]] = []
    if request.method == "POST":
        rows: list[dict[str, str]] = []
        source = NeedSource.SCREENING
        if is_upload and upload.is_valid():
            source = upload.cleaned_data["source"]
            try:
                rows = read_upload(upload.cleaned_data["file"])
            except UnreadableFile:
                upload.add_error("file", _("This file could not be read as CSV."))
        elif not is_upload and formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.has_changed() and f.cleaned_data]
        if rows:
            plan = plan_needs(school, rows, source)
            row_errors = plan.errors()
            if plan.ok:
                created = actions.add_needs_in_bulk(request.user, plan)
                messages.success(request, _("%(count)s needs were added.") % {"count": len(created)})
                return redirect("families:needs_registry", pk=school.pk)
    return render(
        request,
        "families/needs_bulk.html",
        {
            "school": school,
            "formset": formset,
            "upload": upload,
            "row_errors": row_errors,
            "categories": NeedCategory.choices,
            "urgencies": Urgency.choices,
        },
    )


def disclosure_rows(records: QuerySet[DisclosureRecord]) -> tablib.Dataset:
    data = tablib.Dataset(
        headers=[
            "disclosed_at",
            "student_id",
            "student",
            "school",
            "recipient",
            "elements",
            "purpose",
            "purpose_detail",
            "basis",
            "consent_id",
            "channel",
            "disclosed_by",
        ]
    )
    for r in records.select_related("student__school", "recipient", "disclosed_by", "legal_basis").iterator(
        chunk_size=2000
    ):
        data.append(
            [
                timezone.localtime(r.disclosed_at).isoformat(timespec="seconds"),
                r.student.local_id,
                str(r.student),
                r.student.school.name,
                r.recipient.name,
                " ".join(r.elements),
                r.purpose,
                r.purpose_detail,
                "consent" if r.consent_id else (r.legal_basis.kind if r.legal_basis else ""),
                r.consent_id or "",
                r.channel,
                str(r.disclosed_by) if r.disclosed_by else "",
            ]
        )
    return data


@login_required
def disclosure_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_district_for(request.user, slug, "families.export_disclosures")
    data = disclosure_rows(DisclosureRecord.objects.filter(district=district).order_by("disclosed_at", "id"))
    stamp = datetime.now(tz=timezone.get_current_timezone()).strftime("%Y%m%d")
    return csv_response(data, f"disclosures-{district.slug}-{stamp}.csv")


@login_required
@require_http_methods(["GET", "POST"])
def roster(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_district_for(request.user, slug, "families.sync_roster")
    form = RosterSyncForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        sync = actions.start_roster_sync(
            request.user,
            district,
            form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            apply_valid=form.cleaned_data["apply_valid"],
        )
        return redirect("families:roster_sync", pk=sync.pk)
    syncs = RosterSync.objects.filter(district=district).select_related("started_by")[:20]
    return render(request, "families/roster.html", {"district": district, "form": form, "syncs": syncs})


def _sync_stats(sync: RosterSync) -> list[tuple[int, str]]:
    """What a finished sync did, as the progress partial lists it (nothing until it has counts)."""
    counts = sync.counts
    if not counts:
        return []
    return [
        (counts.get("students_created", 0), _("students added")),
        (counts.get("students_updated", 0), _("students updated")),
        (counts.get("students_withdrawn", 0), _("students marked withdrawn")),
        (counts.get("households_created", 0), _("households added")),
        (counts.get("schools_created", 0), _("schools added")),
        (counts.get("schools_updated", 0), _("schools renamed")),
        (counts.get("students_kept_unchanged", 0), _("students kept unchanged because a row about them was rejected")),
        (len(sync.rejections), _("rows rejected")),
    ]


def _file_accounts(report: ImportReport) -> list[dict[str, object]]:
    """Each file's account with its reasons and columns in the reader's language."""
    return [
        {
            "account": f,
            "skipped": [(_(why), count) for why, count in f.skipped.items()],
            "unkept": [(column or _("(cells without a column name)"), count) for column, count in f.unkept.items()],
        }
        for f in report.files
    ]


@login_required
def roster_sync(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sync = access_roster_sync(request.user, pk)
    context = {
        "sync": sync,
        "job": sync,
        "poll_url": reverse("families:roster_sync", kwargs={"pk": sync.pk}),
        "stats": _sync_stats(sync),
    }
    report = sync.get_report()
    context["notes"] = [note.message() for note in report.notes]
    if request.htmx:
        return render(request, "lib/_import_progress.html", context)
    stored = sync.rejections
    names = {
        local_id: f"{given} {family}"
        for local_id, given, family in Student.objects.filter(
            district=sync.district, local_id__in=report.unchanged[:1000]
        ).values_list("local_id", "given_name", "family_name")
    }
    return render(
        request,
        "families/roster_sync.html",
        {
            **context,
            "district": sync.district,
            "rejections": [describe_rejection(r) for r in stored[:1000]],
            "more": max(0, len(stored) - 1000),
            "files": _file_accounts(report),
            "applied": sync.status == SyncStatus.APPLIED,
            "unchanged": [(sid, names.get(sid, "")) for sid in report.unchanged[:1000]],
            "more_unchanged": max(0, len(report.unchanged) - 1000),
        },
    )
