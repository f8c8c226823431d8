"""Matching, referring, the partner inbox and following each referral through."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.directory.models import Service, ServiceStatus
from village.families.access import access_school_for, access_student
from village.families.disclosure import NotCovered, find_basis
from village.families.models import Need
from village.families.vocab import NeedStatus, Purpose
from village.lib.suppression import small_n
from village.referrals import actions, allocations, gaps
from village.referrals.access import access_need_for_match, access_referral, inbox
from village.referrals.facts import facts
from village.referrals.forms import (
    AllocationForm,
    FeedbackForm,
    MatchForm,
    MoveForm,
    NoteForm,
    QuickReferForm,
    ReferForm,
)
from village.referrals.groups import LABELS
from village.referrals.matching import CostLimit, describe_miss, match
from village.referrals.models import OPEN_STATUSES, AllocationRun, NoteVisibility, Referral, Status


@login_required
def match_page(request: HttpRequest, pk: int) -> HttpResponse:
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
        "referrals/match.html",
        {
            "need": need,
            "student": need.student,
            "form": form,
            "result": result,
            "near": near,
            "can_refer": request.user.has_perm("referrals.refer_student", need.student),
        },
    )


def _refer(
    request: HttpRequest, form: ReferForm, student: object, service: Service, need: Need | None
) -> HttpResponse | None:
    try:
        referral = actions.refer(
            request.user,
            student,  # type: ignore[arg-type]
            service,
            elements=form.cleaned_data["elements"],
            need=need,
            submission_key=form.cleaned_data["submission_key"],
        )
    except NotCovered as exc:
        return render(
            request,
            "referrals/consent_needed.html",
            {
                "student": student,
                "service": service,
                "need": need,
                "elements": form.cleaned_data["elements"],
                "message": str(exc),
            },
        )
    except ValidationError as exc:
        for error in exc.messages:
            form.add_error(None, error)
        return None
    messages.success(request, _("The referral was sent. The partner and the family are told."))
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_http_methods(["GET", "POST"])
def refer_page(request: HttpRequest, pk: int, service_pk: int) -> HttpResponse:
    need = access_need_for_match(request.user, pk)
    student = need.student
    if not request.user.has_perm("referrals.refer_student", student):
        raise Http404
    service = get_object_or_404(Service.objects.select_related("organization"), pk=service_pk)
    form = ReferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _refer(request, form, student, service, need)
        if response is not None:
            return response
    basis = find_basis(student, service.organization, [], Purpose.REFERRAL)
    return render(
        request,
        "referrals/refer.html",
        {"need": need, "student": student, "service": service, "form": form, "basis": basis},
    )


@login_required
@require_http_methods(["GET", "POST"])
def quick_refer(request: HttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "referrals.refer_student")
    form = QuickReferForm(request.POST or None, student=student)
    if request.method == "POST" and form.is_valid():
        response = _refer(request, form, student, form.cleaned_data["service"], form.cleaned_data.get("need"))
        if response is not None:
            return response
    return render(request, "referrals/quick_refer.html", {"student": student, "form": form})


@login_required
@require_POST
def request_consent(request: HttpRequest, pk: int, service_pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "referrals.refer_student")
    service = get_object_or_404(Service, pk=service_pk, status=ServiceStatus.ACTIVE)
    elements = [e for e in request.POST.getlist("elements") if e]
    need = Need.objects.filter(pk=request.POST.get("need") or 0, student=student).first()
    actions.request_consent(request.user, student, service, elements=elements, need=need)
    messages.success(
        request, _("The family was asked for consent, in its language. Nothing is shared until they agree.")
    )
    return redirect("referrals:student", pk=student.pk)


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("referrals.view_inbox"):
        raise Http404
    status = request.GET.get("status", "open")
    referrals = inbox(request.user).select_related("service", "organization", "school")
    if status == "open":
        referrals = referrals.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        referrals = referrals.filter(status=status)
    return render(
        request,
        "referrals/inbox.html",
        {
            "referrals": referrals[:200],
            "status": status,
            "statuses": Status.choices,
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access_referral(request.user, pk)
    sides = actions.side_of(request.user, referral)
    shown = True
    if sides == {"partner"}:
        # The partner sees the student's information: each view is a recorded disclosure.
        try:
            actions.record_partner_view(request.user, referral)
        except NotCovered:
            shown = False
    notes = referral.notes.select_related("author")
    if "school" not in sides:
        notes = notes.filter(visibility=NoteVisibility.SHARED)
    is_family = request.user.has_perm("referrals.give_feedback", referral) and not sides
    show_facts = shown and (bool(sides) or is_family)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "student": referral.student,
            "sides": sides,
            "shown": shown,
            "facts": facts(referral) if show_facts else [],
            "next_steps": [(s, Status(s).label) for s in actions.allowed_next(request.user, referral)],
            "events": referral.events.select_related("actor"),
            "notes": notes if sides else [],
            "note_form": _note_form(sides),
            "move_form": MoveForm(),
            "is_family": is_family,
            "feedback_form": FeedbackForm() if is_family and not referral.is_open else None,
            "stalled": referral.status == Status.SENT
            and referral.created_at < timezone.now() - datetime.timedelta(days=settings.VILLAGE_STALLED_REFERRAL_DAYS),
        },
    )


def _note_form(sides: set[str]) -> NoteForm | None:
    """School staff choose who reads a note; a partner's note is always read by the school."""
    if not sides:
        return None
    if "school" in sides:
        return NoteForm(initial={"visibility": NoteVisibility.SCHOOL})
    form = NoteForm(initial={"visibility": NoteVisibility.SHARED})
    form.fields["visibility"].widget = forms.HiddenInput()
    return form


@login_required
@require_POST
def move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    referral = access_referral(request.user, pk)
    if to not in Status.values:
        raise Http404
    form = MoveForm(request.POST)
    form.is_valid()
    try:
        moved = actions.move(
            request.user,
            referral,
            to,
            form.cleaned_data.get("reason", ""),
            expected=request.POST.get("expected") or None,
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        if moved.status != to:
            messages.warning(request, _("The service is full, so the referral went onto its waiting list."))
        else:
            messages.success(request, _("The referral is now “%(status)s”.") % {"status": moved.get_status_display()})
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access_referral(request.user, pk)
    if not actions.side_of(request.user, referral):
        raise Http404
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.add_note(request.user, referral, form.cleaned_data["text"], form.cleaned_data["visibility"])
        except NotCovered:
            messages.error(request, _("The family's consent no longer covers sharing with this partner."))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The note was added."))
    else:
        messages.error(request, _("Write the note first."))
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access_referral(request.user, pk, "referrals.give_feedback")
    form = FeedbackForm(request.POST)
    if form.is_valid():
        actions.family_feedback(request.user, referral, form.cleaned_data["got_help"], form.cleaned_data["comment"])
        messages.success(request, _("Thank you. The school will read what you said."))
    else:
        messages.error(request, _("Say whether your child got the help."))
    return redirect("referrals:detail", pk=referral.pk)


@login_required
def student_referrals(request: HttpRequest, pk: int) -> HttpResponse:
    student = access_student(request.user, pk, "families.view_plan")
    referrals = Referral.objects.filter(student=student).select_related("service", "organization")
    return render(
        request,
        "referrals/student_referrals.html",
        {
            "student": student,
            "referrals": referrals,
            "needs": student.needs.exclude(status__in=["met", "closed_unmet"]),
            "can_refer": request.user.has_perm("referrals.refer_student", student),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocation_new(request: HttpRequest, pk: int) -> HttpResponse:
    school = access_school_for(request.user, pk, "referrals.view_school_referrals")
    form = AllocationForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        needs = list(
            Need.objects.filter(school=school, status=NeedStatus.OPEN, category__in=form.cleaned_data["categories"])
        )
        try:
            run = allocations.start_run(request.user, school, list(form.cleaned_data["services"]), needs)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("referrals:allocation", pk=run.pk)
    runs = AllocationRun.objects.filter(school=school).select_related("created_by")[:10]
    return render(request, "referrals/allocation_new.html", {"school": school, "form": form, "runs": runs})


@login_required
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(AllocationRun.objects.select_related("school__district"), pk=pk)
    if not request.user.has_perm("referrals.view_school_referrals", run.school):
        raise Http404
    placed, unplaced = allocations.rows_for_display(run)
    template = "referrals/allocation.html#progress" if request.htmx else "referrals/allocation.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "run": run,
            "placed": placed,
            "unplaced": unplaced,
            "fairness": _fairness_rows(run),
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
def allocation_approve(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(AllocationRun.objects.select_related("school"), pk=pk)
    if not request.user.has_perm("referrals.view_school_referrals", run.school):
        raise Http404
    keep = {int(v) for v in request.POST.getlist("keep") if v.isdigit()}
    try:
        counts = allocations.approve(request.user, run, keep)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("Approved: %(referred)s referrals sent, %(asked)s families asked for consent first.")
            % {"referred": counts["referred"], "asked": counts["consent_requested"]},
        )
    return redirect("referrals:allocation", pk=run.pk)


def _gap_schools(request: HttpRequest) -> list[Any]:
    from village.directory.access import coverage_schools

    schools = list(coverage_schools(request.user))
    if not schools:
        raise Http404
    return schools


@login_required
def gap_page(request: HttpRequest) -> HttpResponse:
    schools = _gap_schools(request)
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
        "referrals/gaps.html",
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
def gap_csv(request: HttpRequest) -> HttpResponse:
    import tablib

    found = gaps.gap_map(_gap_schools(request))
    data = tablib.Dataset(headers=[_("School"), _("Kind of help"), _("Family language"), _("Barrier"), _("Needs")])
    for key, count in found.rows:
        data.append([key.school, key.category, key.language, key.barrier, count])
    response = HttpResponse(data.export("csv"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gaps.csv"'
    return response


@login_required
def school_referrals(request: HttpRequest, pk: int) -> HttpResponse:
    school = access_school_for(request.user, pk, "referrals.view_school_referrals")
    referrals = Referral.objects.filter(school=school).select_related("service", "organization", "student")
    return render(
        request,
        "referrals/school_referrals.html",
        {"school": school, "referrals": referrals[:300]},
    )
