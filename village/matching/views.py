"""Pages of the matching app: services that fit a need, fair shares of scarce seats, the gap map."""

from __future__ import annotations

import tablib
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.families.groups import LABELS
from village.families.models import Need
from village.families.vocab import NeedStatus
from village.lib.spreadsheet import csv_response
from village.lib.suppression import small_n
from village.matching import actions, gaps, runs
from village.matching.access import (
    access_allocation_school,
    access_need_for_match,
    access_run,
    gap_schools,
    recent_runs,
)
from village.matching.forms import AllocationForm, MatchForm
from village.matching.models import AllocationRun, AllocationStatus
from village.matching.programs import programs_for
from village.matching.ranking import CostLimit, describe_miss, match


@login_required
def match_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    need = access_need_for_match(request.user, pk)
    form = MatchForm(request.GET or None)
    cost = CostLimit.ANY
    if form.is_valid():
        cost = form.cleaned_data.get("cost") or CostLimit.ANY
    result = match(need, cost=cost)
    first_fit = result.fits[0].distance_km if result.fits else None
    near = [
        (c, describe_miss(c, closest=i == 0 and (first_fit is None or c.distance_km < first_fit)))
        for i, c in enumerate(result.near_misses)
    ]
    return render(
        request,
        "matching/match.html",
        {
            "need": need,
            "student": need.student,
            "form": form,
            "result": result,
            "near": near,
            "can_refer": request.user.has_perm("referrals.refer_student", need.student),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocation_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Choose programs and kinds of need, then run. The one form's other buttons search the
    programs and widen or narrow the list, keeping what is ticked (no JavaScript needed)."""
    school = access_allocation_school(request.user, pk)
    data = request.POST if request.method == "POST" else request.GET
    wider = ("widen" in data or data.get("reach") == "region") and "narrow" not in data
    chosen = [int(v) for v in data.getlist("services") if v.isdigit()]
    if request.method == "POST" and not any(button in request.POST for button in ("search", "widen", "narrow")):
        form = AllocationForm(request.POST, school=school)
        if form.is_valid():
            needs = list(
                Need.objects.filter(school=school, status=NeedStatus.OPEN, category__in=form.cleaned_data["categories"])
            )
            try:
                run = actions.start_run(request.user, school, list(form.cleaned_data["services"]), needs)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect("matching:allocation", pk=run.pk)
    else:
        form = AllocationForm(
            initial={"q": data.get("q", ""), "services": chosen, "categories": data.getlist("categories")},
            school=school,
        )
    return render(
        request,
        "matching/allocation_new.html",
        {
            "school": school,
            "form": form,
            "programs": programs_for(
                school, text=data.get("q", ""), kinds=data.getlist("categories"), wider=wider, chosen=chosen
            ),
            "chosen": set(chosen),
            "chosen_categories": set(data.getlist("categories")),
            "runs": recent_runs(school),
        },
    )


@login_required
def allocation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The run's progress while it runs (htmx polls the `progress` partial every two seconds and
    stops once it is done; without JavaScript a link reloads), then its result to review."""
    run = access_run(request.user, pk)
    placed, unplaced = runs.rows_for_display(run)
    template = "matching/allocation.html#progress" if request.htmx else "matching/allocation.html"
    running = run.status in (AllocationStatus.QUEUED, AllocationStatus.RUNNING)
    return render(
        request,
        template,
        {
            "run": run,
            "running": running,
            # The status the page last showed: a poll announces a change of status, not each count.
            "announce": bool(request.htmx) and request.GET.get("seen") != run.status,
            "placed": placed,
            "unplaced": unplaced,
            "fairness": _fairness_rows(run),
            # A run that measured travel in time (bus minutes) shows minutes, not kilometres.
            "in_minutes": any("mean_minutes" in row for row in run.fairness.get("ours", [])),
            "reasons": {
                "no_eligible_program": _("No chosen program fits this student"),
                "programs_full": _("Every program that fits was full with higher-need or nearer students"),
                "not_assigned": _("Not placed"),
            },
        },
    )


def _fairness_rows(run: AllocationRun) -> list[dict[str, object]]:
    baseline = {row["group"]: row for row in run.fairness.get("first_come", [])}
    rows = []
    for row in run.fairness.get("ours", []):
        small = 0 < row["applicants"] < small_n()
        rows.append(
            {
                "label": LABELS.get(row["group"], row["group"]),
                "ours": row,
                "base": baseline.get(row["group"], {}),
                "small": small,
            }
        )
    return rows


@login_required
@require_POST
def allocation_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = access_run(request.user, pk)
    keep = {int(v) for v in request.POST.getlist("keep") if v.isdigit()}
    try:
        counts = actions.approve(request.user, run, keep)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("Approved: %(referred)s referrals sent, %(asked)s families asked for consent first.")
            % {"referred": counts["referred"], "asked": counts["consent_requested"]},
        )
    return redirect("matching:allocation", pk=run.pk)


@login_required
def gap_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    schools = gap_schools(request.user)
    found = gaps.gap_map(schools)
    school_rows, group_rows = gaps.outcomes(schools)
    markers = [
        {
            "lat": float(s.latitude),
            "lon": float(s.longitude),
            "name": _("%(school)s: %(gaps)s needs with no service that fits")
            % {"school": s.name, "gaps": found.by_school.get(s.pk, 0)},
            "level": "gap" if found.by_school.get(s.pk) else "covered",
        }
        for s in schools
        if s.latitude is not None and s.longitude is not None
    ]
    return render(
        request,
        "matching/gaps.html",
        {
            "found": found,
            "school_rows": school_rows,
            "group_rows": group_rows,
            "markers": markers,
            "tile_url": settings.VILLAGE_MAP_TILE_URL,
            "small_n": small_n(),
        },
    )


@login_required
def gap_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = gaps.gap_map(gap_schools(request.user))
    headers = [_("School"), _("Kind of help"), _("Family language"), _("Barrier"), _("Transport gap"), _("Needs")]
    data = tablib.Dataset(headers=headers)
    for key, count in found.rows:
        data.append([key.school, key.category, key.language, key.barrier, _("yes") if key.transport else "", count])
    return csv_response(data, "gaps.csv")
